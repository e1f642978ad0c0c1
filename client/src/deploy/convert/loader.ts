// docker/cli's compose loader (v27.5.1 cli/compose/loader/loader.go, volume.go; pkg/kvfile; opts/parse.go):
// YAML with Go's integer rules → `${VAR}` interpolation (the validator's implementation) → the typed config, with
// every transform the loader applies (short syntaxes, durations, sizes, env files, relative paths, external names).
// The input is assumed to have passed `validateText` (the deploy refuses files with errors), so shapes follow
// docker's schema; anything else still raises a LoadError rather than producing a wrong spec.
import { isAbsolute, resolve } from 'node:path';
import { parseDocument, type Tags } from 'yaml';
import {
  interpolateConfig,
  isPlainObject,
  parseGoDuration,
  parseShortPort,
  parseVolumeSpec,
  parseYaml,
  ramInBytes,
  YAML_PARSE_OPTIONS,
} from '../../../../server/src/core/stackModel';
import type {
  ComposeConfig,
  DeployConfig,
  External,
  FileObjectConfig,
  FileReferenceConfig,
  HealthCheckConfig,
  NetworkConfig,
  ServiceConfig,
  ServicePortConfig,
  ServiceVolumeConfig,
  UlimitsConfig,
  UpdateConfig,
  VolumeConfig,
} from './composeTypes';
import { shlexSplit } from './shlex';

export class LoadError extends Error {
  override readonly name = 'LoadError';
}

export interface ComposeFile {
  /** Absolute path (relative `file:`, `env_file:` and bind sources resolve against the first file's directory). */
  path: string;
  text: string;
}

export interface LoadOptions {
  /** Interpolation and `env_file` lookups, like the docker CLI's process environment. */
  env: Record<string, string | undefined>;
  /** Defaults to the directory of the first file (GetConfigDetails). */
  workingDir?: string;
  /** Reads `env_file:` entries (tests and rollbacks can supply a virtual file system). */
  readFile: (path: string) => Buffer;
}

/**
 * YAML integers as Go reads them (yaml.v2 in 27.5.1, yaml.v3 in 28.x both use strconv.ParseInt with base 0):
 * `0400` is octal 256, which matters for secret and config `mode:`.
 */
const GO_OCTAL_INT = {
  identify: (v: unknown) => typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^[-+]?0[0-7]+$/,
  resolve: (s: string) => parseInt(s, 8),
};

/** ParseYAML: the first document's value, with Go integer semantics. */
export function parseComposeYaml(text: string, path: string): Record<string, unknown> {
  const doc = parseDocument(text, { ...YAML_PARSE_OPTIONS, customTags: (tags: Tags) => [GO_OCTAL_INT as Tags[number], ...tags] });
  if (doc.errors.length) throw new LoadError(`${path}: ${doc.errors[0].message}`);
  const value = doc.toJS({ maxAliasCount: 10_000 }) as unknown;
  if (!isMap(value)) throw new LoadError(`${path}: top-level object must be a mapping`);
  return value;
}

/** Loads one file: parse, interpolate (stack rules, no .env), transform. */
export function loadComposeFile(file: ComposeFile, opts: LoadOptions & { workingDir: string }): ComposeConfig {
  const raw = parseComposeYaml(file.text, file.path);
  const model = parseYaml(file.text);
  const dict = interpolateConfig({
    model,
    raw,
    env: opts.env,
    mode: 'stack',
    report: () => undefined,
    valueRange: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
  });
  const forbidden = Object.values(asMap(dict.services) ?? {}).flatMap((s) => Object.keys(asMap(s) ?? {}).filter((k) => FORBIDDEN.has(k)));
  if (forbidden.length) throw new LoadError(`${file.path}: Compose file contains unsupported options: ${[...new Set(forbidden)].sort().join(', ')}`);
  const ctx: Ctx = { ...opts, file: file.path };
  return {
    version: typeof dict.version === 'string' ? dict.version : dict.version === undefined ? '' : String(dict.version),
    services: Object.entries(asMap(dict.services) ?? {}).map(([name, def]) => loadService(name, asMap(def) ?? {}, ctx)),
    networks: mapValues(asMap(dict.networks), (name, v) => loadNetwork(name, asMap(v) ?? {}, ctx)),
    volumes: mapValues(asMap(dict.volumes), (name, v) => loadVolume(name, asMap(v) ?? {}, ctx)),
    secrets: mapValues(asMap(dict.secrets), (name, v) => loadFileObject(name, 'secret', asMap(v) ?? {}, ctx)),
    configs: mapValues(asMap(dict.configs), (name, v) => loadFileObject(name, 'config', asMap(v) ?? {}, ctx)),
  };
}

const FORBIDDEN = new Set(['extends', 'volume_driver', 'volumes_from', 'cpu_quota', 'cpu_shares', 'cpuset', 'mem_limit', 'memswap_limit']);

interface Ctx extends LoadOptions {
  workingDir: string;
  file: string;
}

type Dict = Record<string, unknown>;

const isMap = (v: unknown): v is Dict => isPlainObject(v);
const asMap = (v: unknown): Dict | undefined => (isMap(v) ? v : undefined);

function mapValues<T>(m: Dict | undefined, fn: (k: string, v: unknown) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k] = fn(k, v);
  return out;
}

/** fmt.Sprint of a YAML scalar. */
export function goSprint(v: unknown): string {
  if (typeof v === 'number' && !Number.isInteger(v)) {
    // %v of a float64 is strconv 'g' with the shortest representation: 1e+21, 1.5, 1e-07.
    const s = String(v);
    return s.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(v);
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : goSprint(v));
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined;

function duration(v: unknown, where: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new LoadError(`${where}: invalid type ${typeof v} for duration`);
  const ns = parseGoDuration(v);
  if (ns === undefined) throw new LoadError(`${where}: time: invalid duration "${v}"`);
  return ns;
}

function size(v: unknown, where: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  const r = ramInBytes(String(v));
  if ('error' in r) throw new LoadError(`${where}: ${r.error}`);
  return r.bytes;
}

/** StringList: a string or a list of strings. */
function stringList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v.map((x) => goSprint(x)) : [goSprint(v)];
}

function shellCommand(v: unknown, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return (v as unknown[]).map((x) => goSprint(x));
  try {
    return shlexSplit(v);
  } catch (err) {
    throw new LoadError(`${where}: ${(err as Error).message}`);
  }
}

/** transformMappingOrList: `k=v` lists or maps; `allowNil` keeps value-less keys as null (MappingWithEquals). */
function mappingOrList(v: unknown, sep: string, allowNil: boolean): Record<string, string | null> | undefined {
  if (v === undefined || v === null) return undefined;
  const out: Record<string, string | null> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = goSprint(item);
      const at = s.indexOf(sep);
      if (at >= 0) out[s.slice(0, at)] = s.slice(at + sep.length);
      else out[s] = allowNil ? null : '';
    }
    return out;
  }
  for (const [k, val] of Object.entries(v as Dict)) out[k] = val === null || val === undefined ? (allowNil ? null : '') : goSprint(val);
  return out;
}

const labels = (v: unknown) => mappingOrList(v, '=', false) as Record<string, string> | undefined;
const stringMap = (v: unknown) => mappingOrList(isMap(v) ? v : undefined, '=', false) as Record<string, string> | undefined;

function external(v: unknown): External | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return { external: v };
  return { external: true, name: str(asMap(v)?.name) };
}

function loadService(name: string, d: Dict, ctx: Ctx): ServiceConfig {
  const at = `service ${name}`;
  const svc: ServiceConfig = {
    name,
    capAdd: stringList(d.cap_add),
    capDrop: stringList(d.cap_drop),
    command: shellCommand(d.command, `${at} command`),
    configs: fileReferences(d.configs),
    credentialSpec: isMap(d.credential_spec)
      ? { config: str(d.credential_spec.config), file: str(d.credential_spec.file), registry: str(d.credential_spec.registry) }
      : undefined,
    deploy: loadDeploy(asMap(d.deploy) ?? {}, at),
    dns: stringList(d.dns),
    dnsSearch: stringList(d.dns_search),
    entrypoint: shellCommand(d.entrypoint, `${at} entrypoint`),
    environment: resolveEnvironment(d, ctx, at),
    extraHosts: hostsList(d.extra_hosts),
    hostname: str(d.hostname),
    healthcheck: isMap(d.healthcheck) ? loadHealthcheck(d.healthcheck, at) : undefined,
    image: str(d.image),
    init: bool(d.init),
    isolation: str(d.isolation),
    labels: labels(d.labels),
    logging: isMap(d.logging) ? { driver: str(d.logging.driver), options: stringMap(d.logging.options) } : undefined,
    networks: serviceNetworks(d.networks),
    ports: servicePorts(d.ports, at),
    readOnly: bool(d.read_only),
    restart: str(d.restart),
    secrets: fileReferences(d.secrets),
    stdinOpen: bool(d.stdin_open),
    stopGracePeriod: duration(d.stop_grace_period, `${at} stop_grace_period`),
    stopSignal: str(d.stop_signal),
    sysctls: mappingOrList(d.sysctls, '=', false) as Record<string, string> | undefined,
    tty: bool(d.tty),
    ulimits: ulimits(d.ulimits, at),
    user: str(d.user),
    // types.ServiceConfig.OomScoreAdj has no `mapstructure:"oom_score_adj"` tag, so docker's decoder never fills it:
    // stack deploy silently drops `oom_score_adj` (docker/cli 27.5.1 and 28.x alike), and so does this loader.
    volumes: serviceVolumes(d.volumes, ctx, at),
    workingDir: str(d.working_dir),
  };
  return svc;
}

function loadDeploy(d: Dict, at: string): DeployConfig {
  const res = asMap(d.resources) ?? {};
  const lim = asMap(res.limits);
  const resv = asMap(res.reservations);
  const placement = asMap(d.placement) ?? {};
  const rp = asMap(d.restart_policy);
  return {
    mode: str(d.mode),
    replicas: num(d.replicas),
    labels: labels(d.labels),
    updateConfig: updateConfig(d.update_config, `${at} update_config`),
    rollbackConfig: updateConfig(d.rollback_config, `${at} rollback_config`),
    resources: {
      limits: lim ? { cpus: str(lim.cpus), memory: size(lim.memory, `${at} limits.memory`), pids: num(lim.pids) } : undefined,
      reservations: resv
        ? {
            cpus: str(resv.cpus),
            memory: size(resv.memory, `${at} reservations.memory`),
            genericResources: Array.isArray(resv.generic_resources)
              ? resv.generic_resources.map((g) => {
                  const spec = asMap(asMap(g)?.discrete_resource_spec);
                  return spec ? { discreteResourceSpec: { kind: str(spec.kind) ?? '', value: num(spec.value) ?? 0 } } : {};
                })
              : undefined,
          }
        : undefined,
    },
    restartPolicy: rp
      ? {
          condition: str(rp.condition),
          delay: duration(rp.delay, `${at} restart_policy.delay`),
          maxAttempts: num(rp.max_attempts),
          window: duration(rp.window, `${at} restart_policy.window`),
        }
      : undefined,
    placement: {
      constraints: stringList(placement.constraints),
      preferences: Array.isArray(placement.preferences) ? placement.preferences.map((p) => ({ spread: str(asMap(p)?.spread) })) : undefined,
      maxReplicas: num(placement.max_replicas_per_node),
    },
    endpointMode: str(d.endpoint_mode),
  };
}

function updateConfig(v: unknown, at: string): UpdateConfig | undefined {
  const d = asMap(v);
  if (!d) return undefined;
  return {
    parallelism: num(d.parallelism),
    delay: duration(d.delay, `${at}.delay`),
    failureAction: str(d.failure_action),
    monitor: duration(d.monitor, `${at}.monitor`),
    maxFailureRatio: num(d.max_failure_ratio),
    order: str(d.order),
  };
}

function loadHealthcheck(d: Dict, at: string): HealthCheckConfig {
  return {
    test: typeof d.test === 'string' ? ['CMD-SHELL', d.test] : stringList(d.test),
    timeout: duration(d.timeout, `${at} healthcheck.timeout`),
    interval: duration(d.interval, `${at} healthcheck.interval`),
    retries: num(d.retries),
    startPeriod: duration(d.start_period, `${at} healthcheck.start_period`),
    startInterval: duration(d.start_interval, `${at} healthcheck.start_interval`),
    disable: bool(d.disable),
  };
}

function fileReferences(v: unknown): FileReferenceConfig[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    if (!isMap(item)) return { source: goSprint(item) };
    return { source: str(item.source) ?? '', target: str(item.target), uid: str(item.uid), gid: str(item.gid), mode: num(item.mode) };
  });
}

/** transformHostsList: `host:ip` / `host=ip` lists or maps, as `host:ip` with IPv6 brackets removed. */
function hostsList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  let pairs: string[];
  if (Array.isArray(v)) {
    pairs = [];
    for (const item of v) {
      const s = goSprint(item);
      const sep = ['=', ':'].find((c) => s.includes(c));
      if (sep) pairs.push(`${s.slice(0, s.indexOf(sep))}:${s.slice(s.indexOf(sep) + 1)}`);
    }
  } else {
    pairs = Object.entries(v as Dict)
      .filter(([, val]) => val !== null && val !== undefined)
      .map(([k, val]) => `${k}:${goSprint(val)}`)
      .sort();
  }
  return pairs.map((p) => {
    const at = p.indexOf(':');
    const host = at < 0 ? p : p.slice(0, at);
    let ip = at < 0 ? '' : p.slice(at + 1);
    if (ip.length > 2 && ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
    return `${host}:${ip}`;
  });
}

function serviceNetworks(v: unknown): ServiceConfig['networks'] {
  if (v === undefined || v === null) return undefined;
  const out: NonNullable<ServiceConfig['networks']> = {};
  if (Array.isArray(v)) {
    for (const n of v) out[goSprint(n)] = null;
    return out;
  }
  for (const [k, val] of Object.entries(v as Dict)) {
    const m = asMap(val);
    out[k] = m
      ? { aliases: stringList(m.aliases), driverOpts: stringMap(m.driver_opts), ipv4Address: str(m.ipv4_address), ipv6Address: str(m.ipv6_address) }
      : null;
  }
  return out;
}

/** transformServicePort: short syntax expands (nat.ParsePortSpecs, keys sorted as strings), long syntax is kept. */
function servicePorts(v: unknown, at: string): ServicePortConfig[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ServicePortConfig[] = [];
  for (const entry of v) {
    if (isMap(entry)) {
      out.push({ mode: str(entry.mode), target: num(entry.target), published: num(entry.published), protocol: str(entry.protocol) });
      continue;
    }
    const parsed = parseShortPort(goSprint(entry));
    if ('error' in parsed) throw new LoadError(`${at} ports: ${parsed.error}`);
    const keyed = parsed.ports.map((p) => ({ key: `${p.target}/${p.protocol}`, p }));
    // Stable sort on the nat.Port key string ("100/tcp" < "80/tcp"), as toServicePortConfigs does.
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { p } of keyed) out.push({ protocol: p.protocol, target: p.target, published: p.published, mode: p.mode });
  }
  return out;
}

function ulimits(v: unknown, at: string): Record<string, UlimitsConfig> | undefined {
  if (!isMap(v)) return undefined;
  return mapValues(v, (name, u) => {
    if (typeof u === 'number') return { single: u };
    const m = asMap(u);
    if (!m) throw new LoadError(`${at} ulimits.${name}: invalid type for ulimits`);
    return { soft: num(m.soft) ?? 0, hard: num(m.hard) ?? 0 };
  });
}

/** ParseVolume for the short syntax (the validator's parser plus the nocopy / propagation options). */
export function parseShortVolume(spec: string): ServiceVolumeConfig {
  const parsed = parseVolumeSpec(spec);
  if ('error' in parsed) throw new LoadError(parsed.error);
  const v = parsed.volume;
  const out: ServiceVolumeConfig = { type: v.type, source: v.source || undefined, target: v.target || undefined, readOnly: v.readOnly || undefined };
  const optionsAt = v.source && v.target ? v.source.length + v.target.length + 2 : -1;
  if (optionsAt > 0 && spec.length > optionsAt) {
    for (const option of spec.slice(optionsAt).split(',')) {
      if (option === 'nocopy') out.volume = { nocopy: true };
      else if (PROPAGATIONS.has(option)) out.bind = { propagation: option };
    }
  }
  return out;
}

const PROPAGATIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);

function serviceVolumes(v: unknown, ctx: Ctx, at: string): ServiceVolumeConfig[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((entry) => {
    let vol: ServiceVolumeConfig;
    if (typeof entry === 'string') {
      try {
        vol = parseShortVolume(entry);
      } catch (err) {
        throw new LoadError(`${at} volumes: ${(err as Error).message}`);
      }
    } else {
      const m = asMap(entry) ?? {};
      vol = {
        type: str(m.type),
        source: str(m.source),
        target: str(m.target),
        readOnly: bool(m.read_only),
        consistency: str(m.consistency),
        bind: isMap(m.bind) ? { propagation: str(m.bind.propagation) } : undefined,
        volume: isMap(m.volume) ? { nocopy: bool(m.volume.nocopy) } : undefined,
        tmpfs: isMap(m.tmpfs) ? { size: size(m.tmpfs.size, `${at} volumes tmpfs.size`) } : undefined,
        cluster: isMap(m.cluster) ? {} : undefined,
      };
    }
    // resolveVolumePaths: bind sources expand `~` from HOME and resolve against the working directory.
    if (vol.type === 'bind') {
      if (!vol.source) throw new LoadError(`${at}: invalid mount config for type "bind": field Source must not be empty`);
      let src = vol.source;
      const home = ctx.env.HOME;
      if (src.startsWith('~') && home !== undefined) src = home + src.slice(1);
      // filepath.Join cleans the result (no trailing slash, no `..`), as path.resolve does.
      if (!src.startsWith('/') && !isWindowsAbs(src)) src = resolve(ctx.workingDir, src);
      vol.source = src;
    }
    return vol;
  });
}

const isWindowsAbs = (p: string) => /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\');

/** resolveEnvironment: env_file entries first, then `environment`; empty values are filled from the environment. */
function resolveEnvironment(d: Dict, ctx: Ctx, at: string): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  const lookup = (k: string) => (Object.hasOwn(ctx.env, k) && ctx.env[k] !== undefined ? ctx.env[k] : undefined);
  const update = (vars: Record<string, string | null>) => {
    for (const [k, v] of Object.entries(vars)) {
      const fromEnv = lookup(k);
      env[k] = (v === null || v === '') && fromEnv !== undefined ? fromEnv : v;
    }
  };
  for (const file of stringList(d.env_file) ?? []) {
    const path = isAbsolute(file) ? file : resolve(ctx.workingDir, file);
    let lines: string[];
    try {
      lines = parseEnvFile(ctx.readFile(path), lookup);
    } catch (err) {
      throw new LoadError(
        `${at}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? `open ${path}: no such file or directory` : `invalid env file (${path}): ${(err as Error).message}`}`,
      );
    }
    const vars: Record<string, string | null> = {};
    for (const line of lines) {
      const eq = line.indexOf('=');
      vars[eq < 0 ? line : line.slice(0, eq)] = eq < 0 ? null : line.slice(eq + 1);
    }
    update(vars);
  }
  update(mappingOrList(d.environment, '=', true) ?? {});
  return env;
}

/** pkg/kvfile parseKeyValueFile. */
export function parseEnvFile(bytes: Buffer, lookup: (k: string) => string | undefined): string[] {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const out: string[] = [];
  text.split('\n').forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    line = line.replace(/^\s+/u, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key.length === 0) throw new Error(`no variable name on line '${line}'`);
    if (/[ \t]/.test(key)) throw new Error(`variable '${key}' contains whitespaces`);
    if (eq >= 0) out.push(line);
    else {
      const value = lookup(line);
      if (value !== undefined) out.push(`${key}=${value}`);
    }
  });
  return out;
}

function loadNetwork(name: string, d: Dict, ctx: Ctx): NetworkConfig {
  const ipam = asMap(d.ipam);
  const nw: NetworkConfig = {
    name: str(d.name),
    driver: str(d.driver),
    driverOpts: stringMap(d.driver_opts),
    ipam: ipam
      ? { driver: str(ipam.driver), config: Array.isArray(ipam.config) ? ipam.config.map((c) => ({ subnet: str(asMap(c)?.subnet) })) : undefined }
      : undefined,
    external: external(d.external),
    internal: bool(d.internal),
    attachable: bool(d.attachable),
    labels: labels(d.labels),
  };
  externalName(nw, name, 'network', ctx);
  return nw;
}

function loadVolume(name: string, d: Dict, ctx: Ctx): VolumeConfig {
  const vol: VolumeConfig = {
    name: str(d.name),
    driver: str(d.driver),
    driverOpts: stringMap(d.driver_opts),
    external: external(d.external),
    labels: labels(d.labels),
  };
  if (vol.external?.external) {
    const conflict = vol.driver
      ? 'driver'
      : vol.driverOpts && Object.keys(vol.driverOpts).length
        ? 'driver_opts'
        : vol.labels && Object.keys(vol.labels).length
          ? 'labels'
          : undefined;
    if (conflict) throw new LoadError(`${ctx.file}: conflicting parameters "external" and "${conflict}" specified for volume "${name}"`);
  }
  externalName(vol, name, 'volume', ctx);
  return vol;
}

/** LoadNetworks/LoadVolumes/loadFileObjectConfig: an external object's name is external.name, else name, else the key. */
function externalName(obj: { name?: string; external?: External }, key: string, kind: string, ctx: Ctx): void {
  if (!obj.external?.external) return;
  if (obj.external.name) {
    if (obj.name) throw new LoadError(`${ctx.file}: ${kind} ${key}: ${kind}.external.name and ${kind}.name conflict; only use ${kind}.name`);
    obj.name = obj.external.name;
    obj.external = { external: true };
  } else if (!obj.name) obj.name = key;
}

function loadFileObject(name: string, kind: 'secret' | 'config', d: Dict, ctx: Ctx): FileObjectConfig {
  const obj: FileObjectConfig = {
    name: str(d.name),
    file: str(d.file),
    external: external(d.external),
    labels: labels(d.labels),
    driver: str(d.driver),
    driverOpts: stringMap(d.driver_opts),
    templateDriver: str(d.template_driver),
  };
  if (obj.external?.external) externalName(obj, name, kind, ctx);
  else if (obj.driver) {
    if (obj.file) throw new LoadError(`${ctx.file}: ${kind} ${name}: ${kind}.driver and ${kind}.file conflict; only use ${kind}.driver`);
  } else obj.file = obj.file && isAbsolute(obj.file) ? obj.file : resolve(ctx.workingDir, obj.file ?? '');
  return obj;
}
