// Read-only access to the docker CLI's configuration directory: config.json's currentContext and the context store
// (docker/cli v27.5.1 cli/config/config.go, cli/context/store/{metadatastore,tlsstore,store}.go, cli/context/tlsdata.go).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from './engineErrors';

/** The endpoint name docker contexts use for the Docker Engine. */
const DOCKER_ENDPOINT = 'docker';

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Directory the files were read from (shown in messages). */
  dir: string;
}

export interface StoredContext {
  name: string;
  description?: string;
  /** Endpoints.docker.Host, unchanged. */
  host?: string;
  skipTLSVerify: boolean;
  /** Present when contexts/tls/<id>/docker/ exists (as the CLI: then TLS is on). */
  tls?: TlsFiles;
  metaPath: string;
  warnings: string[];
}

/** `$DOCKER_CONFIG`, else `<homedir>/.docker` (config.Dir). */
export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>, homedir: string): string {
  return env.DOCKER_CONFIG ? env.DOCKER_CONFIG : join(homedir, '.docker');
}

/** The directory name of a context in the store: hex sha256 of its name (contextdirOf). */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/** currentContext from config.json; a missing file is no error, an unreadable one is a warning (as the CLI). */
export function readCurrentContext(configDir: string): { name?: string; warning?: string } {
  const file = join(configDir, 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { warning: `Error loading config file ${file}: ${(err as Error).message}` };
  }
  try {
    const cfg = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
    const name = field(cfg, 'currentContext');
    return typeof name === 'string' && name !== '' ? { name } : {};
  } catch (err) {
    return { warning: `Error loading config file ${file}: ${(err as Error).message}` };
  }
}

/** Reads one context by name. Throws EngineError('endpoint-invalid') when it does not exist or cannot be read. */
export function readContext(configDir: string, name: string): StoredContext {
  const id = contextDirName(name);
  const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
  let text: string;
  try {
    text = readFileSync(metaPath, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const msg = e.code === 'ENOENT' ? `context "${name}": context not found: ${e.message}` : `context "${name}": ${e.message}`;
    throw new EngineError({ kind: 'endpoint-invalid', message: `Docker context "${name}" does not exist (no ${metaPath}).`, detail: msg, cause: err });
  }
  return parseContext(configDir, metaPath, text, name);
}

/** Every context in the store, naturally sorted by name; unreadable ones are reported, not thrown. */
export function listContexts(configDir: string): { contexts: StoredContext[]; errors: EngineError[] } {
  const metaRoot = join(configDir, 'contexts', 'meta');
  const contexts: StoredContext[] = [];
  const errors: EngineError[] = [];
  for (const rel of metaDirs(metaRoot, '')) {
    const metaPath = join(metaRoot, rel, 'meta.json');
    try {
      contexts.push(parseContext(configDir, metaPath, readFileSync(metaPath, 'utf8')));
    } catch (err) {
      errors.push(
        err instanceof EngineError
          ? err
          : new EngineError({ kind: 'endpoint-invalid', message: `Cannot read ${metaPath}.`, detail: (err as Error).message, cause: err }),
      );
    }
  }
  contexts.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return { contexts, errors };
}

/** Directories under root (recursively) that hold a meta.json file (listRecursivelyMetadataDirs). */
function metaDirs(root: string, rel: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const ent of entries) {
    if (!ent.isDirectory()) continue;
    const sub = rel ? join(rel, ent.name) : ent.name;
    if (isFile(join(root, sub, 'meta.json'))) out.push(sub);
    out.push(...metaDirs(root, sub));
  }
  return out;
}

function parseContext(configDir: string, metaPath: string, text: string, expectedName?: string): StoredContext {
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch (err) {
    throw new EngineError({
      kind: 'endpoint-invalid',
      message: `Docker context file ${metaPath} is not valid JSON.`,
      detail: `parsing ${metaPath}: ${(err as Error).message}`,
      cause: err,
    });
  }
  const name = String(field(meta, 'name') ?? expectedName ?? '');
  const description = field(field(meta, 'metadata'), 'description');
  const ep = field(field(meta, 'endpoints'), DOCKER_ENDPOINT);
  const host = field(ep, 'host');
  const ctx: StoredContext = {
    name,
    skipTLSVerify: field(ep, 'skipTLSVerify') === true,
    metaPath,
    warnings: [],
  };
  if (typeof description === 'string' && description) ctx.description = description;
  if (typeof host === 'string' && host) ctx.host = host;
  if (ep === undefined) ctx.warnings.push(`context "${name}": cannot find docker endpoint in context`);
  // The TLS store is keyed by the hash of the context's name (tlsStore.contextDir), not by the meta directory.
  const tls = readTlsDir(join(configDir, 'contexts', 'tls', contextDirName(name), DOCKER_ENDPOINT), name, ctx.warnings);
  if (tls) ctx.tls = tls;
  return ctx;
}

function readTlsDir(dir: string, contextName: string, warnings: string[]): TlsFiles | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EngineError({
      kind: 'endpoint-invalid',
      message: `Cannot read the TLS material of context "${contextName}" in ${dir}.`,
      detail: (err as Error).message,
      cause: err,
    });
  }
  const files: TlsFiles = { dir };
  for (const f of names) {
    const key = f === 'ca.pem' ? 'ca' : f === 'cert.pem' ? 'cert' : f === 'key.pem' ? 'key' : undefined;
    if (!key) {
      warnings.push(`unknown file in context ${contextName} TLS bundle: ${f}`);
      continue;
    }
    try {
      files[key] = readFileSync(join(dir, f));
    } catch (err) {
      throw new EngineError({
        kind: 'endpoint-invalid',
        message: `Cannot read ${join(dir, f)} of context "${contextName}".`,
        detail: (err as Error).message,
        cause: err,
      });
    }
  }
  return files;
}

/** Go's encoding/json matches object keys case-insensitively; so does this. */
export function field(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  if (name in rec) return rec[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

function isFile(p: string): boolean {
  try {
    return !statSync(p).isDirectory();
  } catch {
    return false;
  }
}
