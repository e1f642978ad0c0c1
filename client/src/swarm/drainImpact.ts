// What draining a node would do, computed from a snapshot before anything changes: which tasks move, and whether
// the nodes left can take them (constraints, max_replicas_per_node, reservations), as swarmkit's scheduler decides.
import { evaluateConstraints, nodeName } from '../deploy';
import type { SwarmNode, SwarmTask } from '../engine';
import type { ServiceSummary, SwarmSnapshot } from './snapshot';

export interface TaskMove {
  taskId: string;
  service: string;
  slot?: number;
}

export interface Unplaceable {
  service: string;
  /** Tasks that would have nowhere to go. */
  tasks: number;
  reason: string;
}

export interface DrainImpact {
  node: { id: string; hostname: string };
  moving: TaskMove[];
  /** Global-mode tasks on the node simply stop. */
  stopping: TaskMove[];
  unplaceable: Unplaceable[];
  safe: boolean;
  /** A readable summary for the confirmation dialog. */
  lines: string[];
}

interface Placement {
  Constraints?: string[];
  MaxReplicas?: number;
  Platforms?: { Architecture?: string; OS?: string }[];
}

export const placementOf = (s: ServiceSummary) => ((s.service.Spec?.TaskTemplate as { Placement?: Placement } | undefined)?.Placement ?? {}) as Placement;
export const reservationsOf = (s: ServiceSummary) =>
  ((s.service.Spec?.TaskTemplate as { Resources?: { Reservations?: { NanoCPUs?: number; MemoryBytes?: number } } } | undefined)?.Resources?.Reservations ??
    {}) as { NanoCPUs?: number; MemoryBytes?: number };

export const live = (t: SwarmTask) =>
  t.DesiredState === 'running' && ['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'].includes(t.Status?.State ?? '');

/** CPU and memory left on a node after the reservations of the live tasks it runs. */
export function freeResources(node: SwarmNode, snapshot: SwarmSnapshot): { cpu: number; mem: number } {
  let cpu = node.Description?.Resources?.NanoCPUs ?? 0;
  let mem = node.Description?.Resources?.MemoryBytes ?? 0;
  for (const t of snapshot.tasks) {
    if (t.NodeID !== node.ID || !live(t)) continue;
    const svc = snapshot.services.find((s) => s.id === t.ServiceID);
    const r = svc ? reservationsOf(svc) : {};
    cpu -= r.NanoCPUs ?? 0;
    mem -= r.MemoryBytes ?? 0;
  }
  return { cpu, mem };
}

export function analyzeDrain(snapshot: SwarmSnapshot, nodeId: string): DrainImpact {
  const node = snapshot.nodes.find((n) => n.ID === nodeId || n.Description?.Hostname === nodeId);
  if (!node) throw new Error(`no node ${nodeId} in this swarm`);
  const onNode = snapshot.tasks.filter((t) => t.NodeID === node.ID && live(t));
  const moving: TaskMove[] = [];
  const stopping: TaskMove[] = [];
  const unplaceable: Unplaceable[] = [];
  // The other nodes as the scheduler would see them after the drain.
  const others = snapshot.nodes.filter((n) => n.ID !== node.ID);
  const free = new Map(others.map((n) => [n.ID, freeResources(n, snapshot)]));
  const byService = new Map<string, SwarmTask[]>();
  for (const t of onNode) byService.set(t.ServiceID, [...(byService.get(t.ServiceID) ?? []), t]);
  for (const [serviceId, tasks] of byService) {
    const svc = snapshot.services.find((s) => s.id === serviceId);
    const name = svc?.name ?? serviceId;
    const asMoves = tasks.map((t) => ({ taskId: t.ID, service: name, slot: t.Slot }));
    if (!svc || svc.mode === 'global' || svc.mode === 'global-job') {
      stopping.push(...asMoves);
      continue;
    }
    moving.push(...asMoves);
    const placement = placementOf(svc);
    const eligible = evaluateConstraints(others, placement.Constraints ?? []).eligible;
    const need = reservationsOf(svc);
    // Room per eligible node: max_replicas_per_node minus what it runs of this service, and the reservations.
    let room = 0;
    for (const n of eligible) {
      const running = snapshot.tasks.filter((t) => t.NodeID === n.ID && t.ServiceID === serviceId && live(t)).length;
      const byMax = placement.MaxReplicas ? Math.max(0, placement.MaxReplicas - running) : Infinity;
      const f = free.get(n.ID)!;
      const byCpu = need.NanoCPUs ? Math.floor(f.cpu / need.NanoCPUs) : Infinity;
      const byMem = need.MemoryBytes ? Math.floor(f.mem / need.MemoryBytes) : Infinity;
      const fits = Math.min(byMax, byCpu, byMem, tasks.length - room);
      room += Math.max(0, fits);
      if (need.NanoCPUs) f.cpu -= fits * need.NanoCPUs;
      if (need.MemoryBytes) f.mem -= fits * need.MemoryBytes;
      if (room >= tasks.length) break;
    }
    if (room < tasks.length) {
      const why =
        eligible.length === 0
          ? `no other active, ready node matches its constraints${placement.Constraints?.length ? ` (${placement.Constraints.join(', ')})` : ''}`
          : placement.MaxReplicas
            ? `max_replicas_per_node ${placement.MaxReplicas} on ${eligible.length} eligible node(s)${need.NanoCPUs || need.MemoryBytes ? ' and their reservations' : ''} leave room for ${room} of ${tasks.length}`
            : `the reservations (${need.NanoCPUs ? `${need.NanoCPUs / 1e9} CPU` : ''}${need.NanoCPUs && need.MemoryBytes ? ', ' : ''}${need.MemoryBytes ? `${Math.round(need.MemoryBytes / 2 ** 20)} MiB` : ''}) fit ${room} of ${tasks.length} on the other nodes`;
      unplaceable.push({ service: name, tasks: tasks.length - room, reason: why });
    }
  }
  const hostname = nodeName(node);
  const lines = [
    `${moving.length} task(s) move off ${hostname}${moving.length ? `: ${[...new Set(moving.map((m) => m.service))].join(', ')}` : ''}.`,
    ...(stopping.length ? [`${stopping.length} global task(s) stop there: ${[...new Set(stopping.map((m) => m.service))].join(', ')}.`] : []),
    ...unplaceable.map((u) => `${u.service}: ${u.tasks} task(s) would stay pending: ${u.reason}.`),
  ];
  return { node: { id: node.ID, hostname }, moving, stopping, unplaceable, safe: unplaceable.length === 0, lines };
}
