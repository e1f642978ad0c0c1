// The checks only the live swarm can answer, shared by the deploy plan and the editor's live diagnostics so both
// agree: placement constraints against the nodes, max_replicas_per_node × eligible nodes, reservations no node can
// hold, external networks/secrets/configs that do not exist, published ingress ports other services hold, and an
// image's architecture against the eligible nodes', volume drivers the manager does not have. Pure: callers pass what
// they already read.
import type { EngineInfo, SwarmNode, SwarmService } from '../engine';
import { parseConstraint } from '../../../server/src/core/stackModel';
import { isUserDefinedNetwork, type DesiredStack, type ServiceSpecBody } from './convert';
import { evaluateConstraints, nodeMatches, nodeName, normalizeArch } from './placement';

export type LiveCheckCode =
  | 'constraint-unsatisfiable'
  | 'constraint-no-eligible-node'
  | 'max-replicas-per-node'
  | 'reservation-unsatisfiable'
  | 'image-architecture'
  | 'external-network-missing'
  | 'external-network-scope'
  | 'external-secret-missing'
  | 'external-config-missing'
  | 'port-in-use'
  | 'volume-driver-missing';

export interface LiveCheckProblem {
  severity: 'error' | 'warning';
  code: LiveCheckCode;
  message: string;
  /** The service's full name (`<stack>_<key>`). */
  service?: string;
  /** The external object's swarm name; for a volume, its key in the file (its `name:` when it has one). */
  object?: string;
  /** What is at fault, for pointing at it in the file. */
  at?: { constraint: string } | { port: number; protocol: string } | { reservation: 'cpus' | 'memory' } | { field: 'max_replicas_per_node' | 'image' };
}

/** A service as the checks need it: its full name and the spec the deploy would post. */
export interface CheckedService {
  name: string;
  spec: ServiceSpecBody;
}

export const replicasOf = (spec: ServiceSpecBody | undefined) => spec?.Mode.Replicated?.Replicas ?? (spec?.Mode.Replicated ? 1 : undefined);

/** What a constraint's key reads on each node (`node.labels.zone` → vm=eu-1, vm-w1=(none)), for the messages. */
function actualValues(nodes: readonly SwarmNode[], constraint: string): string {
  const c = parseConstraint(constraint);
  if (!c.ok) return '';
  const key = c.key.toLowerCase();
  const read = (n: SwarmNode): string | undefined => {
    if (key === 'node.id') return n.ID;
    if (key === 'node.hostname') return n.Description?.Hostname;
    if (key === 'node.ip') return n.Status?.Addr;
    if (key === 'node.role') return n.Spec.Role;
    if (key === 'node.platform.os') return n.Description?.Platform?.OS;
    if (key === 'node.platform.arch') return n.Description?.Platform?.Architecture;
    if (key.startsWith('node.labels.')) return n.Spec.Labels?.[c.key.slice('node.labels.'.length)];
    if (key.startsWith('engine.labels.')) return n.Description?.Engine?.Labels?.[c.key.slice('engine.labels.'.length)];
    return undefined;
  };
  return `${c.key} on the nodes: ${nodes.map((n) => `${nodeName(n)}=${read(n) ?? '(none)'}`).join(', ')}`;
}

/** Placement (constraints, eligible nodes, max replicas per node) and reservations of each service against the nodes. */
export function placementChecks(services: readonly CheckedService[], nodes: readonly SwarmNode[]): LiveCheckProblem[] {
  const problems: LiveCheckProblem[] = [];
  if (!nodes.length) return problems;
  for (const s of services) {
    const placement = s.spec.TaskTemplate.Placement ?? {};
    const constraints = placement.Constraints ?? [];
    const result = evaluateConstraints(nodes, constraints);
    const replicas = replicasOf(s.spec);
    const runsTasks = replicas === undefined || replicas > 0;
    if (constraints.length && result.matching.length === 0 && result.invalid.length === 0) {
      // The constraint no node satisfies on its own (else the combination: the first one).
      const culprit = constraints.find((c) => !nodes.some((n) => nodeMatches(n, [c]))) ?? constraints[0];
      problems.push({
        severity: runsTasks ? 'error' : 'warning',
        code: 'constraint-unsatisfiable',
        service: s.name,
        at: { constraint: culprit },
        message: `no node matches the placement constraints ${constraints.map((c) => `"${c}"`).join(', ')} (nodes: ${nodes.map(nodeName).join(', ')}; ${actualValues(nodes, culprit)}); the tasks would stay pending`,
      });
      continue;
    }
    if (runsTasks && result.matching.length > 0 && result.eligible.length === 0) {
      problems.push({
        severity: 'error',
        code: 'constraint-no-eligible-node',
        service: s.name,
        at: constraints[0] ? { constraint: constraints[0] } : undefined,
        message: `${result.matching.map(nodeName).join(', ')} match${result.matching.length === 1 ? 'es' : ''} the placement constraints but ${result.matching.length === 1 ? 'is' : 'are'} not ready and active; the tasks would stay pending`,
      });
      continue;
    }
    const max = placement.MaxReplicas ?? 0;
    if (max > 0 && replicas !== undefined && max * result.eligible.length < replicas) {
      problems.push({
        severity: 'error',
        code: 'max-replicas-per-node',
        service: s.name,
        at: { field: 'max_replicas_per_node' },
        message: `${replicas} replicas with max_replicas_per_node ${max} need ${Math.ceil(replicas / max)} eligible nodes, but only ${result.eligible.length} (${result.eligible.map(nodeName).join(', ') || 'none'}) can take them; ${replicas - max * result.eligible.length} tasks would stay pending`,
      });
    }
    const need = s.spec.TaskTemplate.Resources?.Reservations;
    const pool = result.eligible.length ? result.eligible : result.matching;
    if (!runsTasks || !pool.length || !need) continue;
    for (const [kind, wanted, has, unit] of [
      ['memory', need.MemoryBytes, (n: SwarmNode) => n.Description?.Resources?.MemoryBytes, (v: number) => `${Math.round(v / 2 ** 20)} MiB`],
      ['cpus', need.NanoCPUs, (n: SwarmNode) => n.Description?.Resources?.NanoCPUs, (v: number) => `${v / 1e9} CPU`],
    ] as const) {
      if (!wanted || pool.some((n) => (has(n) ?? 0) >= wanted)) continue;
      problems.push({
        severity: 'error',
        code: 'reservation-unsatisfiable',
        service: s.name,
        at: { reservation: kind },
        message: `the reservation of ${unit(wanted)} is more than any eligible node has (${pool.map((n) => `${nodeName(n)}: ${unit(has(n) ?? 0)}`).join(', ')}); the tasks would stay pending`,
      });
    }
  }
  return problems;
}

/** What the swarm has, by name, for the external objects' checks. */
export interface ExistingObjects {
  networks: readonly { name: string; scope: string }[];
  secrets: readonly string[];
  configs: readonly string[];
}

/** External networks, secrets and configs the file needs and the swarm does not have (networks: or not swarm-scoped). */
export function externalChecks(desired: DesiredStack, existing: ExistingObjects): LiveCheckProblem[] {
  const problems: LiveCheckProblem[] = [];
  const networks = new Map(existing.networks.map((n) => [n.name, n]));
  for (const name of desired.externalNetworks) {
    if (!isUserDefinedNetwork(name)) continue;
    const nw = networks.get(name);
    if (!nw)
      problems.push({
        severity: 'error',
        code: 'external-network-missing',
        object: name,
        message: `network "${name}" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed`,
      });
    else if (nw.scope !== 'swarm')
      problems.push({
        severity: 'error',
        code: 'external-network-scope',
        object: name,
        message: `network "${name}" is declared as external, but it is not in the right scope: "${nw.scope}" instead of "swarm"`,
      });
  }
  for (const kind of ['secret', 'config'] as const) {
    const have = new Set(kind === 'secret' ? existing.secrets : existing.configs);
    for (const name of kind === 'secret' ? desired.externalSecrets : desired.externalConfigs) {
      if (!have.has(name))
        problems.push({
          severity: 'error',
          code: kind === 'secret' ? 'external-secret-missing' : 'external-config-missing',
          object: name,
          message: `${kind} not found: ${name} (declared as external)`,
        });
    }
  }
  return problems;
}

interface PortConfig {
  PublishedPort?: number;
  Protocol?: string;
  PublishMode?: string;
}

const ingressPorts = (ports: readonly PortConfig[] | undefined) =>
  (ports ?? [])
    .filter((p) => p.PublishedPort && (p.PublishMode ?? 'ingress') === 'ingress')
    .map((p) => ({ port: p.PublishedPort!, protocol: (p.Protocol ?? 'tcp').toLowerCase() }));

/** Published ingress ports of the services that `others` (services outside the stack) already hold. */
export function portChecks(services: readonly CheckedService[], others: readonly SwarmService[]): LiveCheckProblem[] {
  const held = new Map<string, string>();
  for (const o of others) {
    const endpoint = o as SwarmService & { Endpoint?: { Ports?: PortConfig[] } };
    for (const p of ingressPorts(endpoint.Endpoint?.Ports ?? (o.Spec?.EndpointSpec as { Ports?: PortConfig[] } | undefined)?.Ports))
      held.set(`${p.port}/${p.protocol}`, o.Spec?.Name ?? o.ID ?? '?');
  }
  const problems: LiveCheckProblem[] = [];
  for (const s of services) {
    for (const p of ingressPorts(s.spec.EndpointSpec?.Ports)) {
      const owner = held.get(`${p.port}/${p.protocol}`);
      if (owner)
        problems.push({
          severity: 'error',
          code: 'port-in-use',
          service: s.name,
          at: p,
          message: `published port ${p.port}/${p.protocol} is already used by service ${owner} on the swarm's ingress network; the deploy would fail ("port already in use")`,
        });
    }
  }
  return problems;
}

/** An image's architectures and where they were read: the registry's manifest (list), or the manager's local image. */
export interface ImagePlatforms {
  archs: readonly string[];
  source: 'registry' | 'local';
}

const FROM = { registry: 'the registry', local: "the manager's image store" } as const;

/** The image's architectures (a bare string: the local image store's one) against those of the nodes that could run it. */
export function imageArchCheck(s: CheckedService, platforms: string | ImagePlatforms, nodes: readonly SwarmNode[]): LiveCheckProblem | undefined {
  if (replicasOf(s.spec) === 0) return undefined;
  const eligible = evaluateConstraints(nodes, s.spec.TaskTemplate.Placement?.Constraints ?? []).eligible;
  const { archs, source } = typeof platforms === 'string' ? { archs: [platforms], source: 'local' as const } : platforms;
  if (!eligible.length || !archs.length) return undefined;
  const want = [...new Set(archs.map(normalizeArch))];
  if (eligible.some((n) => want.includes(normalizeArch(n.Description?.Platform?.Architecture ?? '')))) return undefined;
  const nodeArchs = [...new Set(eligible.map((n) => normalizeArch(n.Description?.Platform?.Architecture ?? '?')))].join(', ');
  const image = s.spec.TaskTemplate.ContainerSpec?.Image ?? '';
  return {
    severity: 'error',
    code: 'image-architecture',
    service: s.name,
    at: { field: 'image' },
    message: `image ${image} is built for ${want.join(', ')} (according to ${FROM[source]}), but the eligible nodes are ${nodeArchs}; no task could start`,
  };
}

/** The volume drivers one node's daemon has (GET /info `Plugins.Volume`: `local` and the enabled volume plugins). */
export interface VolumeDrivers {
  /** The node asked (its hostname). */
  node: string;
  drivers: readonly string[];
}

export function volumeDriversOf(info: EngineInfo): VolumeDrivers | undefined {
  const volume = (info.raw.Plugins as { Volume?: unknown } | undefined)?.Volume;
  return Array.isArray(volume) ? { node: info.name, drivers: volume.map(String) } : undefined;
}

/** A managed plugin is listed as `name:tag`; a file names it with or without `:latest`. */
const withoutLatest = (driver: string) => driver.replace(/:latest$/, '');

/**
 * Volumes with `driver: X` whose driver the node asked does not have: each task's node creates the volume with it, and
 * a node without the driver rejects the task. Only that node is known (the workers' plugins are not visible through
 * the manager), so the message names it. External volumes carry no driver in the file (the loader refuses `driver`
 * beside `external`).
 */
export function volumeDriverChecks(services: readonly CheckedService[], available: VolumeDrivers, namespace: string): LiveCheckProblem[] {
  const have = new Set(available.drivers.map(withoutLatest));
  const users = new Map<string, { driver: string; services: string[] }>();
  for (const s of services) {
    for (const m of s.spec.TaskTemplate.ContainerSpec?.Mounts ?? []) {
      const driver = m.VolumeOptions?.DriverConfig?.Name;
      if ((m.Type ?? 'volume') !== 'volume' || !driver || have.has(withoutLatest(driver)) || !m.Source) continue;
      const key = m.Source.startsWith(`${namespace}_`) ? m.Source.slice(namespace.length + 1) : m.Source;
      const entry = users.get(key) ?? { driver, services: [] };
      if (!entry.services.includes(s.name)) entry.services.push(s.name);
      users.set(key, entry);
    }
  }
  return [...users].map(([key, u]) => ({
    severity: 'error',
    code: 'volume-driver-missing',
    object: key,
    message: `volume driver "${u.driver}" (volume ${key}, used by ${u.services.join(', ')}) is not installed on ${available.node} (drivers there: ${available.drivers.join(', ') || 'none'}; checked on that node only); tasks placed on a node without it are rejected`,
  }));
}
