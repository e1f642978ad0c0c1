// The fleet file as the fleet engine reads it: the targets and the rollout policy with its defaults filled in. The
// language server (and `swarm-pilot fleet`, before anything runs) validates the file against schemas/fleet.schema.json;
// this reader only turns a valid file into types and throws on what it cannot use.
import { basename } from 'node:path';
import { parse } from 'yaml';

export interface FleetTarget {
  name: string;
  context?: string;
  host?: string;
  tls?: boolean;
  tlsVerify?: boolean;
  certPath?: string;
  sshArgs?: string[];
  labels: Record<string, string>;
}

/** A failure budget: a count of targets, or a ratio (0 ≤ r < 1) of the wave's targets. */
export type Budget = { count: number } | { ratio: number };

export interface RolloutPolicy {
  waves?: string[][];
  byLabel?: string;
  fixed?: number;
  exponential?: number[];
  parallel: number;
  soakSeconds: number;
  /** Per wave (the last repeats); the first wave's comes first. */
  failureBudget: Budget[];
  onBudgetExceeded: 'pause' | 'rollback';
  unreachable: 'skip' | 'fail';
  unreachableRetrySeconds: number;
  timeoutSeconds: number;
}

export interface FleetFile {
  name: string;
  targets: FleetTarget[];
  rollout: RolloutPolicy;
}

export function parseBudget(value: unknown): Budget {
  if (typeof value === 'string' && /^\d+(\.\d+)?%$/.test(value)) return { ratio: Number(value.slice(0, -1)) / 100 };
  if (typeof value === 'number' && value >= 0) return Number.isInteger(value) ? { count: value } : { ratio: value };
  throw new Error(`invalid failure budget ${JSON.stringify(value)}: a count, a ratio below 1 or a percentage`);
}

/** The budgets per wave: a list as given; one value applies from the second wave on (the first, the canary, gets 0). */
function budgets(value: unknown): Budget[] {
  if (value === undefined) return [{ count: 0 }];
  if (Array.isArray(value)) return value.map(parseBudget);
  return [{ count: 0 }, parseBudget(value)];
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Reads a fleet file's text; `path` names the fleet when the file has no `name`. */
export function parseFleetFile(text: string, path: string): FleetFile {
  const doc = obj(parse(text));
  const targets = Array.isArray(doc.targets) ? doc.targets.map(obj) : [];
  if (!targets.length) throw new Error(`${path}: the fleet file has no targets`);
  const r = obj(doc.rollout);
  const num = (k: string, d: number) => (typeof r[k] === 'number' ? (r[k] as number) : d);
  return {
    name: typeof doc.name === 'string' ? doc.name : basename(path).replace(/\.fleet\.ya?ml$|\.ya?ml$/, ''),
    targets: targets.map((t) => ({
      name: String(t.name),
      ...(typeof t.context === 'string' ? { context: t.context } : {}),
      ...(typeof t.host === 'string' ? { host: t.host } : {}),
      ...(typeof t.tls === 'boolean' ? { tls: t.tls } : {}),
      ...(typeof t.tlsVerify === 'boolean' ? { tlsVerify: t.tlsVerify } : {}),
      ...(typeof t.certPath === 'string' ? { certPath: t.certPath } : {}),
      ...(Array.isArray(t.sshArgs) ? { sshArgs: t.sshArgs.map(String) } : {}),
      labels: Object.fromEntries(Object.entries(obj(t.labels)).map(([k, v]) => [k, String(v)])),
    })),
    rollout: {
      ...(Array.isArray(r.waves) ? { waves: r.waves.map((w) => (Array.isArray(w) ? w.map(String) : [])) } : {}),
      ...(typeof r.byLabel === 'string' ? { byLabel: r.byLabel } : {}),
      ...(typeof r.fixed === 'number' ? { fixed: r.fixed } : {}),
      ...(Array.isArray(r.exponential) ? { exponential: r.exponential.map(Number) } : {}),
      parallel: Math.max(1, num('parallel', 4)),
      soakSeconds: num('soakSeconds', 0),
      failureBudget: budgets(r.failureBudget),
      onBudgetExceeded: r.onBudgetExceeded === 'rollback' ? 'rollback' : 'pause',
      unreachable: r.unreachable === 'fail' ? 'fail' : 'skip',
      unreachableRetrySeconds: num('unreachableRetrySeconds', 30),
      timeoutSeconds: num('timeoutSeconds', 300),
    },
  };
}
