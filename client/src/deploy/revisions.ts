// Stack revisions: every successful deploy is kept per connection and stack, so "Roll back stack" can deploy the
// previous one again. The store keeps the files and the converted desired state (config contents included, secret
// contents never: only their sha256). The services also carry small labels so another machine sees which revision
// is live and can read the previous files: the revision id, the previous revision's id, and (on the first service
// only, when it fits in PREVIOUS_FILES_MAX_BYTES) the previous revision's files, gzip + base64.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DesiredStack } from './convert';

export const REVISION_LABEL = 'com.swarm-pilot.revision';
export const PREVIOUS_REVISION_LABEL = 'com.swarm-pilot.previous-revision';
export const PREVIOUS_FILES_LABEL = 'com.swarm-pilot.previous-files';
/** Upper bound of the previous-files label value (base64 of the gzipped JSON). */
export const PREVIOUS_FILES_MAX_BYTES = 8 * 1024;
/** Revisions kept per connection and stack. */
export const MAX_REVISIONS = 10;

export interface RevisionFile {
  path: string;
  text: string;
}

export interface StackRevision {
  /** sha256 (12 hex digits) of the desired state. */
  id: string;
  stack: string;
  /** The connection's id (ResolvedEndpoint.id) it was deployed to. */
  connection: string;
  deployedAt: string;
  files: RevisionFile[];
  /** The desired state that was deployed; secret Data removed. */
  desired: DesiredStack;
}

/** Where revisions live: the extension uses its storage, the CLI a directory under the user's state dir. */
export interface RevisionStore {
  /** Oldest first. */
  list(connection: string, stack: string): Promise<StackRevision[]>;
  save(revision: StackRevision): Promise<void>;
}

const stable = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(stable)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
        )
      : v;

/** The revision id of a desired state: a hash of its canonical JSON (secret data excluded, hashes included). */
export function revisionId(desired: DesiredStack): string {
  return createHash('sha256')
    .update(JSON.stringify(stable(storableDesired(desired))))
    .digest('hex')
    .slice(0, 12);
}

/** The desired state without secret contents (their sha256 stays). */
export function storableDesired(desired: DesiredStack): DesiredStack {
  return {
    ...desired,
    secrets: desired.secrets.map((s) => ({ ...s, spec: { ...s.spec, Data: undefined }, ...(s.spec.Data !== undefined ? { withheld: true } : {}) })),
  };
}

export function makeRevision(stack: string, connection: string, files: RevisionFile[], desired: DesiredStack, now = new Date()): StackRevision {
  return { id: revisionId(desired), stack, connection, deployedAt: now.toISOString(), files, desired: storableDesired(desired) };
}

/** gzip + base64 of the files, or undefined when that is larger than the label limit. */
export function encodeFilesLabel(files: RevisionFile[]): string | undefined {
  const value = gzipSync(Buffer.from(JSON.stringify(files))).toString('base64');
  return value.length <= PREVIOUS_FILES_MAX_BYTES ? value : undefined;
}

export function decodeFilesLabel(value: string): RevisionFile[] {
  return JSON.parse(gunzipSync(Buffer.from(value, 'base64')).toString('utf8')) as RevisionFile[];
}

export class MemoryRevisionStore implements RevisionStore {
  private readonly byKey = new Map<string, StackRevision[]>();

  async list(connection: string, stack: string): Promise<StackRevision[]> {
    return [...(this.byKey.get(`${connection}\u0000${stack}`) ?? [])];
  }

  async save(revision: StackRevision): Promise<void> {
    const key = `${revision.connection}\u0000${revision.stack}`;
    this.byKey.set(key, appendRevision(this.byKey.get(key) ?? [], revision));
  }
}

/** Appends, dropping an identical last entry and the oldest beyond MAX_REVISIONS. */
function appendRevision(list: StackRevision[], revision: StackRevision): StackRevision[] {
  const out = list.length && list[list.length - 1].id === revision.id ? list.slice(0, -1) : [...list];
  out.push(revision);
  return out.slice(-MAX_REVISIONS);
}

/** `$XDG_STATE_HOME/swarm-pilot`, else `~/.local/state/swarm-pilot`. */
export function defaultStateDir(env: Readonly<Record<string, string | undefined>>, homedir: string): string {
  return join(env.XDG_STATE_HOME || join(homedir, '.local', 'state'), 'swarm-pilot');
}

/** One JSON file per connection and stack under `<dir>/revisions/`; written atomically (temp file + rename). */
export class FileRevisionStore implements RevisionStore {
  constructor(readonly dir: string) {}

  private file(connection: string, stack: string): string {
    const key = createHash('sha256').update(`${connection}\u0000${stack}`).digest('hex').slice(0, 24);
    return join(this.dir, 'revisions', `${stack.replace(/[^A-Za-z0-9_.-]/g, '_')}-${key}.json`);
  }

  async list(connection: string, stack: string): Promise<StackRevision[]> {
    try {
      const data = JSON.parse(readFileSync(this.file(connection, stack), 'utf8')) as { revisions?: StackRevision[] };
      return Array.isArray(data.revisions) ? data.revisions : [];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(`cannot read the revision store ${this.file(connection, stack)}: ${(err as Error).message}`);
    }
  }

  async save(revision: StackRevision): Promise<void> {
    const file = this.file(revision.connection, revision.stack);
    const revisions = appendRevision(await this.list(revision.connection, revision.stack), revision);
    mkdirSync(join(this.dir, 'revisions'), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ stack: revision.stack, connection: revision.connection, revisions }, null, 1), { mode: 0o600 });
    renameSync(tmp, file);
  }

  /** Every revision kept, file by file (unreadable entries skipped: they name no stack). */
  private *all(): Generator<StackRevision> {
    let names: string[] = [];
    try {
      names = readdirSync(join(this.dir, 'revisions')).filter((n) => n.endsWith('.json'));
    } catch {
      return;
    }
    for (const name of names) {
      let revisions: StackRevision[] = [];
      try {
        revisions = (JSON.parse(readFileSync(join(this.dir, 'revisions', name), 'utf8')) as { revisions?: StackRevision[] }).revisions ?? [];
      } catch {
        /* an unreadable entry names no stack */
      }
      yield* revisions;
    }
  }

  /** The newest revision deployed from `path` to `connection`, over every stack kept (a file's stack, when nothing names it). */
  latestForFile(connection: string, path: string): StackRevision | undefined {
    let best: StackRevision | undefined;
    for (const r of this.all()) if (r.connection === connection && r.files.some((f) => f.path === path) && (!best || r.deployedAt > best.deployedAt)) best = r;
    return best;
  }

  /** The newest revision of each stack deployed to `connection`. */
  latestPerStack(connection: string): StackRevision[] {
    const best = new Map<string, StackRevision>();
    for (const r of this.all()) {
      const kept = best.get(r.stack);
      if (r.connection === connection && (!kept || r.deployedAt > kept.deployedAt)) best.set(r.stack, r);
    }
    return [...best.values()];
  }
}
