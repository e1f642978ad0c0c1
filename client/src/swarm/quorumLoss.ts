// Lost Raft quorum as the one manager still answering sees it: it has no leader, so it cannot list nodes any more,
// but GET /info still names every manager (Swarm.RemoteManagers). The managers other than the one answering are
// the ones it cannot reach or that have no leader with it; names come from the last node list seen, else addresses.
import { type EngineClient, EngineError, engineRequest, type SwarmNode } from '../engine';
import { nodeName } from '../deploy';
import { raftHealth } from './quorum';

export interface ManagerRef {
  id: string;
  addr: string;
  /** Hostname from the last node list seen; undefined when none was. */
  name?: string;
}

export interface QuorumState {
  lost: boolean;
  /** One line: "quorum lost: …, unreachable managers: sp-m2 (10.213.0.12:2377), …" or the healthy summary. */
  reason: string;
  answering?: ManagerRef;
  unreachable: ManagerRef[];
}

interface RawInfo {
  Swarm?: { NodeID?: string; NodeAddr?: string; ControlAvailable?: boolean; RemoteManagers?: { NodeID: string; Addr: string }[] | null };
}

/** The engine's answer when a manager has no leader (swarmkit's ErrNoLeader, a leader that stepped down mid-request, a raft read that timed out). */
export function isNoLeaderError(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return /does not have a leader|too few managers are online|lost leader status|DeadlineExceeded|context deadline exceeded/i.test(text);
}

// Unreachable managers in address order: the same message whatever order raft lists its members in.
const byAddr = (a: ManagerRef, b: ManagerRef) => a.addr.localeCompare(b.addr, 'en', { numeric: true });
const label = (m: ManagerRef) => (m.name ? `${m.name} (${m.addr})` : `${m.addr} (node ${m.id.slice(0, 12)})`);

/** The quorum-lost verdict from the answering manager's /info; `known` names the managers (last snapshot). */
export function quorumLostState(info: RawInfo, known: readonly SwarmNode[] = []): QuorumState {
  const self = info.Swarm?.NodeID ?? '';
  const managers: ManagerRef[] = (info.Swarm?.RemoteManagers ?? []).map((m) => {
    const node = known.find((n) => n.ID === m.NodeID);
    return { id: m.NodeID, addr: m.Addr, name: node ? nodeName(node) : undefined };
  });
  const answering = managers.find((m) => m.id === self);
  const unreachable = managers.filter((m) => m.id !== self).sort(byAddr);
  const needed = Math.floor(managers.length / 2) + 1;
  const reason =
    `quorum lost: the swarm has no leader (${managers.length} managers, ${needed} needed); ` +
    `unreachable managers: ${unreachable.map(label).join(', ') || 'unknown'}` +
    (answering ? `; answering: ${label(answering)}` : '');
  return { lost: true, reason, answering, unreachable };
}

/**
 * Asks the manager: a node list means quorum holds (raftHealth then tells how healthy); a no-leader refusal means
 * it is lost. Other errors (daemon gone, not a manager) are thrown as they are.
 */
export async function quorumState(client: EngineClient, known: readonly SwarmNode[] = []): Promise<QuorumState> {
  let nodes: SwarmNode[];
  try {
    nodes = await client.listNodes();
  } catch (err) {
    // A node list that times out while /info (local state) still answers is a manager without a leader too.
    if (!isNoLeaderError(err) && !(err instanceof EngineError && err.kind === 'timeout')) throw err;
    return quorumLostState(await engineRequest<RawInfo>(client, { method: 'GET', path: '/info' }), known);
  }
  const h = raftHealth(nodes);
  const unreachable = nodes
    .filter((n) => n.ManagerStatus && n.ManagerStatus.Reachability !== 'reachable')
    .map((n) => ({ id: n.ID, addr: n.ManagerStatus?.Addr ?? '', name: nodeName(n) }))
    .sort(byAddr);
  const reason = unreachable.length ? `${h.reason}; unreachable managers: ${unreachable.map(label).join(', ')}` : h.reason;
  return { lost: !h.safe, reason, unreachable };
}
