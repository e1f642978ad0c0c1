// Raft quorum arithmetic for manager changes: a swarm with N managers needs floor(N/2)+1 reachable ones.
import { nodeName } from '../deploy';
import type { SwarmNode } from '../engine';

export interface QuorumVerdict {
  safe: boolean;
  managers: number;
  reachable: number;
  needed: number;
  reason: string;
}

const reachable = (n: SwarmNode) => n.ManagerStatus?.Reachability === 'reachable';

/** Raft health now: managers, reachable ones, how many quorum needs; a warning for even counts or lost quorum. */
export function raftHealth(nodes: readonly SwarmNode[]): QuorumVerdict & { leader?: string; evenWarning: boolean } {
  const managers = nodes.filter((n) => n.Spec.Role === 'manager' || n.ManagerStatus);
  const up = managers.filter(reachable).length;
  const needed = Math.floor(managers.length / 2) + 1;
  const leader = managers.find((n) => n.ManagerStatus?.Leader);
  const safe = up >= needed;
  const tolerance = up - needed;
  const reason = !safe
    ? `quorum lost: ${up} of ${managers.length} managers reachable, ${needed} needed; the swarm cannot change until managers come back`
    : `${up}/${managers.length} managers reachable, quorum needs ${needed}; ${tolerance === 0 ? 'losing one more manager loses quorum' : `${tolerance} more can fail`}`;
  return {
    safe,
    managers: managers.length,
    reachable: up,
    needed,
    reason,
    leader: leader ? nodeName(leader) : undefined,
    evenWarning: managers.length > 1 && managers.length % 2 === 0,
  };
}

/** Whether demoting or removing a manager keeps quorum afterwards. Workers never matter. */
export function checkQuorumChange(nodes: readonly SwarmNode[], nodeId: string, change: 'demote' | 'remove'): QuorumVerdict {
  const node = nodes.find((n) => n.ID === nodeId);
  if (!node) throw new Error(`no node ${nodeId} in this swarm`);
  const now = raftHealth(nodes);
  if (node.Spec.Role !== 'manager') return { ...now, safe: true, reason: `${nodeName(node)} is a worker: quorum is not affected` };
  const managers = now.managers - 1;
  const up = now.reachable - (reachable(node) ? 1 : 0);
  const needed = Math.floor(managers / 2) + 1;
  if (managers === 0)
    return {
      safe: false,
      managers,
      reachable: up,
      needed,
      reason: `${nodeName(node)} is the only manager: ${change === 'demote' ? 'demoting' : 'removing'} it leaves the swarm without a manager`,
    };
  const safe = up >= needed;
  return {
    safe,
    managers,
    reachable: up,
    needed,
    reason: safe
      ? `after ${change === 'demote' ? 'demoting' : 'removing'} ${nodeName(node)}: ${up}/${managers} managers reachable, quorum needs ${needed}`
      : `${change === 'demote' ? 'demoting' : 'removing'} ${nodeName(node)} loses Raft quorum: ${up} of ${managers} managers would be reachable, ${needed} needed`,
  };
}
