// Rebalancing (moby/moby#24103, swarmkit#310: swarm never moves running tasks back after a node returns). A service
// is skewed when its running tasks sit on fewer nodes than it could use; eligibility is the deploy engine's
// constraint evaluation plus max_replicas_per_node, the reservations (as drain impact computes free resources) and
// the platforms. Rebalancing force-updates the chosen services a few at a time (each follows its own update_config),
// follows them until their new tasks run and reports the new spread.
import { evaluateConstraints, nodeName, normalizeArch } from '../deploy';
import type { EngineClient, SwarmNode, SwarmTask } from '../engine';
import { freeResources, placementOf, reservationsOf } from './drainImpact';
import { forceUpdateService, watchServiceUpdate, type UpdateOutcome } from './serviceOperations';
import { takeSnapshot, type ServiceSummary, type SwarmSnapshot } from './snapshot';

const running = (t: SwarmTask) => t.DesiredState === 'running' && t.Status?.State === 'running';

/** Running tasks per node id (the Nodes view's count). */
export function runningTasksByNode(snapshot: SwarmSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of snapshot.tasks) if (running(t) && t.NodeID) out.set(t.NodeID, (out.get(t.NodeID) ?? 0) + 1);
  return out;
}

function platformOk(node: SwarmNode, platforms: { Architecture?: string; OS?: string }[] | undefined): boolean {
  if (!platforms?.length) return true;
  const arch = normalizeArch(node.Description?.Platform?.Architecture ?? '');
  const os = node.Description?.Platform?.OS ?? '';
  return platforms.some((p) => (!p.Architecture || normalizeArch(p.Architecture) === arch) && (!p.OS || p.OS === os));
}

/** The active, ready nodes a replica of the service may run on (its own nodes count even when full). */
export function eligibleNodes(snapshot: SwarmSnapshot, s: ServiceSummary): SwarmNode[] {
  const placement = placementOf(s);
  const need = reservationsOf(s);
  const own = new Set(snapshot.tasks.filter((t) => t.ServiceID === s.id && running(t)).map((t) => t.NodeID));
  return evaluateConstraints(snapshot.nodes, placement.Constraints ?? []).eligible.filter((n) => {
    if (!platformOk(n, placement.Platforms)) return false;
    if (own.has(n.ID)) return true;
    if (placement.MaxReplicas === 0) return false;
    const free = freeResources(n, snapshot);
    return (!need.NanoCPUs || free.cpu >= need.NanoCPUs) && (!need.MemoryBytes || free.mem >= need.MemoryBytes);
  });
}

export interface SkewedService {
  id: string;
  name: string;
  replicas: number;
  /** Running tasks per node hostname now, and what an even spread over the eligible nodes gives. */
  now: Record<string, number>;
  expected: Record<string, number>;
  /** Why it is left out of the default selection (its data does not move with it), or undefined. */
  caution?: string;
}

/** Local named volumes and bind mounts: a task moved to another node does not find its data there. */
function dataCaution(s: ServiceSummary, replicas: number): string | undefined {
  if (replicas < 2) return 'one replica: it would only move, not spread';
  const mounts =
    (
      s.service.Spec?.TaskTemplate as
        { ContainerSpec?: { Mounts?: { Type?: string; Source?: string; VolumeOptions?: { DriverConfig?: { Name?: string } } }[] } } | undefined
    )?.ContainerSpec?.Mounts ?? [];
  const bind = mounts.find((m) => m.Type === 'bind');
  if (bind) return `bind mount ${bind.Source}: its data stays on the node`;
  const local = mounts.find((m) => (m.Type ?? 'volume') === 'volume' && m.Source && (m.VolumeOptions?.DriverConfig?.Name ?? 'local') === 'local');
  return local ? `local volume ${local.Source}: its data stays on the node` : undefined;
}

/** An even spread of `replicas` over the nodes, fewest moves first (nodes that hold more keep the remainder). */
function evenSpread(replicas: number, nodes: SwarmNode[], now: Map<string, number>, maxPerNode?: number): Record<string, number> {
  const order = [...nodes].sort((a, b) => (now.get(b.ID) ?? 0) - (now.get(a.ID) ?? 0) || nodeName(a).localeCompare(nodeName(b)));
  const base = Math.floor(replicas / order.length);
  const out: Record<string, number> = {};
  order.forEach((n, i) => (out[nodeName(n)] = Math.min(base + (i < replicas % order.length ? 1 : 0), maxPerNode || Infinity)));
  return out;
}

/** Replicated services with ≥ 2 replicas whose running tasks use fewer nodes than they could. */
export function skewedServices(snapshot: SwarmSnapshot, only?: (s: ServiceSummary) => boolean): SkewedService[] {
  const out: SkewedService[] = [];
  for (const s of snapshot.services) {
    if (s.mode !== 'replicated' || s.desired < 2 || (only && !only(s))) continue;
    const tasks = snapshot.tasks.filter((t) => t.ServiceID === s.id && running(t));
    // Nothing runs (failing, pending, paused update): a force update spreads nothing, it is not skew.
    if (!tasks.length) continue;
    const per = new Map<string, number>();
    for (const t of tasks) if (t.NodeID) per.set(t.NodeID, (per.get(t.NodeID) ?? 0) + 1);
    const eligible = eligibleNodes(snapshot, s);
    const usable = Math.min(s.desired, eligible.length);
    if (per.size >= usable || !eligible.some((n) => !per.has(n.ID))) continue;
    const name = (id: string) => nodeName(snapshot.nodes.find((n) => n.ID === id) ?? ({ ID: id } as SwarmNode));
    out.push({
      id: s.id,
      name: s.name,
      replicas: s.desired,
      now: Object.fromEntries([...per].map(([id, c]) => [name(id), c])),
      expected: evenSpread(s.desired, eligible, per, placementOf(s).MaxReplicas),
      caution: dataCaution(s, s.desired),
    });
  }
  return out;
}

const spread = (r: Record<string, number>) =>
  Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([n, c]) => `${n} ${c}`)
    .join(', ');

/** `web: vm 3, vm-w2 1 → vm 2, vm-w1 1, vm-w2 1` */
export const moveLine = (s: SkewedService) => `${s.name}: ${spread(s.now)} → ${spread(s.expected)}`;

export interface RebalanceOutcome {
  service: string;
  outcome: UpdateOutcome;
  /** Running tasks per node after it settled. */
  after: Record<string, number>;
  errors: string[];
}

/**
 * Force-updates the services, at most `concurrency` at once (default 2), each followed until its new tasks run
 * (or its update pauses / rolls back per its update_config), then reads the new spread.
 */
export async function rebalance(
  client: EngineClient,
  services: readonly { id: string; name: string }[],
  opts: { concurrency?: number; onProgress?: (message: string) => void; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<RebalanceOutcome[]> {
  const results: { service: { id: string; name: string }; outcome: UpdateOutcome; errors: string[] }[] = [];
  const queue = [...services];
  const worker = async () => {
    for (let s = queue.shift(); s && !opts.signal?.aborted; s = queue.shift()) {
      const service = s;
      await forceUpdateService(client, service.id);
      const force = ((await client.inspectService(service.id)).Spec?.TaskTemplate as { ForceUpdate?: number } | undefined)?.ForceUpdate ?? 0;
      const isCurrent = (t: SwarmTask) => ((t.Spec as { ForceUpdate?: number } | undefined)?.ForceUpdate ?? 0) >= force;
      const r = await watchServiceUpdate(client, service.id, { isCurrent, signal: opts.signal, timeoutMs: opts.timeoutMs, onProgress: opts.onProgress });
      results.push({ service, outcome: r.outcome, errors: r.failedTasks.map((t) => t.error) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 2, services.length)) }, worker));
  const snapshot = await takeSnapshot(client);
  const name = (id?: string) => nodeName(snapshot.nodes.find((n) => n.ID === id) ?? ({ ID: id ?? '?' } as SwarmNode));
  return results.map(({ service, outcome, errors }) => {
    const after: Record<string, number> = {};
    for (const t of snapshot.tasks) if (t.ServiceID === service.id && running(t)) after[name(t.NodeID)] = (after[name(t.NodeID)] ?? 0) + 1;
    return { service: service.name, outcome, after, errors };
  });
}

export const outcomeLine = (o: RebalanceOutcome) =>
  `${o.service}: ${o.outcome}; now ${spread(o.after)}${o.errors.length ? ` (failed tasks: ${[...new Set(o.errors)].slice(0, 2).join('; ')})` : ''}`;

/** When nodes came back (ready and active again after being down, drained or paused), from successive snapshots. */
export class NodeReturns {
  private readonly returnedAt = new Map<string, number>();
  private previous = new Map<string, boolean>();

  observe(snapshot: SwarmSnapshot, now = Date.now()): void {
    const usable = (n: SwarmNode) => n.Status?.State === 'ready' && (n.Spec.Availability ?? 'active') === 'active';
    const next = new Map(snapshot.nodes.map((n) => [n.ID, usable(n)]));
    for (const [id, ok] of next) if (ok && this.previous.get(id) === false) this.returnedAt.set(id, now);
    for (const id of this.returnedAt.keys()) if (!next.get(id)) this.returnedAt.delete(id);
    this.previous = next;
  }

  /** Nodes that returned, newest first. */
  list(): { nodeId: string; at: number }[] {
    return [...this.returnedAt].map(([nodeId, at]) => ({ nodeId, at })).sort((a, b) => b.at - a.at);
  }
}
