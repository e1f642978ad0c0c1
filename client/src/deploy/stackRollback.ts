// "Roll back stack": deploy the revision before the live one again, through the same runner (plan, checks, parallel
// apply, convergence watch, breaker). The live revision is the one the services' com.swarm-pilot.revision label
// names; without a local store entry the previous files can still come from the com.swarm-pilot.previous-files label
// (written by another machine), and are then deployed as files.
import { EngineOps } from './engineOps';
import { decodeFilesLabel, PREVIOUS_FILES_LABEL, REVISION_LABEL, type StackRevision } from './revisions';
import { DeployRunner, type DeployOptions, type DeployResult } from './runner';

export interface RollbackTarget {
  /** The revision to deploy, from the store. */
  revision?: StackRevision;
  /** Files from the previous-files label when the store has nothing. */
  files?: { path: string; text: string }[];
  /** The live revision id (label), if any. */
  liveId?: string;
  /** Why there is nothing to roll back to. */
  reason?: string;
}

/** Finds the revision before the live one. */
export async function findRollbackTarget(options: Pick<DeployOptions, 'client' | 'stack' | 'store' | 'connectionId'>): Promise<RollbackTarget> {
  const ops = new EngineOps(options.client);
  const services = await ops.stackServices(options.stack);
  const liveId = services.map((s) => s.Spec?.Labels?.[REVISION_LABEL]).find(Boolean);
  const revisions = options.store ? await options.store.list(options.connectionId ?? options.client.endpoint.id, options.stack) : [];
  if (revisions.length) {
    const at = liveId ? revisions.map((r) => r.id).lastIndexOf(liveId) : revisions.length - 1;
    const current = at >= 0 ? at : revisions.length - 1;
    const before = revisions
      .slice(0, current)
      .reverse()
      .find((r) => r.id !== revisions[current].id);
    if (before) return { revision: before, liveId };
    if (!services.length) return { revision: revisions[current], liveId };
  }
  const label = services.map((s) => s.Spec?.Labels?.[PREVIOUS_FILES_LABEL]).find(Boolean);
  if (label) return { files: decodeFilesLabel(label), liveId };
  return {
    liveId,
    reason: revisions.length
      ? `stack ${options.stack} has only one recorded revision (${revisions[0].id}); there is nothing before it`
      : `no revision of stack ${options.stack} is recorded for this connection, and its services carry no ${PREVIOUS_FILES_LABEL} label`,
  };
}

/** Rolls the stack back to the previous revision (deploys it again). */
export async function rollbackStack(
  options: Omit<DeployOptions, 'source'> & { env?: Record<string, string | undefined>; onTarget?: (target: RollbackTarget) => void },
): Promise<DeployResult & { target: RollbackTarget }> {
  const target = await findRollbackTarget(options);
  options.onTarget?.(target);
  if (!target.revision && !target.files) {
    return {
      status: 'refused',
      message: `Nothing to roll back to: ${target.reason}.`,
      changes: [],
      warnings: [],
      timings: { planMs: 0 },
      timeline: [],
      target,
    };
  }
  const source = target.revision ? { revision: target.revision } : { files: target.files!, env: options.env ?? {} };
  const result = await new DeployRunner({ ...options, source }).run();
  return { ...result, target };
}
