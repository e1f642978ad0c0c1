// Node changes on a live swarm: availability, labels, role, removal, and following a drain until the tasks run
// elsewhere. Refusals (unsafe drain, lost quorum) are OpRefused errors with the reason; `override` skips them.
import { type EngineClient, EngineError, engineRequest, type SwarmTask } from '../engine';
import { nodeName } from '../deploy';
import { analyzeDrain, type DrainImpact } from './drainImpact';
import { checkQuorumChange } from './quorum';
import { isNoLeaderError, quorumState } from './quorumLoss';
import { takeSnapshot } from './snapshot';

export class OpRefused extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'OpRefused';
  }
}

export type Availability = 'active' | 'pause' | 'drain';

/**
 * Runs a node change; when the swarm has no leader, refuses with the quorum-lost reason naming the unreachable
 * managers. Without quorum a change either fails with "no leader" or is never committed (the request times out).
 */
async function unlessQuorumLost<T>(client: EngineClient, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!isNoLeaderError(err) && !(err instanceof EngineError && err.kind === 'timeout')) throw err;
    const state = await quorumState(client).catch(() => undefined);
    if (state?.lost) throw new OpRefused(`Refused: ${state.reason}`);
    throw err;
  }
}

/** Drains after checking the impact; refuses when replicas would be left unplaceable unless `override`. */
export function drainNode(client: EngineClient, nodeId: string, opts: { override?: boolean } = {}): Promise<DrainImpact> {
  return unlessQuorumLost(client, () => drainChecked(client, nodeId, opts));
}

async function drainChecked(client: EngineClient, nodeId: string, opts: { override?: boolean }): Promise<DrainImpact> {
  const impact = analyzeDrain(await takeSnapshot(client), nodeId);
  if (!impact.safe && !opts.override) throw new OpRefused(`Draining ${impact.node.hostname} would leave replicas unplaceable`, impact.lines);
  await client.updateNode(impact.node.id, (spec) => ({ ...spec, Availability: 'drain' }));
  return impact;
}

export function setAvailability(client: EngineClient, nodeId: string, availability: Availability): Promise<void> {
  return unlessQuorumLost(client, () => client.updateNode(nodeId, (spec) => ({ ...spec, Availability: availability })));
}

export function setNodeLabel(client: EngineClient, nodeId: string, key: string, value: string): Promise<void> {
  return client.updateNode(nodeId, (spec) => ({ ...spec, Labels: { ...(spec.Labels ?? {}), [key]: value } }));
}

export function removeNodeLabel(client: EngineClient, nodeId: string, key: string): Promise<void> {
  return client.updateNode(nodeId, (spec) => {
    const { [key]: _gone, ...rest } = spec.Labels ?? {};
    return { ...spec, Labels: rest };
  });
}

/** Promote or demote; a demotion that would lose Raft quorum is refused unless `override`. */
export function setRole(client: EngineClient, nodeId: string, role: 'manager' | 'worker', opts: { override?: boolean } = {}): Promise<void> {
  return unlessQuorumLost(client, async () => {
    if (role === 'worker') {
      const verdict = checkQuorumChange(await client.listNodes(), nodeId, 'demote');
      if (!verdict.safe && !opts.override) throw new OpRefused(verdict.reason);
    }
    await client.updateNode(nodeId, (spec) => ({ ...spec, Role: role }));
  });
}

/** DELETE /nodes/{id}; refused when it would lose quorum (a manager) unless `override`. */
export function removeNode(client: EngineClient, nodeId: string, opts: { force?: boolean; override?: boolean } = {}): Promise<void> {
  return unlessQuorumLost(client, async () => {
    const verdict = checkQuorumChange(await client.listNodes(), nodeId, 'remove');
    if (!verdict.safe && !opts.override) throw new OpRefused(verdict.reason);
    await engineRequest(client, { method: 'DELETE', path: `/nodes/${encodeURIComponent(nodeId)}`, query: opts.force ? { force: true } : {} });
  });
}

export interface DrainProgress {
  total: number;
  /** Tasks of the drained node that are shut down and whose replacement runs elsewhere. */
  moved: number;
  message: string;
}

export interface DrainOutcome {
  done: boolean;
  /** Replacements not running yet, with their state and error. */
  waiting: { service: string; slot?: number; state?: string; error?: string }[];
}

const POLL_MS = 1000;

/**
 * Follows a drain (polling tasks: the Engine has no task events) until every replicated task that ran on the
 * node has a running replacement elsewhere, the signal aborts, or the timeout passes.
 */
export async function followDrain(
  client: EngineClient,
  impact: DrainImpact,
  opts: { onProgress?: (p: DrainProgress) => void; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<DrainOutcome> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  const moved = new Map(impact.moving.map((m) => [m.taskId, m]));
  for (;;) {
    const tasks = await client.listTasks();
    const waiting: DrainOutcome['waiting'] = [];
    for (const m of moved.values()) {
      const old = tasks.find((t) => t.ID === m.taskId);
      const replacement = tasks.find(
        (t: SwarmTask) =>
          t.ID !== m.taskId && t.Slot === m.slot && t.NodeID !== impact.node.id && t.DesiredState === 'running' && old && t.ServiceID === old.ServiceID,
      );
      const oldGone = !old || old.Status?.State !== 'running';
      if (!(oldGone && replacement?.Status?.State === 'running'))
        waiting.push({ service: m.service, slot: m.slot, state: replacement?.Status?.State ?? 'not scheduled', error: replacement?.Status?.Err });
    }
    const total = moved.size;
    opts.onProgress?.({ total, moved: total - waiting.length, message: `${total - waiting.length}/${total} tasks running elsewhere` });
    if (waiting.length === 0) return { done: true, waiting };
    if (opts.signal?.aborted || Date.now() > deadline) return { done: false, waiting };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export { nodeName };
