// Service changes on a live swarm (scale, force update, rollback, remove) and following an update to its outcome.
import { type EngineClient, engineRequest, type SwarmTask } from '../engine';
import { OpRefused } from './nodeOperations';
import { summarizeService } from './snapshot';

export async function scaleService(client: EngineClient, serviceId: string, replicas: number): Promise<void> {
  if (!Number.isInteger(replicas) || replicas < 0) throw new OpRefused(`replicas must be a whole number, 0 or more (not ${replicas})`);
  const svc = await client.inspectService(serviceId);
  const mode = Object.keys(svc.Spec?.Mode ?? {})[0];
  if (mode && mode !== 'Replicated') throw new OpRefused(`${svc.Spec?.Name} runs in ${mode} mode: only replicated services scale`);
  await client.updateService(serviceId, (spec) => ({ ...spec, Mode: { Replicated: { Replicas: replicas } } }));
}

/** `docker service update --force`: new tasks with the same spec (TaskTemplate.ForceUpdate + 1). */
export async function forceUpdateService(client: EngineClient, serviceId: string): Promise<void> {
  await client.updateService(serviceId, (spec) => {
    const tt = (spec.TaskTemplate ?? {}) as { ForceUpdate?: number };
    return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: (tt.ForceUpdate ?? 0) + 1 } as typeof spec.TaskTemplate };
  });
}

/** Server-side rollback to PreviousSpec; a service never updated gets a clear refusal. */
export async function rollbackService(client: EngineClient, serviceId: string): Promise<void> {
  const svc = await client.inspectService(serviceId);
  if (!svc.PreviousSpec) throw new OpRefused(`service ${svc.Spec?.Name ?? serviceId} has no previous spec to roll back to (it was never updated)`);
  await client.rollbackService(serviceId);
}

export async function removeService(client: EngineClient, serviceId: string): Promise<void> {
  await engineRequest(client, { method: 'DELETE', path: `/services/${encodeURIComponent(serviceId)}` });
}

export type UpdateOutcome = 'converged' | 'paused' | 'rolled back' | 'rollback paused' | 'cancelled' | 'timeout';

export interface WatchResult {
  outcome: UpdateOutcome;
  failedTasks: { id: string; node?: string; error: string }[];
}

/** Follows a service after a change until its update status and tasks settle. */
export async function watchServiceUpdate(
  client: EngineClient,
  serviceId: string,
  opts: { onProgress?: (message: string) => void; signal?: AbortSignal; timeoutMs?: number; isCurrent?: (task: SwarmTask) => boolean } = {},
): Promise<WatchResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  const since = Date.now() - 1000;
  for (;;) {
    const [svc, nodes, tasks] = await Promise.all([client.inspectService(serviceId), client.listNodes(), client.listTasks({ service: [serviceId] })]);
    const sum = summarizeService(svc, tasks, nodes);
    const failedTasks = tasks
      .filter((t: SwarmTask) => ['failed', 'rejected'].includes(t.Status?.State ?? '') && Date.parse(t.Status?.Timestamp ?? '') >= since)
      .map((t) => ({ id: t.ID, node: t.NodeID, error: t.Status?.Err ?? t.Status?.Message ?? t.Status?.State ?? '' }));
    const state = sum.updateState;
    opts.onProgress?.(`${sum.name}: ${sum.running}/${sum.desired} running${state ? `, update ${state.replace(/_/g, ' ')}` : ''}`);
    // Right after an update the swarm may not have started it yet (the old tasks still look settled): `isCurrent`
    // tells the tasks of the new spec apart, and the update counts as converged only once they all run.
    const settledTasks =
      sum.running === sum.desired &&
      !tasks.some((t) => t.DesiredState === 'running' && (t.Status?.State !== 'running' || (opts.isCurrent && !opts.isCurrent(t))));
    if (state === 'paused') return { outcome: 'paused', failedTasks };
    if (state === 'rollback_paused') return { outcome: 'rollback paused', failedTasks };
    if (state === 'rollback_completed' && settledTasks) return { outcome: 'rolled back', failedTasks };
    if ((state === undefined || state === 'completed') && settledTasks) return { outcome: 'converged', failedTasks };
    if (opts.signal?.aborted) return { outcome: 'cancelled', failedTasks };
    if (Date.now() > deadline) return { outcome: 'timeout', failedTasks };
    await new Promise((r) => setTimeout(r, 1000));
  }
}
