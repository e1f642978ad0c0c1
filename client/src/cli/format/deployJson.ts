import type { DeployResult } from '../../deploy';

/** `swarm-pilot deploy --format json`: the result as one object for CI (errors as messages, not stacks). */
export function formatDeployJson(stack: string, result: DeployResult): string {
  return (
    JSON.stringify({
      stack,
      status: result.status,
      message: result.message,
      changes: result.changes.map((c) => ({ kind: c.kind, name: c.name })),
      ...(result.trip ? { trip: result.trip } : {}),
      ...(result.undo
        ? { undo: result.undo.map((u) => ({ kind: u.record.kind, name: u.record.name, outcome: u.outcome, ...(u.error ? { error: u.error } : {}) })) }
        : {}),
      ...(result.revision ? { revision: result.revision.id } : {}),
      warnings: result.warnings,
      timings: result.timings,
      timeline: result.timeline,
    }) + '\n'
  );
}
