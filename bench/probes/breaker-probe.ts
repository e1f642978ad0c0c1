// The circuit breaker's latency against swarm's own failure_action: rollback, on the loopback test swarm. Run with
// `node --import tsx` from the repo:
//   node --import tsx bench/probes/breaker-probe.ts SERVICES REPLICAS PREFIX  ->  one JSON line
// The same services (SERVICES × REPLICAS, probe/busybox:1, parallelism 1, monitor 5 s) are deployed good (v1),
// then updated to a release whose tasks crash at once (v2):
//   ours:   by the DeployRunner, with update_config.failure_action: continue so that swarm itself never reacts and
//           only our breaker acts; its timeline gives first failure → trip → rollback requested → converged back;
//   docker: by `docker stack deploy` with failure_action: rollback, followed by polling the services' UpdateStatus
//           and tasks every 100 ms: first failure → rollback_started (when the poll saw it: swarm keeps the update's
//           StartedAt) → rollback_completed (UpdateStatus.CompletedAt).
// Times are milliseconds from the first failed task's own Status.Timestamp (the moment the failure ratio 0 is
// exceeded), so both sides are measured from the Engine's clock, not from when anyone noticed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStackResources } from '../lib/deployBench';
import { DeployRunner, EngineOps, type TimelineEntry } from '../../client/src/deploy';
import { createEngineClient, resolveEndpoint, type SwarmTask } from '../../client/src/engine';
import { validateStackFile } from '../../server/src/core';

const [services, replicas] = process.argv.slice(2, 4).map(Number);
const prefix = process.argv[4] ?? 'spbench';
const client = createEngineClient(
  resolveEndpoint({ env: { DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }),
  { timeoutSeconds: 60 },
);
const ops = new EngineOps(client);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stackFile(crash: boolean, failureAction: 'continue' | 'rollback'): string {
  const lines = ['services:'];
  for (let i = 0; i < services; i++)
    lines.push(
      `  s${i}:`,
      '    image: probe/busybox:1',
      `    command: ${crash ? '["sh", "-c", "exit 1"]' : '["sleep", "100000"]'}`,
      '    init: true',
      '    stop_grace_period: 1s',
      '    networks: [hostnet]',
      '    deploy:',
      `      replicas: ${replicas}`,
      `      update_config: {parallelism: 1, delay: 0s, monitor: 5s, order: stop-first, max_failure_ratio: 0, failure_action: ${failureAction}}`,
      '      rollback_config: {parallelism: 0, order: stop-first}',
      '      restart_policy: {delay: 1s}',
    );
  lines.push('networks:', '  hostnet:', '    external: true', '    name: host', '');
  return lines.join('\n');
}

const firstFailure = (tasks: SwarmTask[], known: Set<string>) =>
  tasks
    .filter((t) => !known.has(t.ID) && (t.Status?.State === 'failed' || t.Status?.State === 'rejected'))
    .map((t) => Date.parse(t.Status?.Timestamp ?? ''))
    .filter((n) => !Number.isNaN(n))
    .sort((a, b) => a - b)[0];

async function ours(stack: string) {
  const deploy = (crash: boolean) =>
    new DeployRunner({
      validate: validateStackFile,
      client,
      stack,
      source: { files: [{ path: `/bench/${stack}.yml`, text: stackFile(crash, 'continue') }], env: {}, workingDir: '/' },
      resolveImage: 'never',
      revisionLabels: false,
      timeoutSeconds: 300,
    }).run();
  const v1 = await deploy(false);
  if (v1.status !== 'converged') throw new Error(`ours v1: ${v1.message}`);
  const r = await deploy(true);
  const tl: TimelineEntry[] = r.timeline;
  const at = (kind: TimelineEntry['kind'], last = false) => {
    const list = tl.filter((e) => e.kind === kind).map((e) => Date.parse(e.at));
    return list.length ? (last ? Math.max(...list) : Math.min(...list)) : undefined;
  };
  const failedEngine = tl
    .filter((e) => e.kind === 'task-failed' && e.engineAt)
    .map((e) => Date.parse(e.engineAt!))
    .sort((a, b) => a - b)[0];
  const rel = (t?: number) => (t === undefined || failedEngine === undefined ? null : t - failedEngine);
  return {
    status: r.status,
    trip: r.trip ? { service: r.trip.service, reason: r.trip.reason } : null,
    first_failure_seen_ms: rel(at('task-failed')),
    trip_ms: rel(at('tripped')),
    rollback_requested_ms: rel(at('rollback-requested')),
    converged_back_ms: rel(at('converged-back', true)),
    timeline: tl,
  };
}

async function docker(stack: string) {
  const dir = mkdtempSync(join(tmpdir(), 'spbench-breaker-'));
  try {
    const run = (crash: boolean) => {
      const file = join(dir, `${crash ? 'v2' : 'v1'}.yml`);
      writeFileSync(file, stackFile(crash, 'rollback'));
      const r = spawnSync('docker', ['stack', 'deploy', '--detach=true', '--resolve-image', 'never', '-c', file, stack], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (r.status !== 0) throw new Error(`docker stack deploy: ${r.stderr}`);
    };
    run(false);
    const deadline = Date.now() + 300_000;
    for (;;) {
      const svcs = await ops.stackServices(stack);
      if (svcs.length === services && svcs.every((s) => (s as { ServiceStatus?: { RunningTasks?: number } }).ServiceStatus?.RunningTasks === replicas)) break;
      if (Date.now() > deadline) throw new Error('docker v1 did not converge');
      await sleep(250);
    }
    const ids = (await ops.stackServices(stack)).map((s) => s.ID);
    const known = new Set((await ops.listTasks({ service: ids })).map((t) => t.ID));
    run(true);
    // UpdateStatus per service as swarm reports it, and the first failed task's own timestamp.
    const states: { service: string; state: string; seen: number; startedAt?: string; completedAt?: string }[] = [];
    const last = new Map<string, string>();
    let failure: number | undefined;
    for (;;) {
      const [svcs, tasks] = await Promise.all([ops.listServices({ id: ids }), ops.listTasks({ service: ids })]);
      failure = failure ?? firstFailure(tasks, known);
      for (const s of svcs) {
        const st = s.UpdateStatus?.State ?? 'none';
        if (last.get(s.ID) !== st) {
          last.set(s.ID, st);
          states.push({
            service: s.Spec?.Name ?? s.ID,
            state: st,
            seen: Date.now(),
            startedAt: s.UpdateStatus?.StartedAt,
            completedAt: s.UpdateStatus?.CompletedAt,
          });
        }
      }
      const done = svcs.every((s) => ['rollback_completed', 'rollback_paused', 'paused', 'completed'].includes(s.UpdateStatus?.State ?? ''));
      if (done || Date.now() > deadline) break;
      await sleep(100);
    }
    const rel = (t?: number) => (t !== undefined && !Number.isNaN(t) && failure !== undefined ? t - failure : null);
    // rollback_started keeps the update's StartedAt: when swarm started the rollback is when the 100 ms poll saw it.
    const started = states.filter((s) => s.state === 'rollback_started').map((s) => s.seen);
    const completed = states.filter((s) => s.state === 'rollback_completed').map((s) => Date.parse(s.completedAt ?? ''));
    return {
      rollback_started_ms: started.length ? rel(Math.min(...started)) : null,
      rollback_completed_ms: completed.length ? rel(Math.max(...completed)) : null,
      final_states: [...last.values()],
      update_status_changes: states.map((s) => ({ ...s, seen: failure === undefined ? null : s.seen - failure })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const a = `${prefix}brk`;
  const b = `${prefix}brkcli`;
  await Promise.all([removeStackResources(client, a), removeStackResources(client, b)]);
  try {
    const result = { services, replicas, ours: await ours(a), docker: await docker(b) };
    console.log(JSON.stringify(result));
  } finally {
    await Promise.all([removeStackResources(client, a), removeStackResources(client, b)]);
  }
}

main()
  .catch((err) => {
    console.log(JSON.stringify({ error: String((err as Error)?.stack ?? err) }));
    process.exitCode = 1;
  })
  .finally(() => client.close());
