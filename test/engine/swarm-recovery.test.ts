// Fault cases on the real test swarm (runs last in the engine group: it stops daemons and starts them again with
// test/engine/docker-ci.sh up): a worker goes down and the Recovery rows show its tasks rescheduled and where; the
// manager's daemon stops mid-session and the explorer's watcher keeps the last state, then recovers on its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import { downNodes, SwarmWatcher, takeSnapshot } from '../../client/src/swarm';
import { docker, dockerOk, waitUntil } from './docker';

const P = `sprec${process.pid}`;
const ROOT = join(import.meta.dirname, '..', '..');
let client: EngineClient;

/** Stops one dockerd of the test swarm by its pid file, as a crash or a shutdown would. */
function stopDaemon(pidFile: string): void {
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
}

/** Starts whatever daemon of the test swarm is not running (idempotent). */
function swarmUp(): void {
  const r = spawnSync('bash', [join(ROOT, 'test', 'engine', 'docker-ci.sh'), 'up'], {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_CI_WORKERS: process.env.DOCKER_CI_WORKERS ?? '2' },
    timeout: 300_000,
  });
  assert.equal(r.status, 0, `docker-ci.sh up: ${r.stderr.slice(-2000)}`);
}

before(() => {
  client = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }), { timeoutSeconds: 10 });
});

after(async () => {
  swarmUp();
  const names = (await dockerOk(['service', 'ls', '--format', '{{.Name}}', '--filter', `name=${P}`])).split('\n').filter(Boolean);
  if (names.length) await docker(['service', 'rm', ...names]);
  client.close();
});

describe('recovery', () => {
  test('a worker goes down: the Recovery rows show its tasks rescheduled and on which node', { timeout: 240_000 }, async () => {
    const nodes = await client.listNodes();
    const workers = nodes.filter((n) => n.Spec.Role === 'worker').sort((a, b) => (a.Description?.Hostname ?? '').localeCompare(b.Description?.Hostname ?? ''));
    assert.ok(workers.length >= 2, 'two workers');
    const victim = workers[workers.length - 1];
    const host = victim.Description!.Hostname!;
    const pidFile = `/var/run/docker-${host.replace(/^.*-(w\d+)$/, '$1')}.pid`;
    await dockerOk([
      'service',
      'create',
      '--detach',
      '--name',
      `${P}-web`,
      '--replicas',
      '4',
      '--constraint',
      'node.role==worker',
      '--stop-grace-period',
      '1s',
      'probe/busybox:1',
      'sleep',
      '3600',
    ]);
    await waitUntil(
      '4 tasks running, some on the victim',
      async () => {
        const tasks = await client.listTasks({ service: [`${P}-web`], 'desired-state': ['running'] });
        return tasks.filter((t) => t.Status?.State === 'running').length === 4 && tasks.some((t) => t.NodeID === victim.ID) ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const onVictim = (await client.listTasks({ service: [`${P}-web`], 'desired-state': ['running'] }))
      .filter((t) => t.NodeID === victim.ID)
      .map((t) => t.Slot)
      .sort();
    stopDaemon(pidFile);
    try {
      const rows = await waitUntil(
        `${host} down and its tasks running elsewhere`,
        async () => {
          const down = downNodes(await takeSnapshot(client)).find((d) => d.node.ID === victim.ID);
          const mine = down?.tasks.filter((t) => t.service === `${P}-web`) ?? [];
          return mine.length === onVictim.length && mine.every((t) => t.running) ? mine : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );
      assert.deepEqual(rows.map((t) => t.slot).sort(), onVictim, 'every slot that ran on the down node is listed');
      for (const t of rows) {
        assert.match(t.now ?? '', /^running on /);
        assert.ok(!t.now!.endsWith(` ${host}`), `slot ${t.slot} now runs elsewhere (${t.now})`);
      }
    } finally {
      swarmUp();
      await waitUntil(`${host} ready again`, async () => ((await client.inspectNode(victim.ID)).Status?.State === 'ready' ? true : undefined), {
        timeoutMs: 120_000,
        intervalMs: 1000,
      });
    }
  });

  test("the manager's daemon stops mid-session: the watcher keeps the last state, then recovers when it is back", { timeout: 240_000 }, async () => {
    const watcher = new SwarmWatcher(async () => client, { maxBackoffMs: 1000 });
    watcher.start();
    try {
      await waitUntil('first load', async () => (watcher.current.kind === 'ready' ? true : undefined), { timeoutMs: 30_000 });
      const before = (watcher.current as { snapshot: { nodes: unknown[] } }).snapshot.nodes.length;
      stopDaemon('/var/run/docker.pid');
      await waitUntil('the error state', async () => (watcher.current.kind === 'error' ? true : undefined), { timeoutMs: 60_000 });
      const err = watcher.current as { error: Error; snapshot?: { nodes: unknown[] } };
      assert.equal(err.snapshot?.nodes.length, before, 'the last state read stays on screen');
      assert.match(err.error.message, /not running|closed|connection|refused|no such file/i);
      swarmUp();
      await waitUntil(
        'the watcher reconnects by itself',
        async () => (watcher.current.kind === 'ready' && watcher.current.snapshot.nodes.length === before ? true : undefined),
        { timeoutMs: 120_000, intervalMs: 500 },
      );
    } finally {
      watcher.stop();
    }
  });
});
