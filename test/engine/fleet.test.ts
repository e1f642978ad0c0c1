// `swarm-pilot fleet` on three independent swarms (one loopback daemon each, started by this group itself with
// `docker-ci.sh fleet` and removed with `fleet-stop`): waves in order, a crashing release stopped at its first wave
// and undone there, an unreachable target skipped and deployed by `resume`, and a Ctrl-C mid-wave resumed without
// redeploying finished targets.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../unit/helpers';
import { cleanEnv, dockerOk, sleep, waitUntil } from './docker';

const run = promisify(execFile);
const STACK = 'spfleet';
const sock = (i: number) => `/var/run/docker-f${i}.sock`;
const on = (i: number, args: string[]) => dockerOk(['-H', `unix://${sock(i)}`, ...args], { timeoutMs: 60_000 });
const why = process.getuid?.() !== 0 ? 'needs root (it starts its own dockerd instances)' : undefined;

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a child process; `onStdout` may send it a signal. */
function fleetCli(args: string[], onStdout?: (all: string, child: ReturnType<typeof spawn>) => void): Promise<Cli> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'client/src/cli/main.ts'), 'fleet', ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      onStdout?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

type TargetJson = {
  name: string;
  wave: number;
  status: string;
  revision?: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  changed?: boolean;
};
const json = (r: Cli) =>
  JSON.parse(r.stdout.trim().split('\n').pop()!) as { outcome: string; message?: string; release?: string; runId: string; targets: TargetJson[] };
const byName = (targets: TargetJson[]) => Object.fromEntries(targets.map((t) => [t.name, t]));

async function serviceState(i: number): Promise<{ spec: unknown; version: number; revision?: string; image: string }> {
  const [s] = JSON.parse(await on(i, ['service', 'inspect', `${STACK}_web`])) as {
    Version: { Index: number };
    Spec: { Labels?: Record<string, string>; TaskTemplate: { ContainerSpec: { Image: string } } };
  }[];
  return {
    spec: s.Spec.TaskTemplate.ContainerSpec,
    version: s.Version.Index,
    revision: s.Spec.Labels?.['com.swarm-pilot.revision'],
    image: s.Spec.TaskTemplate.ContainerSpec.Image,
  };
}

describe('swarm-pilot fleet (3 loopback swarms)', { skip: why && !process.env.CI ? why : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'spfleet-'));
  const state = join(dir, 'state');
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const targets = [1, 2, 3].map((i) => `  - name: f${i}\n    host: unix://${sock(i)}\n`).join('');
  const fleetFile = (name: string, rollout: string) => file(`${name}.fleet.yaml`, `targets:\n${targets}rollout:\n${rollout}`);
  const stackFile = (name: string, image: string, extra = '') =>
    file(
      name,
      `services:\n  web:\n    image: ${image}\n    command: ["sh", "-c", "${extra}sleep 3600"]\n    hostname: "{{.Node.Hostname}}"\n    deploy:\n      update_config: {monitor: 2s}\n`,
    );
  const common = (fleet: string, stack: string) => ['-c', stack, '--fleet', fleet, '--state-dir', state, '--yes', '--format', 'json', STACK];

  before(async () => {
    assert.ok(!why, why);
    await run('bash', [join(REPO_ROOT, 'test/engine/docker-ci.sh'), 'fleet'], { env: { ...process.env, DOCKER_CI_FLEET: '3' }, timeout: 300_000 });
  });
  after(async () => {
    await run('bash', [join(REPO_ROOT, 'test/engine/docker-ci.sh'), 'fleet-stop'], { timeout: 300_000 }).catch((err: Error) =>
      console.error(`fleet-stop: ${err.message}`),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  test('a good release reaches every target, wave after wave', async () => {
    const fleet = fleetFile('good', '  waves: [[f1], [f2, f3]]\n  soakSeconds: 1\n  timeoutSeconds: 90\n');
    const plan = await fleetCli(['plan', ...common(fleet, stackFile('v1.yml', 'probe/busybox:1'))]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.deepEqual(JSON.parse(plan.stdout).waves, [['f1'], ['f2', 'f3']]);
    const r = await fleetCli(['deploy', ...common(fleet, join(dir, 'v1.yml'))]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = json(r);
    const t = byName(out.targets);
    assert.deepEqual(
      Object.values(t).map((x) => [x.name, x.wave, x.status]),
      [
        ['f1', 1, 'succeeded'],
        ['f2', 2, 'succeeded'],
        ['f3', 2, 'succeeded'],
      ],
    );
    assert.ok(t.f1.finishedAt! <= t.f2.startedAt! && t.f1.finishedAt! <= t.f3.startedAt!, 'wave 2 starts after wave 1 finished');
    for (const i of [1, 2, 3]) {
      const s = await serviceState(i);
      assert.equal(s.image, 'probe/busybox:1');
      assert.equal(s.revision, out.release, `f${i} runs the release`);
    }
    const status = await fleetCli(['status', '--fleet', fleet, '--state-dir', state, '--format', 'json', STACK]);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(
      (JSON.parse(status.stdout) as { targets: { revision: string }[] }).targets.map((x) => x.revision),
      [out.release, out.release, out.release],
    );
  });

  test('a crashing release trips the budget in its first wave; what it changed is rolled back, later waves untouched', async () => {
    const before = await Promise.all([1, 2, 3].map(serviceState));
    const fleet = fleetFile('crash', '  waves: [[f1, f2], [f3]]\n  failureBudget: [0]\n  onBudgetExceeded: rollback\n  soakSeconds: 1\n  timeoutSeconds: 90\n');
    // Crashes on f1's node only, so f2 converges in the same wave and must be rolled back by the fleet.
    const bad = stackFile('crash.yml', 'probe/busybox:2', 'case $$(hostname) in *-f1) exit 1;; esac; ');
    const r = await fleetCli(['deploy', ...common(fleet, bad)]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const out = json(r);
    assert.equal(out.outcome, 'rolled-back', out.message ?? '');
    const t = byName(out.targets);
    assert.equal(t.f1.status, 'failed');
    assert.match(t.f1.message!, /circuit breaker|failed task/);
    assert.equal(t.f2.status, 'rolled-back', JSON.stringify(t.f2));
    assert.equal(t.f3.status, 'pending');
    const after = await Promise.all([1, 2, 3].map(serviceState));
    for (const i of [0, 1, 2]) assert.deepEqual(after[i].spec, before[i].spec, `f${i + 1}: the ContainerSpec is the one before the rollout`);
    assert.equal(after[2].version, before[2].version, 'f3 (wave 2) was not touched at all');
  });

  test('an unreachable target is skipped and listed; resume deploys it once it is back', async () => {
    const fleet = fleetFile('down', '  waves: [[f1], [f2, f3]]\n  unreachableRetrySeconds: 2\n  timeoutSeconds: 90\n');
    const v3 = stackFile('v3.yml', 'probe/busybox:2');
    const pid = Number(readFileSync('/var/run/docker-f3.pid', 'utf8'));
    process.kill(pid, 'SIGTERM');
    await waitUntil('f3 dockerd to stop', async () => (isAlive(pid) ? undefined : true), { timeoutMs: 60_000 });
    try {
      const r = await fleetCli(['deploy', ...common(fleet, v3)]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const t = byName(json(r).targets);
      assert.equal(t.f3.status, 'skipped');
      assert.match(t.f3.message!, /unreachable/);
      assert.equal(t.f1.status, 'succeeded');
      assert.equal(t.f2.status, 'succeeded');
    } finally {
      await run('bash', [join(REPO_ROOT, 'test/engine/docker-ci.sh'), 'fleet'], { env: { ...process.env, DOCKER_CI_FLEET: '3' }, timeout: 300_000 });
    }
    const versions = await Promise.all([1, 2].map(serviceState));
    const resumed = await fleetCli(['resume', ...common(fleet, v3)]);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const out = json(resumed);
    assert.equal(byName(out.targets).f3.status, 'succeeded');
    assert.equal((await serviceState(3)).image, 'probe/busybox:2');
    const again = await Promise.all([1, 2].map(serviceState));
    assert.deepEqual(
      again.map((s) => s.version),
      versions.map((s) => s.version),
      'f1 and f2 were not deployed again',
    );
  });

  test('Ctrl-C in the middle of a wave, then resume: finished targets are not redeployed', async () => {
    const fleet = fleetFile('sigint', '  waves: [[f1], [f2, f3]]\n  parallel: 1\n  soakSeconds: 6\n  timeoutSeconds: 90\n');
    const v4 = stackFile('v4.yml', 'probe/busybox:1');
    let sent = false;
    const r = await fleetCli(['deploy', ...common(fleet, v4)], (all, child) => {
      if (!sent && /f2: deploying/.test(all)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    assert.ok(sent, `never saw f2 deploying: ${r.stderr}`);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const first = json(r);
    assert.equal(first.outcome, 'interrupted');
    const t = byName(first.targets);
    assert.equal(t.f1.status, 'succeeded');
    assert.notEqual(t.f2.status, 'succeeded');
    assert.equal(t.f3.status, 'pending');
    const f1 = await serviceState(1);
    const resumed = await fleetCli(['resume', ...common(fleet, v4)]);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const out = byName(json(resumed).targets);
    assert.equal(out.f1.startedAt, t.f1.startedAt, 'f1 kept its recorded deploy');
    assert.ok(['succeeded', 'unchanged'].includes(out.f2.status) && out.f3.status === 'succeeded', JSON.stringify(out));
    assert.equal((await serviceState(1)).version, f1.version, 'f1 was not deployed again');
    for (const i of [1, 2, 3]) assert.equal((await serviceState(i)).image, 'probe/busybox:1');
    await sleep(0);
  });
});

function isAlive(pid: number): boolean {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ')[0];
    return st !== 'Z';
  } catch {
    return false;
  }
}
