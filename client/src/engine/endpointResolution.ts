// Which Docker endpoint to talk to, decided exactly like the docker CLI (v27.5.1):
//   explicit setting (≙ --context / --host) → DOCKER_HOST → DOCKER_CONTEXT → currentContext in config.json → "default".
// The default context is built from DOCKER_HOST + DOCKER_TLS / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH
// (cli/command/cli.go resolveContextName/resolveDefaultDockerEndpoint, cli/flags/options.go);
// named contexts come from the context store (cli/context/docker/load.go).
// Pure apart from reading files: env, home directory and platform are parameters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerConfigDir, listContexts, readContext, readCurrentContext, type StoredContext } from './contextStore';
import { normalizeDockerHost, parseDockerAddress, type DockerAddress } from './dockerHost';
import { EngineError } from './engineErrors';

export const DEFAULT_CONTEXT_NAME = 'default';

/** A connection configured in the extension's (machine/user scope) settings. */
export interface ConnectionSetting {
  /** Name in the picker; defaults to the host or context. */
  name?: string;
  /** Like `docker --host`: unix://, tcp://, ssh://, npipe://, or host:port. */
  host?: string;
  /** Like `docker --context`. */
  context?: string;
  /** Like `--tls`; default: DOCKER_TLS is non-empty. Only with `host`. */
  tls?: boolean;
  /** Like `--tlsverify`; default: DOCKER_TLS_VERIFY is non-empty. Only with `host`. */
  tlsVerify?: boolean;
  /** Directory with ca.pem, cert.pem, key.pem; default: DOCKER_CERT_PATH, else the docker config dir. Only with `host`. */
  certPath?: string;
  /** Extra arguments for `ssh` on ssh:// hosts, e.g. ["-F", "/path/to/ssh_config"]. */
  sshArgs?: string[];
}

export interface ResolveInput {
  /** The explicit choice; wins over everything else as --context/--host do. */
  setting?: ConnectionSetting;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  platform?: NodeJS.Platform;
}

/** Why this endpoint was chosen. */
export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config-file' | 'default' | 'context-store';

export interface TlsConfig {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** SkipTLSVerify in a context, or TLS without verification (DOCKER_TLS without DOCKER_TLS_VERIFY). */
  skipVerify: boolean;
  /** Where the material came from, for messages. */
  source: string;
}

export interface ResolvedEndpoint {
  /** Stable key: `setting:<name>` or `context:<name>`. */
  id: string;
  /** Short name for the status bar and picker. */
  label: string;
  /** Host and why it was picked, for the picker's detail line. */
  description: string;
  source: EndpointSource;
  /** e.g. `DOCKER_CONTEXT=prod`, `currentContext in /home/u/.docker/config.json`. */
  sourceDetail: string;
  /** The docker context this is (`default` for DOCKER_HOST / setting hosts). */
  contextName: string;
  /** Normalised host URL, e.g. unix:///var/run/docker.sock, tcp://10.0.0.5:2376, ssh://me@box. */
  host: string;
  address: DockerAddress;
  /** Present when the connection uses TLS (tcp only). */
  tls?: TlsConfig;
  sshArgs: string[];
  warnings: string[];
}

/** Resolves the endpoint the docker CLI would use. Throws EngineError('endpoint-invalid'). */
export function resolveEndpoint(input: ResolveInput): ResolvedEndpoint {
  const platform = input.platform ?? process.platform;
  const configDir = dockerConfigDir(input.env, input.homedir);
  const s = input.setting;
  if (s && (s.host || s.context)) {
    if (s.host && s.context) {
      const msg = 'conflicting options: either specify --host or --context, not both';
      throw new EngineError({ kind: 'endpoint-invalid', message: `The connection "${settingName(s)}" sets both a host and a context; keep one.`, detail: msg });
    }
    const meta = { id: `setting:${settingName(s)}`, label: settingName(s), source: 'setting' as const, sourceDetail: 'setting' };
    if (s.context) return named(s.context, meta, input, configDir, platform, s.sshArgs);
    return fromHost(s.host as string, tlsOptions(s, input.env, configDir), meta, platform, s.sshArgs);
  }
  const env = input.env;
  if (env.DOCKER_HOST) {
    const meta = {
      id: `context:${DEFAULT_CONTEXT_NAME}`,
      label: DEFAULT_CONTEXT_NAME,
      source: 'DOCKER_HOST' as const,
      sourceDetail: `DOCKER_HOST=${env.DOCKER_HOST}`,
    };
    return fromHost(env.DOCKER_HOST, tlsOptions(undefined, env, configDir), meta, platform);
  }
  if (env.DOCKER_CONTEXT) {
    const meta = {
      id: `context:${env.DOCKER_CONTEXT}`,
      label: env.DOCKER_CONTEXT,
      source: 'DOCKER_CONTEXT' as const,
      sourceDetail: `DOCKER_CONTEXT=${env.DOCKER_CONTEXT}`,
    };
    return named(env.DOCKER_CONTEXT, meta, input, configDir, platform);
  }
  const current = readCurrentContext(configDir);
  if (current.name) {
    const meta = {
      id: `context:${current.name}`,
      label: current.name,
      source: 'config-file' as const,
      sourceDetail: `currentContext in ${join(configDir, 'config.json')}`,
    };
    const ep = named(current.name, meta, input, configDir, platform);
    return withWarning(ep, current.warning);
  }
  const meta = { id: `context:${DEFAULT_CONTEXT_NAME}`, label: DEFAULT_CONTEXT_NAME, source: 'default' as const, sourceDetail: 'default' };
  return withWarning(fromHost('', tlsOptions(undefined, env, configDir), meta, platform), current.warning);
}

export interface ConnectionEntry {
  id: string;
  label: string;
  description: string;
  source: EndpointSource;
  /** Set when the entry resolved. */
  endpoint?: ResolvedEndpoint;
  /** Set when it did not (missing context, unreadable TLS files …); the picker can still show it. */
  error?: EngineError;
}

export interface ConnectionList {
  entries: ConnectionEntry[];
  /** The entry in use: `activeId` of the input when it names an entry, else the docker CLI's choice. */
  activeId: string;
  warnings: string[];
}

/**
 * Everything the picker can offer: the configured connections, the default context (DOCKER_HOST or the local
 * socket) and every context in the store. Never throws; failures are attached to their entry.
 */
export function listConnections(input: {
  settings?: readonly ConnectionSetting[];
  activeId?: string;
  env: ResolveInput['env'];
  homedir: string;
  platform?: NodeJS.Platform;
}): ConnectionList {
  const platform = input.platform ?? process.platform;
  const configDir = dockerConfigDir(input.env, input.homedir);
  const entries: ConnectionEntry[] = [];
  const warnings: string[] = [];
  const add = (id: string, label: string, source: EndpointSource, make: () => ResolvedEndpoint) => {
    if (entries.some((e) => e.id === id)) return;
    try {
      const endpoint = make();
      entries.push({ id: endpoint.id, label: endpoint.label, description: endpoint.description, source: endpoint.source, endpoint });
    } catch (err) {
      const error =
        err instanceof EngineError
          ? err
          : new EngineError({
              kind: 'endpoint-invalid',
              message: 'Cannot resolve this connection.',
              detail: String((err as Error)?.message ?? err),
              cause: err,
            });
      entries.push({ id, label, description: error.message, source, error });
    }
  };
  for (const s of input.settings ?? []) {
    add(`setting:${settingName(s)}`, settingName(s), 'setting', () => resolveEndpoint({ setting: s, env: input.env, homedir: input.homedir, platform }));
  }
  const defMeta = input.env.DOCKER_HOST
    ? { source: 'DOCKER_HOST' as const, sourceDetail: `DOCKER_HOST=${input.env.DOCKER_HOST}` }
    : { source: 'default' as const, sourceDetail: 'default' };
  add(`context:${DEFAULT_CONTEXT_NAME}`, DEFAULT_CONTEXT_NAME, defMeta.source, () =>
    fromHost(
      input.env.DOCKER_HOST ?? '',
      tlsOptions(undefined, input.env, configDir),
      { id: `context:${DEFAULT_CONTEXT_NAME}`, label: DEFAULT_CONTEXT_NAME, ...defMeta },
      platform,
    ),
  );
  const store = listContexts(configDir);
  for (const err of store.errors) warnings.push(err.message);
  for (const ctx of store.contexts) {
    if (ctx.name === DEFAULT_CONTEXT_NAME) continue;
    add(`context:${ctx.name}`, ctx.name, 'context-store', () =>
      fromContext(ctx, { id: `context:${ctx.name}`, label: ctx.name, source: 'context-store', sourceDetail: `context store ${ctx.metaPath}` }, platform),
    );
  }
  let activeId = input.activeId && entries.some((e) => e.id === input.activeId) ? input.activeId : undefined;
  if (!activeId) {
    try {
      activeId = resolveEndpoint({ env: input.env, homedir: input.homedir, platform }).id;
    } catch (err) {
      const name = input.env.DOCKER_CONTEXT || readCurrentContext(configDir).name || DEFAULT_CONTEXT_NAME;
      activeId = `context:${name}`;
      if (!entries.some((e) => e.id === activeId))
        add(activeId, name, input.env.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : 'config-file', () => {
          throw err;
        });
    }
  }
  const cfgWarning = readCurrentContext(configDir).warning;
  if (cfgWarning) warnings.push(cfgWarning);
  return { entries, activeId, warnings };
}

type EndpointMeta = Pick<ResolvedEndpoint, 'id' | 'label' | 'source' | 'sourceDetail'>;

interface TlsOptions {
  enabled: boolean;
  verify: boolean;
  certPath: string;
}

/** --tls / --tlsverify / cert dir as the CLI flags default them from the environment. */
function tlsOptions(s: ConnectionSetting | undefined, env: ResolveInput['env'], configDir: string): TlsOptions {
  const verify = s?.tlsVerify ?? !!env.DOCKER_TLS_VERIFY;
  const enabled = verify || (s?.tls ?? !!env.DOCKER_TLS);
  return { enabled, verify, certPath: s?.certPath || env.DOCKER_CERT_PATH || configDir };
}

function named(name: string, meta: EndpointMeta, input: ResolveInput, configDir: string, platform: NodeJS.Platform, sshArgs?: string[]): ResolvedEndpoint {
  if (name === DEFAULT_CONTEXT_NAME) {
    return fromHost(
      input.env.DOCKER_HOST ?? '',
      tlsOptions(undefined, input.env, configDir),
      { ...meta, id: `context:${DEFAULT_CONTEXT_NAME}` },
      platform,
      sshArgs,
    );
  }
  return fromContext(readContext(configDir, name), meta, platform, sshArgs);
}

/** The default context: a host string plus TLS material from files (resolveDefaultDockerEndpoint). */
function fromHost(hostValue: string, tls: TlsOptions, meta: EndpointMeta, platform: NodeJS.Platform, sshArgs?: string[]): ResolvedEndpoint {
  const host = normalizeDockerHost(hostValue, tls.enabled, platform);
  let tlsConfig: TlsConfig | undefined;
  if (tls.enabled) {
    const dir = tls.certPath;
    const read = (f: string, required: boolean): Buffer | undefined => {
      const p = join(dir, f);
      try {
        return readFileSync(p);
      } catch (err) {
        if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new EngineError({
          kind: 'endpoint-invalid',
          message: `TLS is on (DOCKER_TLS_VERIFY/DOCKER_TLS or the setting) but ${p} cannot be read.`,
          detail: (err as Error).message,
          endpoint: host,
          cause: err,
        });
      }
    };
    tlsConfig = { ca: read('ca.pem', true), cert: read('cert.pem', false), key: read('key.pem', false), skipVerify: !tls.verify, source: dir };
  }
  return build(host, meta, DEFAULT_CONTEXT_NAME, tlsConfig, platform, sshArgs, []);
}

function fromContext(ctx: StoredContext, meta: EndpointMeta, platform: NodeJS.Platform, sshArgs?: string[]): ResolvedEndpoint {
  const host = normalizeDockerHost(ctx.host ?? '', false, platform);
  let tlsConfig: TlsConfig | undefined;
  if (ctx.tls || ctx.skipTLSVerify) {
    tlsConfig = { skipVerify: ctx.skipTLSVerify, source: ctx.tls ? `context "${ctx.name}" (${ctx.tls.dir})` : `context "${ctx.name}"` };
    if (ctx.tls?.ca) tlsConfig.ca = ctx.tls.ca;
    if (ctx.tls?.cert && ctx.tls.key) {
      tlsConfig.cert = ctx.tls.cert;
      tlsConfig.key = ctx.tls.key;
    }
  }
  const ep = build(host, meta, ctx.name, tlsConfig, platform, sshArgs, ctx.warnings);
  if (ctx.description) ep.description = `${ctx.description} · ${ep.description}`;
  return ep;
}

function build(
  host: string,
  meta: EndpointMeta,
  contextName: string,
  tls: TlsConfig | undefined,
  platform: NodeJS.Platform,
  sshArgs: string[] | undefined,
  warnings: string[],
): ResolvedEndpoint {
  const address = parseDockerAddress(host);
  if (address.kind === 'npipe' && platform !== 'win32') {
    throw new EngineError({
      kind: 'endpoint-invalid',
      message: `${host} is a Windows named pipe; it cannot be used on ${platform}.`,
      detail: `npipe protocol not supported on ${platform}`,
      endpoint: host,
    });
  }
  if (tls?.key) checkKey(tls.key, host);
  const ep: ResolvedEndpoint = {
    ...meta,
    description: `${host} · ${describeSource(meta)}`,
    contextName,
    host,
    address,
    sshArgs: [...(sshArgs ?? [])],
    warnings: [...warnings],
  };
  if (tls && address.kind === 'tcp') ep.tls = tls;
  return ep;
}

function checkKey(key: Buffer, host: string): void {
  const text = key.toString('utf8');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new EngineError({
      kind: 'endpoint-invalid',
      message: `The TLS key for ${host} is not a PEM private key.`,
      detail: 'no valid private key found',
      endpoint: host,
    });
  }
  if (/Proc-Type:\s*4,ENCRYPTED/.test(text) || text.includes('BEGIN ENCRYPTED PRIVATE KEY')) {
    const msg = 'private key is encrypted - support for encrypted private keys has been removed, see https://docs.docker.com/go/deprecated/';
    throw new EngineError({
      kind: 'endpoint-invalid',
      message: `The TLS key for ${host} is encrypted; docker does not support encrypted keys.`,
      detail: msg,
      endpoint: host,
    });
  }
}

function describeSource(meta: EndpointMeta): string {
  switch (meta.source) {
    case 'setting':
      return 'from settings';
    case 'DOCKER_HOST':
      return 'from DOCKER_HOST';
    case 'DOCKER_CONTEXT':
      return 'from DOCKER_CONTEXT';
    case 'config-file':
      return 'current docker context';
    case 'context-store':
      return 'docker context';
    default:
      return 'docker default';
  }
}

function settingName(s: ConnectionSetting): string {
  return s.name || s.context || s.host || 'unnamed';
}

function withWarning(ep: ResolvedEndpoint, warning: string | undefined): ResolvedEndpoint {
  if (warning) ep.warnings.push(warning);
  return ep;
}
