// "Still converged after the soak": every service of the stack has its desired tasks running and no update that
// swarm paused or rolled back. Read straight from the swarm, after the deploy engine's own convergence watch.
import type { EngineOps } from '../deploy';

type Svc = { ID: string; Spec?: { Name?: string; Mode?: { Replicated?: { Replicas?: number }; Global?: object } }; UpdateStatus?: { State?: string } };

/** Undefined when healthy, else what is wrong (`web: 0/1 running`). */
export async function stackUnhealthy(ops: EngineOps, stack: string, signal?: AbortSignal): Promise<string | undefined> {
  const services = (await ops.stackServices(stack, { signal })) as unknown as Svc[];
  if (!services.length) return `stack ${stack} has no services`;
  const tasks = await ops.listTasks({ service: services.map((s) => s.ID), 'desired-state': ['running'] }, { signal });
  const problems: string[] = [];
  for (const s of services) {
    const name = s.Spec?.Name ?? s.ID;
    const state = s.UpdateStatus?.State;
    if (state && /paused|rollback/.test(state)) problems.push(`${name}: update ${state}`);
    const mine = tasks.filter((t) => t.ServiceID === s.ID);
    const running = mine.filter((t) => t.Status?.State === 'running').length;
    const want = s.Spec?.Mode?.Replicated ? (s.Spec.Mode.Replicated.Replicas ?? 1) : mine.length;
    if (running < want) problems.push(`${name}: ${running}/${want} running`);
  }
  return problems.length ? problems.join(', ') : undefined;
}
