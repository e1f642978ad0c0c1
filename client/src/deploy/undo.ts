// Undoing what one deploy changed, newest change first, so that the swarm ends where it started: updated services
// go back to their previous spec (server-side rollback when swarm's PreviousSpec is the spec from before this deploy,
// else that spec is posted again), created services are removed, relabelled secrets/configs get their labels back,
// and created secrets, configs and networks are removed once nothing uses them any more.
import { isDeepStrictEqual } from 'node:util';
import { EngineError, type CallOptions } from '../engine';
import type { ChangeRecord, Journal } from './apply';
import type { FileObjectSpec } from './convert';
import type { EngineOps } from './engineOps';

export interface UndoResult {
  record: ChangeRecord;
  outcome: 'rolled-back' | 'restored' | 'already-previous' | 'removed' | 'already-gone' | 'relabelled' | 'failed';
  error?: string;
}

export interface UndoOptions {
  /** How long to retry removing a network/secret/config that is still in use (default 60 s). */
  inUseTimeoutMs?: number;
  /** How long to wait for server-side rollbacks to complete (default 90 s). */
  rollbackTimeoutMs?: number;
  onUndone?: (r: UndoResult) => void;
  /** A service's undo was accepted by the Engine (rollback, previous spec or removal): for the breaker's timeline. */
  onRequested?: (record: ChangeRecord, outcome: UndoResult['outcome']) => void;
  /** A server-side rollback left rollback_started (its final UpdateStatus state given). */
  onConvergedBack?: (serviceId: string, state: string) => void;
  call?: CallOptions;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const isNotFound = (err: unknown) => (err as { statusCode?: number }).statusCode === 404;

async function retryWhileInUse(fn: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const inUse = err instanceof EngineError && /in use|active endpoints|has active|is being used/i.test(err.detail);
      if (!inUse || Date.now() >= deadline) throw err;
      await sleep(500);
    }
  }
}

export async function undoJournal(ops: EngineOps, journal: Journal, options: UndoOptions = {}): Promise<UndoResult[]> {
  const call = options.call ?? {};
  const results: UndoResult[] = [];
  const done = (r: UndoResult) => {
    results.push(r);
    options.onUndone?.(r);
  };
  const records = [...journal.records].reverse();
  const rolledBack: string[] = [];
  // Services first (all at once), then the objects they used.
  await Promise.all(
    records
      .filter((r) => r.kind === 'service-created' || r.kind === 'service-updated')
      .map(async (record) => {
        try {
          if (record.kind === 'service-created') {
            try {
              await ops.removeService(record.id, call);
              options.onRequested?.(record, 'removed');
              done({ record, outcome: 'removed' });
            } catch (err) {
              if (!isNotFound(err)) throw err;
              done({ record, outcome: 'already-gone' });
            }
            return;
          }
          const outcome = await restoreService(ops, record, call);
          if (outcome === 'rolled-back' || outcome === 'restored') options.onRequested?.(record, outcome);
          if (outcome === 'rolled-back') rolledBack.push(record.id);
          done({ record, outcome });
        } catch (err) {
          done({ record, outcome: 'failed', error: (err as Error).message });
        }
      }),
  );
  for (const record of records) {
    if (record.kind === 'service-created' || record.kind === 'service-updated' || record.kind === 'service-removed') continue;
    try {
      if (record.kind === 'secret-updated' || record.kind === 'config-updated') {
        const kind = record.kind === 'secret-updated' ? 'secret' : 'config';
        const current = (await ops.listObjects(kind, { id: [record.id] }, call)).find((o) => o.ID === record.id);
        if (current)
          await ops.updateObject(kind, record.id, current.Version.Index, { ...current.Spec, Labels: (record.previousSpec as FileObjectSpec).Labels }, call);
        done({ record, outcome: current ? 'relabelled' : 'already-gone' });
        continue;
      }
      const remove =
        record.kind === 'network-created'
          ? () => ops.removeNetwork(record.id, call)
          : () => ops.removeObject(record.kind === 'secret-created' ? 'secret' : 'config', record.id, call);
      try {
        await retryWhileInUse(remove, options.inUseTimeoutMs ?? 60_000);
        done({ record, outcome: 'removed' });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        done({ record, outcome: 'already-gone' });
      }
    } catch (err) {
      done({ record, outcome: 'failed', error: (err as Error).message });
    }
  }
  await waitForRollbacks(ops, rolledBack, options.rollbackTimeoutMs ?? 90_000, call, options.onConvergedBack);
  return results;
}

/** Puts an updated service back to the spec it had before this deploy. */
async function restoreService(ops: EngineOps, record: ChangeRecord, call: CallOptions): Promise<UndoResult['outcome']> {
  for (let attempt = 1; ; attempt++) {
    const svc = await ops.inspectService(record.id, call);
    if (isDeepStrictEqual(svc.Spec, record.previousSpec)) return 'already-previous';
    try {
      if (svc.PreviousSpec && isDeepStrictEqual(svc.PreviousSpec, record.previousSpec)) {
        await ops.client.rollbackService(record.id, call);
        return 'rolled-back';
      }
      await ops.updateService(record.id, svc.Version?.Index ?? 0, record.previousSpec as never, undefined, call);
      return 'restored';
    } catch (err) {
      if (attempt >= 3 || !(err instanceof EngineError) || !/update out of sequence/i.test(err.detail)) throw err;
    }
  }
}

/** Waits (bounded) until the server-side rollbacks report rollback_completed, reporting each service as it gets there. */
async function waitForRollbacks(
  ops: EngineOps,
  ids: string[],
  timeoutMs: number,
  call: CallOptions,
  onConvergedBack?: (serviceId: string, state: string) => void,
): Promise<void> {
  const pending = new Set(ids);
  const deadline = Date.now() + timeoutMs;
  while (pending.size && Date.now() < deadline) {
    const services = await ops.listServices({ id: [...pending] }, call);
    for (const s of services) {
      const state = s.UpdateStatus?.State;
      if (state === 'rollback_started') continue;
      pending.delete(s.ID);
      onConvergedBack?.(s.ID, state ?? 'none');
    }
    // A service that vanished meanwhile has nothing left to wait for.
    for (const id of [...pending]) if (!services.some((s) => s.ID === id)) pending.delete(id);
    if (pending.size) await sleep(250);
  }
}
