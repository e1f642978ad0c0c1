// Drift: how the services a stack file would deploy differ from the services the stack runs, field by field. The
// comparison is the plan's (effectiveSpec + diffSpecs on the converted file), minus what only deploy-time
// normalisation puts on the swarm: an image digest pinned by --resolve-image (and the platforms it records), the
// com.docker.stack.* labels and Swarm Pilot's own revision labels. Pure: it reads a live state already fetched, so the
// CLI (`swarm-pilot diff`) and the editor (from the explorer's snapshot) share it.
import type { SwarmService } from '../engine';
import { parseNormalizedNamed, type DesiredStack, type ServiceSpecBody } from './convert';
import { formatChange, serviceChanges, type SpecChange } from './specDiff';

export type DriftStatus = 'in-sync' | 'drifted' | 'not-deployed' | 'would-prune';

export interface FieldChange extends SpecChange {
  /** The stack-file name of the field (`image`, `replicas`, `labels` …), or the spec path when it has none. */
  field: string;
}

export interface ServiceDrift {
  /** The compose key (for services the file no longer has: the name without the stack prefix). */
  key: string;
  /** `<stack>_<key>`. */
  name: string;
  status: DriftStatus;
  /** Field-level differences, live (before) → file (after); only for `drifted`. */
  changes: FieldChange[];
  /** Distinct `field`s of the changes, in order. */
  fields: string[];
  current?: SwarmService;
}

export interface StackDrift {
  stack: string;
  services: ServiceDrift[];
  /** No service drifted, missing or to be pruned. */
  inSync: boolean;
}

/** What drift needs of the swarm: the stack's services and the network names behind their network IDs. */
export interface DriftLiveState {
  services: readonly SwarmService[];
  networkNames: ReadonlyMap<string, string>;
}

/** Labels written at deploy time, not by the file. */
const DEPLOY_LABEL = /^(Labels|TaskTemplate\.ContainerSpec\.Labels)\.com\.(docker\.stack|swarm-pilot)\./;

/** Spec path prefixes → the stack-file field they come from (first match wins). */
const FIELDS: [RegExp, string][] = [
  [/^TaskTemplate\.ContainerSpec\.Image/, 'image'],
  [/^Mode\.(Replicated\.Replicas|ReplicatedJob\.TotalCompletions)/, 'replicas'],
  [/^Mode/, 'mode'],
  [/^Labels/, 'deploy.labels'],
  [/^TaskTemplate\.ContainerSpec\.Labels/, 'labels'],
  [/^TaskTemplate\.ContainerSpec\.Env/, 'environment'],
  [/^TaskTemplate\.ContainerSpec\.Args/, 'command'],
  [/^TaskTemplate\.ContainerSpec\.Command/, 'entrypoint'],
  [/^TaskTemplate\.ContainerSpec\.Mounts/, 'volumes'],
  [/^TaskTemplate\.ContainerSpec\.Secrets/, 'secrets'],
  [/^TaskTemplate\.ContainerSpec\.Configs/, 'configs'],
  [/^TaskTemplate\.ContainerSpec\.Healthcheck/, 'healthcheck'],
  [/^TaskTemplate\.ContainerSpec\.Hosts/, 'extra_hosts'],
  [/^TaskTemplate\.ContainerSpec\.StopGracePeriod/, 'stop_grace_period'],
  [/^TaskTemplate\.ContainerSpec\.User/, 'user'],
  [/^TaskTemplate\.ContainerSpec\.Dir/, 'working_dir'],
  [/^TaskTemplate\.ContainerSpec\.Hostname/, 'hostname'],
  [/^TaskTemplate\.Networks/, 'networks'],
  [/^TaskTemplate\.Placement\.Constraints/, 'placement.constraints'],
  [/^TaskTemplate\.Placement\.Preferences/, 'placement.preferences'],
  [/^TaskTemplate\.Placement\.MaxReplicas/, 'placement.max_replicas_per_node'],
  [/^TaskTemplate\.Resources/, 'resources'],
  [/^TaskTemplate\.RestartPolicy/, 'restart_policy'],
  [/^TaskTemplate\.LogDriver/, 'logging'],
  [/^UpdateConfig/, 'update_config'],
  [/^RollbackConfig/, 'rollback_config'],
  [/^EndpointSpec\.Ports/, 'ports'],
  [/^EndpointSpec\.Mode/, 'endpoint_mode'],
];

export const fieldOf = (path: string): string => FIELDS.find(([re]) => re.test(path))?.[1] ?? path;

const keysOf = (v: unknown): string[] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);
/**
 * The stack-file fields of one change. A whole object that appeared or went (`TaskTemplate.Placement` when only one
 * side has constraints) names the fields of its keys (`placement.constraints`), not its spec path.
 */
function fieldsOfChange(c: SpecChange): string[] {
  const direct = fieldOf(c.path);
  if (direct !== c.path) return [direct];
  const sub = [...new Set([...keysOf(c.before), ...keysOf(c.after)].map((k) => fieldOf(`${c.path}.${k}`)))];
  return sub.length && sub.every((f) => !f.startsWith(`${c.path}.`)) ? sub : [direct];
}
/** Fields in the table's order (image first), others after. */
const fieldRank = (field: string) => {
  const i = FIELDS.findIndex(([, f]) => f === field);
  return i < 0 ? FIELDS.length : i;
};

const withoutDigest = (image: string): string => {
  try {
    const ref = parseNormalizedNamed(image);
    return ref.digest ? image.replace(/@[^@]+$/, '') : image;
  } catch {
    return image;
  }
};

/**
 * The file's spec as the plan would compare it with `current`: the running image when it is the file's image with a
 * digest pinned and the platforms recorded with it (`--resolve-image`), the running ForceUpdate counter (a deploy keeps it).
 */
function comparable(spec: ServiceSpecBody, current: SwarmService): ServiceSpecBody {
  const out = structuredClone(spec);
  const running = (current.Spec as ServiceSpecBody | undefined)?.TaskTemplate?.ContainerSpec?.Image;
  const c = out.TaskTemplate.ContainerSpec;
  if (c?.Image && running && running !== c.Image && withoutDigest(running) === c.Image) c.Image = running;
  const platforms = (current.Spec as ServiceSpecBody | undefined)?.TaskTemplate?.Placement?.Platforms;
  if (platforms?.length && !out.TaskTemplate.Placement?.Platforms?.length)
    out.TaskTemplate.Placement = { ...(out.TaskTemplate.Placement ?? {}), Platforms: platforms };
  out.TaskTemplate.ForceUpdate = current.Spec?.TaskTemplate?.ForceUpdate ?? 0;
  return out;
}

/** Field-level drift of every service of the file and of the stack's services the file no longer has. */
export function stackDrift(desired: DesiredStack, live: DriftLiveState): StackDrift {
  const ns = desired.namespace;
  const byName = new Map(live.services.map((s) => [s.Spec?.Name ?? '', s]));
  const services: ServiceDrift[] = [];
  for (const d of desired.services) {
    const current = byName.get(d.name);
    if (!current) {
      services.push({ key: d.key, name: d.name, status: 'not-deployed', changes: [], fields: [] });
      continue;
    }
    const changes = serviceChanges(current.Spec, comparable(d.spec, current), live.networkNames)
      .filter((c) => !DEPLOY_LABEL.test(c.path))
      .map((c) => ({ ...c, field: fieldsOfChange(c).join(', ') }));
    const fields = [...new Set(changes.flatMap((c) => c.field.split(', ')))].sort((a, b) => fieldRank(a) - fieldRank(b));
    services.push({ key: d.key, name: d.name, status: changes.length ? 'drifted' : 'in-sync', changes, fields, current });
  }
  const wanted = new Set(desired.services.map((s) => s.name));
  for (const s of live.services) {
    const name = s.Spec?.Name ?? '';
    if (wanted.has(name)) continue;
    services.push({ key: name.startsWith(`${ns}_`) ? name.slice(ns.length + 1) : name, name, status: 'would-prune', changes: [], fields: [], current: s });
  }
  return { stack: ns, services, inSync: services.every((s) => s.status === 'in-sync') };
}

const STATUS_TEXT: Record<DriftStatus, string> = {
  'in-sync': 'in sync',
  drifted: 'drifted',
  'not-deployed': 'not deployed',
  'would-prune': 'on the swarm only (would be pruned)',
};

/** The drift as text: one line per service, one indented line per field change (live → file). */
export function formatDrift(drift: StackDrift): string[] {
  const lines: string[] = [];
  for (const s of drift.services) {
    lines.push(`${s.key}: ${STATUS_TEXT[s.status]}${s.fields.length ? ` (${s.fields.join(', ')})` : ''}`);
    for (const c of s.changes) lines.push(`  ${formatChange(c)}`);
  }
  const count = (st: DriftStatus) => drift.services.filter((s) => s.status === st).length;
  lines.push(
    drift.inSync
      ? `stack ${drift.stack}: in sync`
      : `stack ${drift.stack}: ${count('drifted')} drifted, ${count('not-deployed')} not deployed, ${count('would-prune')} would be pruned, ${count('in-sync')} in sync`,
  );
  return lines;
}
