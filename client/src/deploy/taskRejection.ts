// Task failures that no retry can fix: the node has no such image and cannot pull it, or no image variant matches
// the node's platform. Swarm keeps rescheduling such tasks (each one rejected again), so waiting for the failure ratio
// or the timeout only delays the same answer; the deploy fails at once, naming the node and the reason.
import type { SwarmTask } from '../engine';

export interface FatalRejection {
  /** The node's hostname (its id when the hostname is unknown). */
  node: string;
  /** The task's Status.Err as the Engine gave it. */
  reason: string;
  kind: 'no-such-image' | 'unsupported-platform';
}

// dockerd's messages: "No such image: REF" (pull failed and the image is not local), "… unsupported platform …" /
// "no matching manifest for linux/arm64 in the manifest list entries" (image exists, not for this platform).
const NO_SUCH_IMAGE = /\bNo such image\b/i;
const UNSUPPORTED_PLATFORM = /unsupported platform|no matching manifest for /i;

/** The fatal rejection a task reports, if any: only failed/rejected tasks with one of those errors. */
export function fatalRejection(task: SwarmTask, nodeNames?: ReadonlyMap<string, string>): FatalRejection | undefined {
  const state = task.Status?.State;
  if (state !== 'rejected' && state !== 'failed') return undefined;
  const reason = task.Status?.Err ?? '';
  const kind = NO_SUCH_IMAGE.test(reason) ? 'no-such-image' : UNSUPPORTED_PLATFORM.test(reason) ? 'unsupported-platform' : undefined;
  if (!kind) return undefined;
  const id = task.NodeID ?? '';
  return { node: nodeNames?.get(id) ?? (id ? id.slice(0, 12) : 'no node'), reason, kind };
}

/** True for a task error line (as in TripInfo.taskErrors) that carries one of the fatal reasons. */
export const isFatalRejectionText = (line: string): boolean => NO_SUCH_IMAGE.test(line) || UNSUPPORTED_PLATFORM.test(line);
