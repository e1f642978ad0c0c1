// A stack file against the explorer's snapshot (no further swarm reads): its drift and, per service, how its tasks
// run — what the editor's code lenses show.
import { stackDrift, type DesiredStack, type StackDrift } from '../deploy';
import { STACK_LABEL, tasksOf, type ServiceSummary, type SwarmSnapshot } from './snapshot';

/** The drift of `desired` against the stack's services in the snapshot. */
export function snapshotDrift(desired: DesiredStack, snapshot: SwarmSnapshot): StackDrift {
  const services = snapshot.services.filter((s) => s.service.Spec?.Labels?.[STACK_LABEL] === desired.namespace).map((s) => s.service);
  return stackDrift(desired, { services, networkNames: new Map(snapshot.networks.map((n) => [n.id, n.name])) });
}

export interface ServiceHealth {
  running: number;
  desired: number;
  /** Slots whose newest task failed or was rejected, with the newest error. */
  failing: number;
  error?: string;
}

const FAILED = new Set(['failed', 'rejected']);

/** running/desired and the failing slots (newest task per slot, or per node for global services). */
export function serviceHealth(snapshot: SwarmSnapshot, s: ServiceSummary): ServiceHealth {
  const newest = new Map<string, SwarmSnapshot['tasks'][number]>();
  for (const t of tasksOf(snapshot, s.id)) {
    const slot = t.Slot !== undefined ? `slot:${t.Slot}` : `node:${t.NodeID ?? ''}`;
    if (!newest.has(slot)) newest.set(slot, t);
  }
  const failing = [...newest.values()].filter((t) => FAILED.has(t.Status?.State ?? ''));
  return { running: s.running, desired: s.desired, failing: failing.length, error: failing.find((t) => t.Status?.Err)?.Status?.Err };
}
