// Comparing a service spec as the daemon returns it with the body about to be posted. The daemon stores specs
// through swarmkit's protobufs, which drop empty values and turn "" enums into their defaults, and fills defaults on
// the way out (swarmkit api/defaults/service.go InterpolateService; moby daemon/cluster/convert/service.go). Both
// sides are brought to that effective form before they are compared, so an unchanged file plans no update.
import { isDeepStrictEqual } from 'node:util';
import { isPlainObject } from '../../../server/src/core/stackModel';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const SECOND = 1_000_000_000;
/** Keys whose zero is meaningful once defaults are filled in (replicas 0, parallelism 0 = all at once). */
const KEEP_ZERO = new Set(['Replicas', 'MaxConcurrent', 'TotalCompletions', 'Parallelism', 'MaxAttempts']);
/** IDs the daemon assigns; references are compared by name. */
const IGNORED = new Set(['SecretID', 'ConfigID']);

const isObj = (v: unknown): v is Obj => isPlainObject(v);

function obj(parent: Obj, key: string): Obj {
  if (!isObj(parent[key])) parent[key] = {};
  return parent[key] as Obj;
}

function defaultUpdateConfig(u: Json | undefined): Obj {
  const c: Obj = isObj(u) ? u : { Parallelism: 1 };
  c.FailureAction ||= 'pause';
  c.Monitor ||= 5 * SECOND;
  c.Order ||= 'stop-first';
  c.MaxFailureRatio ??= 0;
  c.Parallelism ??= 0;
  return c;
}

/**
 * The effective form of a service spec: defaults filled, network IDs replaced by names, secret/config IDs dropped,
 * and every empty value (null, "", false, 0, [], {}) removed except the meaningful zeros.
 */
export function effectiveSpec(spec: unknown, networkNameById: ReadonlyMap<string, string> = new Map()): Obj {
  const s = structuredClone((isObj(spec) ? spec : {}) as Obj);
  delete s.Networks; // deprecated ServiceSpec.Networks: docker/cli never sets it
  const task = obj(s, 'TaskTemplate');
  task.Runtime ||= 'container';
  delete task.ForceUpdate;
  const c = obj(task, 'ContainerSpec');
  c.StopGracePeriod ??= 10 * SECOND;
  c.Isolation ||= 'default';
  if (isObj(c.Privileges) && c.Privileges.CredentialSpec === null) delete c.Privileges.CredentialSpec;
  const restart = obj(task, 'RestartPolicy');
  restart.Condition ||= 'any';
  restart.Delay ??= 5 * SECOND;
  restart.MaxAttempts ??= 0;
  for (const n of Array.isArray(task.Networks) ? task.Networks : []) {
    if (isObj(n) && typeof n.Target === 'string') n.Target = networkNameById.get(n.Target) ?? n.Target;
  }
  s.UpdateConfig = defaultUpdateConfig(s.UpdateConfig);
  s.RollbackConfig = defaultUpdateConfig(s.RollbackConfig);
  const mode = obj(s, 'Mode');
  if (isObj(mode.Replicated)) mode.Replicated.Replicas ??= 1;
  if (isObj(mode.ReplicatedJob)) {
    mode.ReplicatedJob.MaxConcurrent ??= 1;
    mode.ReplicatedJob.TotalCompletions ??= mode.ReplicatedJob.MaxConcurrent;
  }
  if (!mode.Replicated && !mode.Global && !mode.ReplicatedJob && !mode.GlobalJob) mode.Replicated = { Replicas: 1 };
  const endpoint = obj(s, 'EndpointSpec');
  endpoint.Mode ||= 'vip';
  for (const p of Array.isArray(endpoint.Ports) ? endpoint.Ports : []) {
    if (!isObj(p)) continue;
    p.Protocol ||= 'tcp';
    p.PublishMode ||= 'ingress';
  }
  return prune(s, '') as Obj;
}

function prune(v: Json, key: string): Json | undefined {
  if (IGNORED.has(key)) return undefined;
  if (Array.isArray(v)) {
    const out = v.map((x) => prune(x, '')).filter((x): x is Json => x !== undefined);
    return out.length ? out : undefined;
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x, k);
      if (p !== undefined) out[k] = p;
    }
    // Mode.Global / GlobalJob and ClusterOptions are meaningful as empty objects.
    return Object.keys(out).length || key === 'Global' || key === 'GlobalJob' || key === 'ClusterOptions' || key === 'Runtime' ? out : undefined;
  }
  if (v === null || v === '' || v === false) return undefined;
  if (v === 0 && !KEEP_ZERO.has(key)) return undefined;
  return v;
}

export interface SpecChange {
  /** Dotted path, e.g. TaskTemplate.ContainerSpec.Image. */
  path: string;
  before?: Json;
  after?: Json;
  /** For lists of scalars: what was added and removed. */
  added?: Json[];
  removed?: Json[];
}

/** The fields that differ between two effective specs (recursing into objects and same-length lists). */
export function diffSpecs(before: Obj, after: Obj): SpecChange[] {
  const out: SpecChange[] = [];
  walk(before, after, '', out);
  return out;
}

function walk(a: Json | undefined, b: Json | undefined, path: string, out: SpecChange[]): void {
  if (isDeepStrictEqual(a, b)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const scalars = [...a, ...b].every((x) => !isObj(x) && !Array.isArray(x));
    if (scalars) {
      const added = b.filter((x) => !a.some((y) => isDeepStrictEqual(x, y)));
      const removed = a.filter((x) => !b.some((y) => isDeepStrictEqual(x, y)));
      out.push(added.length || removed.length ? { path, added, removed } : { path, before: a, after: b });
      return;
    }
    if (a.length === b.length) {
      a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`, out));
      return;
    }
  }
  out.push({ path, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) });
}

/** What an update from the running spec to `next` changes, both in effective form (the plan's and drift's comparison). */
export function serviceChanges(running: unknown, next: unknown, networkNameById: ReadonlyMap<string, string>): SpecChange[] {
  return diffSpecs(effectiveSpec(running, networkNameById), effectiveSpec(next, networkNameById));
}

/** One line per change, for plans: `TaskTemplate.ContainerSpec.Image: probe/busybox:1 → probe/busybox:2`. */
export function formatChange(c: SpecChange): string {
  const show = (v: Json | undefined) => {
    const text = v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v);
    return text.length > 100 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
  };
  if (c.added || c.removed) {
    const parts = [...(c.added ?? []).map((x) => `+${show(x)}`), ...(c.removed ?? []).map((x) => `-${show(x)}`)];
    return `${c.path}: ${parts.length ? parts.join(', ') : 'reordered'}`;
  }
  return `${c.path}: ${show(c.before)} → ${show(c.after)}`;
}

/** Whether a change restarts tasks: swarm starts a rolling update when the task template or the ports change. */
export function restartsTasks(changes: SpecChange[]): boolean {
  return changes.some((c) => c.path.startsWith('TaskTemplate') || c.path.startsWith('EndpointSpec'));
}
