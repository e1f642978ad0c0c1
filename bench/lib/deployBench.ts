// Benchmark hook: deploy N generated services through the DeployRunner and report time-to-submit and
// time-to-converged (both from the start of apply; planning is reported apart), plus a remover for the stack.
import type { EngineClient } from '../../client/src/engine';
import { DeployRunner, EngineOps, type DeployResult } from '../../client/src/deploy';
import { validateStackFile } from '../../server/src/core';

export interface BenchDeployOptions {
  client: EngineClient;
  /** Stack name (namespace). */
  stack: string;
  /** Number of generated services. */
  services: number;
  /** Replicas per service (default 1). */
  replicas?: number;
  /** Image (default probe/busybox:1, the local test image). */
  image?: string;
  /** Submit parallelism (default 4). */
  parallel?: number;
  /** `host` (default: runs on every node of the loopback test swarm) or `default` (the stack's overlay network). */
  network?: 'host' | 'default';
  /** Convergence limit (default 300 s). */
  timeoutSeconds?: number;
}

export interface BenchDeployResult {
  status: DeployResult['status'];
  planMs: number;
  /** From the start of apply until every service was accepted by the daemon. */
  submitMs: number;
  /** From the start of apply until every service converged (undefined when it did not). */
  convergedMs?: number;
  result: DeployResult;
}

/** The generated stack file: N sleeping services that stop fast (init, 1 s grace, 1 s update monitor). */
export function benchStackFile(o: Pick<BenchDeployOptions, 'services' | 'replicas' | 'image' | 'network'>): string {
  const lines = ['services:'];
  for (let i = 0; i < o.services; i++) {
    lines.push(
      `  s${String(i).padStart(4, '0')}:`,
      `    image: ${o.image ?? 'probe/busybox:1'}`,
      '    command: ["sleep", "100000"]',
      '    init: true',
      '    stop_grace_period: 1s',
      ...((o.network ?? 'host') === 'host' ? ['    networks: [hostnet]'] : []),
      '    deploy:',
      `      replicas: ${o.replicas ?? 1}`,
      '      update_config: {monitor: 1s}',
    );
  }
  if ((o.network ?? 'host') === 'host') lines.push('networks:', '  hostnet:', '    external: true', '    name: host');
  return lines.join('\n') + '\n';
}

export async function benchDeploy(o: BenchDeployOptions): Promise<BenchDeployResult> {
  const runner = new DeployRunner({
    validate: validateStackFile,
    client: o.client,
    stack: o.stack,
    source: { files: [{ path: `/bench/${o.stack}.yml`, text: benchStackFile(o) }], env: {}, workingDir: '/' },
    resolveImage: 'never',
    parallel: o.parallel,
    timeoutSeconds: o.timeoutSeconds,
    revisionLabels: false,
  });
  const result = await runner.run();
  return { status: result.status, planMs: result.timings.planMs, submitMs: result.timings.submitMs ?? 0, convergedMs: result.timings.convergeMs, result };
}

/** Removes everything carrying the stack's namespace label: services, then (retrying while in use) networks, secrets, configs. */
export async function removeStackResources(client: EngineClient, stack: string, timeoutMs = 60_000): Promise<void> {
  const ops = new EngineOps(client);
  const filters = { label: [`com.docker.stack.namespace=${stack}`] };
  await Promise.all((await ops.stackServices(stack)).map((s) => ops.removeService(s.ID).catch(() => undefined)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const networks = await ops.listNetworks(filters);
    const secrets = await ops.listObjects('secret', filters);
    const configs = await ops.listObjects('config', filters);
    if (!networks.length && !secrets.length && !configs.length) return;
    await Promise.all([
      ...networks.map((n) => ops.removeNetwork(n.Id).catch(() => undefined)),
      ...secrets.map((s) => ops.removeObject('secret', s.ID).catch(() => undefined)),
      ...configs.map((c) => ops.removeObject('config', c.ID).catch(() => undefined)),
    ]);
    if (Date.now() > deadline)
      throw new Error(
        `stack ${stack}: ${[...networks.map((n) => n.Name), ...secrets.map((s) => s.Spec.Name), ...configs.map((c) => c.Spec.Name)].join(', ')} still in use after ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}
