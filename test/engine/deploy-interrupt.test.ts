// Interrupted deploys: a cancel in the middle of the apply leaves exactly the reported services changed and a re-run
// completes the deploy; a daemon killed mid-deploy (a dockerd of this test's own with its own single-node swarm —
// never the shared one) gives a clear, resumable error, and after the daemon is back the same deploy completes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EngineOps } from '../../client/src/deploy';
import { createEngineClient, resolveEndpoint, type EngineClient } from '../../client/src/engine';
import { deploy, fixtureDir, service, stackFile, stackName, useStack } from '../cases/deploy/harness';
import { stackServices, waitUntil } from './docker';
import { freePort } from './support/freePort';
import { TempDockerd } from './support/tempDockerd';

const names = (n: number) => Array.from({ length: n }, (_, i) => `s${i + 1}`);

describe('deploy: cancel in the middle', () => {
  const ctx = useStack('cancel');
  const { stack, fx } = ctx;

  test('abort after two services: exactly those two exist and are reported; a re-run completes the deploy', async () => {
    const file = fx.write('stack.yml', stackFile(names(8).map((n) => service(n, { replicas: 0 }))));
    const ctl = new AbortController();
    let finished = 0;
    const r = await deploy(ctx.client, stack, {
      files: [file],
      parallel: 1,
      signal: ctl.signal,
      revisionLabels: false,
      onEvent: (e) => {
        if (e.type === 'step-finished' && e.step.kind === 'service' && ++finished === 2) ctl.abort();
      },
    });
    assert.equal(r.status, 'cancelled', r.message);
    const created = r.changes.filter((c) => c.kind === 'service-created').map((c) => c.name);
    assert.equal(created.length, 2);
    assert.match(r.message, /Cancelled: 2 services were submitted before the cancel .* 6 not /);
    for (const n of created) assert.ok(r.message.includes(n));
    assert.deepEqual((await stackServices(stack)).map((s) => s.name).sort(), [...created].sort(), 'the swarm holds exactly what was reported');

    const again = await deploy(ctx.client, stack, { files: [file], parallel: 4, revisionLabels: false });
    assert.equal(again.status, 'converged', again.message);
    assert.deepEqual(
      again
        .plan!.services.filter((s) => s.action === 'unchanged')
        .map((s) => s.name)
        .sort(),
      [...created].sort(),
    );
    assert.equal(again.plan!.services.filter((s) => s.action === 'create').length, 6);
    assert.equal((await stackServices(stack)).length, 8);
  });
});

describe('deploy: the daemon is killed mid-deploy', () => {
  const stack = stackName('kill');
  const fx = fixtureDir('spdeploy-kill');
  let dockerd: TempDockerd;
  let client: EngineClient;
  const sock = () => `unix://${dockerd.socketPath}`;
  const dockerCli = (args: string[]) =>
    execFileSync('docker', ['-H', sock(), ...args], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } });

  /** Bounded wait until the own daemon answers as an active swarm manager. */
  const managerReady = () =>
    waitUntil(
      'the own dockerd to be a swarm manager again',
      async () => {
        try {
          const info = await client.info({ timeoutSeconds: 5 });
          if (!info.swarm.isManager) return undefined;
          await client.listNodes(undefined, { timeoutSeconds: 5 });
          return true;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );

  before(async () => {
    // The own daemon must not pull either: local images only, and a closed proxy as a safety net (TempDockerd).
    process.env.DOCKER_SERVICE_PREFER_OFFLINE_IMAGE = '1';
    dockerd = new TempDockerd(mkdtempSync(join(tmpdir(), 'spdk-')));
    await dockerd.start();
    const port = await freePort();
    dockerCli(['swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', `127.0.0.1:${port}`]);
    dockerCli(['import', '-c', 'CMD ["/bin/sh"]', '-c', 'ENV PATH=/bin', '/var/lib/docker-ci/busybox-rootfs.tar', 'probe/busybox:1']);
    client = createEngineClient(resolveEndpoint({ setting: { host: sock() }, env: {}, homedir: '/nonexistent' }), { timeoutSeconds: 10 });
    await managerReady();
  });
  after(async () => {
    client?.close();
    await dockerd?.destroy();
    fx.remove();
  });

  test('a clear error naming what was done, and the same deploy completes once the daemon is back', async () => {
    const file = fx.write('stack.yml', stackFile(names(6).map((n) => service(n, { replicas: 1 }))));
    let finished = 0;
    const r = await deploy(client, stack, {
      files: [file],
      parallel: 1,
      revisionLabels: false,
      onEvent: (e) => {
        if (e.type === 'step-finished' && e.step.kind === 'service' && ++finished === 2) process.kill(dockerd.pid!, 'SIGKILL');
      },
    });
    assert.equal(r.status, 'failed', r.message);
    assert.ok(
      ['daemon-not-running', 'connection-lost', 'timeout'].includes((r.error as { kind?: string }).kind ?? ''),
      `${(r.error as { kind?: string }).kind}: ${r.message}`,
    );
    assert.match(r.message, /The deploy stopped after 2 of 6 services were submitted/);
    assert.match(r.message, /run the same deploy again once it is back/);
    const created = r.changes.filter((c) => c.kind === 'service-created').map((c) => c.name);
    assert.equal(created.length, 2);

    await dockerd.stop();
    await dockerd.start();
    await managerReady();
    const ops = new EngineOps(client);
    assert.deepEqual((await ops.stackServices(stack)).map((s) => s.Spec?.Name).sort(), [...created].sort(), 'what was reported is what the swarm kept');

    const again = await deploy(client, stack, { files: [file], revisionLabels: false, timeoutSeconds: 120 });
    assert.equal(again.status, 'converged', again.message);
    assert.equal(again.plan!.services.filter((s) => s.action === 'create').length, 4);
    assert.deepEqual(
      again
        .plan!.services.filter((s) => s.action === 'unchanged')
        .map((s) => s.name)
        .sort(),
      [...created].sort(),
    );
    const services = await ops.stackServices(stack);
    assert.equal(services.length, 6);
    assert.ok(services.every((s) => (s as { ServiceStatus?: { RunningTasks?: number } }).ServiceStatus?.RunningTasks === 1));
  });
});
