// Swarm-side figures against a real engine (the loopback test swarm): run with `node --import tsx` from the repo.
//   node --import tsx bench/probes/swarm-probe.ts SERVICES REPLICAS RUNS [DEPLOY_SIZES]  ->  one JSON line
// 1. For each deploy size N (default 10,20; 2 replicas each): deploy N generated services with Swarm Pilot's
//    DeployRunner, and the same file with `docker stack deploy`, waited for by polling every service at once and
//    by the CLI's own `--detach=false` sequential wait (docker CLI 26+; for an older CLI, an emulation of it); each
//    from a swarm without the stack.
// 2. With that stack running (SERVICES × REPLICAS tasks), the explorer's refresh: one takeSnapshot (nodes,
//    services with status, tasks, secrets, configs, /swarm) — what every debounced event costs — median of RUNS;
//    and the event → refreshed-snapshot latency of the SwarmWatcher (debounce included) for `docker service scale`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDeploy, benchStackFile, removeStackResources } from '../lib/deployBench';
import { createEngineClient, resolveEndpoint } from '../../client/src/engine';
import { SwarmWatcher, takeSnapshot } from '../../client/src/swarm';

const [services, replicas, runs] = process.argv.slice(2, 5).map(Number);
/** Deploy sizes (services, 2 replicas each), e.g. 10,20. */
const deploySizes = (process.argv[5] ?? '10,20').split(',').map(Number);
const client = createEngineClient(
  resolveEndpoint({ env: { DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }),
  { timeoutSeconds: 60 },
);
const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8', timeout: 300_000 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Waits until no container of the stack is left on any loopback daemon (service removal returns before they stop). */
async function containersGone(stack: string): Promise<void> {
  const sockets = [
    '/var/run/docker.sock',
    ...readdirSync('/var/run')
      .filter((f) => /^docker-w\d+\.sock$/.test(f))
      .map((f) => `/var/run/${f}`),
  ];
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const left = sockets.reduce(
      (n, sock) =>
        n + docker('-H', `unix://${sock}`, 'ps', '-aq', '--filter', `label=com.docker.stack.namespace=${stack}`).trim().split('\n').filter(Boolean).length,
      0,
    );
    if (left === 0) return;
    await sleep(500);
  }
}

/** Services of a stack with their `docker service ls` replicas column. */
function replicasOf(stack: string): string[] {
  return docker('service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}} {{.Replicas}}')
    .trim()
    .split('\n')
    .filter(Boolean);
}
/** One service's `docker service ls` line (name and replicas). */
const serviceLine = (name: string) =>
  docker('service', 'ls', '--filter', `name=${name}`, '--format', '{{.Name}} {{.Replicas}}')
    .trim()
    .split('\n')
    .find((l) => l.startsWith(`${name} `));
const converged = (line: string) => {
  const [a, b] = line.split(' ')[1].split('/');
  return a === b;
};

/** The `docker` on PATH: its version and whether its `stack deploy` has `--detach` (docker CLI 26+). */
const cli = {
  path: spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim(),
  version: docker('version', '--format', '{{.Client.Version}}').trim(),
  hasDetach: /--detach\b/.test(docker('stack', 'deploy', '--help')),
};

/**
 * `docker stack deploy`, then two ways to wait for convergence: polling every service at once (what a script does
 * after the CLI returned at submit, `--detach=true`), and the CLI's own `--detach=false` wait, service by service
 * until each is converged and then stable for 5 s (docker/cli's progress monitor). A CLI older than 26 has no
 * `--detach`; its wait is then emulated the same way. Returns the times from the start of the deploy.
 */
async function cliDeploy(stack: string, services: number, replicas: number, sequential: boolean): Promise<{ submitMs: number; convergedMs?: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sp-bench-'));
  try {
    const file = join(dir, 'stack.yml');
    writeFileSync(file, benchStackFile({ services, replicas }));
    const realWait = sequential && cli.hasDetach;
    const detach = cli.hasDetach ? [`--detach=${realWait ? 'false' : 'true'}`] : [];
    const t0 = performance.now();
    const r = spawnSync('docker', ['stack', 'deploy', ...detach, '--resolve-image', 'never', '-c', file, stack], { encoding: 'utf8', timeout: 900_000 });
    if (r.status !== 0) throw new Error(`docker stack deploy: ${r.stderr}`);
    const submitMs = performance.now() - t0;
    if (realWait) return { submitMs, convergedMs: submitMs };
    const deadline = Date.now() + 600_000;
    if (!sequential) {
      while (Date.now() < deadline) {
        const lines = replicasOf(stack);
        if (lines.length === services && lines.every(converged)) return { submitMs, convergedMs: performance.now() - t0 };
        await sleep(250);
      }
      return { submitMs };
    }
    for (const name of replicasOf(stack).map((l) => l.split(' ')[0])) {
      for (;;) {
        if (Date.now() > deadline) return { submitMs };
        const line = serviceLine(name);
        if (line && converged(line)) {
          await sleep(5000);
          const again = serviceLine(name);
          if (again && converged(again)) break;
        }
        await sleep(250);
      }
    }
    return { submitMs, convergedMs: performance.now() - t0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

async function clean(...stacks: string[]): Promise<void> {
  for (const s of stacks) await removeStackResources(client, s);
  for (const s of stacks) await containersGone(s);
}

/** One deploy size: Swarm Pilot, the CLI with a concurrent wait, the CLI with the emulated sequential wait. */
async function deployRow(services: number, replicas: number) {
  await clean('spbench', 'spbenchcli');
  const ours = await benchDeploy({ client, stack: 'spbench', services, replicas, parallel: 4, timeoutSeconds: 600 });
  await clean('spbench');
  const cliPoll = await cliDeploy('spbenchcli', services, replicas, false);
  await clean('spbenchcli');
  const cliSeq = await cliDeploy('spbenchcli', services, replicas, true);
  await clean('spbenchcli');
  return {
    services,
    replicas,
    ours: { status: ours.status, plan_ms: ours.planMs, submit_ms: ours.submitMs, converged_ms: ours.convergedMs },
    cli_submit_ms: cliPoll.submitMs,
    cli_poll_converged_ms: cliPoll.convergedMs,
    cli_sequential_converged_ms: cliSeq.convergedMs,
  };
}

async function main() {
  const out: Record<string, unknown> = {};
  out.nodes = (await client.listNodes()).length;
  out.cli = { path: cli.path, version: cli.version, sequential_wait: cli.hasDetach ? 'real' : 'emulated' };
  out.deploys = [];
  for (const n of deploySizes) (out.deploys as unknown[]).push(await deployRow(n, 2));
  // Explorer refresh with SERVICES × REPLICAS tasks running.
  await clean('spbenchcli');
  await cliDeploy('spbenchcli', services, replicas, false);
  out.services = services;
  out.replicas = replicas;
  out.tasks = (await client.listTasks()).length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await takeSnapshot(client);
    times.push(performance.now() - t0);
  }
  out.snapshot_ms = times;
  out.snapshot_ms_median = median(times);
  // Event → snapshot latency (default debounce 300 ms).
  const watcher = new SwarmWatcher(async () => client);
  watcher.start();
  await new Promise<void>((res) => {
    const s = watcher.onChange((st) => {
      if (st.kind === 'ready') {
        s.dispose();
        res();
      }
    });
  });
  const target = replicasOf('spbenchcli')[0].split(' ')[0];
  const latencies: number[] = [];
  for (let i = 0; i < Math.min(runs, 5); i++) {
    const want = i % 2 === 0 ? replicas + 1 : replicas;
    const seen = new Promise<number>((res) => {
      const s = watcher.onChange((st) => {
        const svc = st.kind === 'ready' ? st.snapshot.services.find((x) => x.name === target) : undefined;
        if (svc && svc.desired === want) {
          s.dispose();
          res(performance.now());
        }
      });
    });
    const t0 = performance.now();
    docker('service', 'scale', '--detach', `${target}=${want}`);
    latencies.push((await seen) - t0);
  }
  watcher.stop();
  out.event_to_snapshot_ms = latencies;
  out.event_to_snapshot_ms_median = median(latencies);
  await clean('spbenchcli');
  client.close();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: String(err?.stack ?? err) }) + '\n');
  process.exitCode = 1;
});
