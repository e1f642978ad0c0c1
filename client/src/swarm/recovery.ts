// What the Recovery view shows, from a snapshot (pure): nodes that are down or unknown with each task that was
// running there and where its replacement is now, and the swarm root CA's expiry.
import { X509Certificate } from 'node:crypto';
import { nodeName, replacementOf } from '../deploy';
import type { SwarmNode } from '../engine';
import type { SwarmSnapshot } from './snapshot';

export interface RescheduledTask {
  service: string;
  slot?: number;
  /** The replacement's state and node ("running on vm-w1"), or undefined while there is none. */
  now?: string;
  running: boolean;
}

export interface DownNode {
  node: SwarmNode;
  tasks: RescheduledTask[];
}

/** Down (or unknown) nodes with the tasks that ran there and their replacements. */
export function downNodes(snapshot: SwarmSnapshot): DownNode[] {
  return snapshot.nodes
    .filter((n) => n.Status?.State === 'down' || n.Status?.State === 'unknown')
    .map((node) => {
      // A down node cannot report: its tasks keep their last state (running) while swarm wants them shut down.
      const lost = snapshot.tasks.filter((t) => t.NodeID === node.ID && t.DesiredState === 'shutdown' && t.Status?.State === 'running');
      const tasks = lost.map((t) => {
        const svc = snapshot.services.find((s) => s.id === t.ServiceID);
        const replacement = replacementOf(t, snapshot.tasks);
        const where = replacement ? snapshot.nodes.find((n) => n.ID === replacement.NodeID) : undefined;
        return {
          service: svc?.name ?? t.ServiceID,
          slot: t.Slot,
          now: replacement ? `${replacement.Status?.State} on ${where ? nodeName(where) : 'no node yet'}` : undefined,
          running: replacement?.Status?.State === 'running',
        };
      });
      return { node, tasks };
    });
}

/**
 * Whether swarm is still moving tasks off a down node: a replicated task that ran there has no running replacement
 * yet. Rescheduling sends no engine event (tasks have none), so whoever shows the rows has to look again.
 */
export function reschedulingPending(snapshot: SwarmSnapshot): boolean {
  return downNodes(snapshot).some((d) => d.tasks.some((t) => t.slot !== undefined && !t.running));
}

/** The swarm root CA certificate's expiry (from GET /swarm TLSInfo.TrustRoot), or undefined when unreadable. */
export function rootCaExpiry(snapshot: SwarmSnapshot): Date | undefined {
  const pem = (snapshot.swarm as { TLSInfo?: { TrustRoot?: string } }).TLSInfo?.TrustRoot;
  try {
    return pem ? new Date(new X509Certificate(pem).validTo) : undefined;
  } catch {
    return undefined;
  }
}
