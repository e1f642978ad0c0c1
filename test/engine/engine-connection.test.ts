// The engine client against the real swarm (manager socket and a worker socket), and connection faults produced
// for real: a missing socket, EACCES as an unprivileged user, a server that accepts and never answers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient, type EngineClientOptions } from '../../client/src/engine/engineClient';
import { dockerJsonLines } from './support/dockerJson';
import { engineUnderTest } from './support/engineUnderTest';
import { expectEngineError } from './support/expectEngineError';
import { runTsAsUser } from './support/runAsUser';
import { silentTcpServer, silentUnixServer, type LocalServer } from './support/silentServers';

const MANAGER = 'unix:///var/run/docker.sock';
const WORKER = 'unix:///var/run/docker-w1.sock';
const NOBODY = { uid: 65534, gid: 65534 };

function clientFor(host: string, options: EngineClientOptions = {}): EngineClient {
  return createEngineClient(resolveEndpoint({ setting: { host }, env: {}, homedir: '/nonexistent' }), { timeoutSeconds: 10, ...options });
}

/** The error of a call that must fail, and how long the failure took. */
async function timed<T>(p: Promise<T>): Promise<{ p: Promise<T>; ms: number }> {
  const t0 = performance.now();
  await p.catch(() => undefined);
  return { p, ms: performance.now() - t0 };
}

describe('real swarm', () => {
  let manager: EngineClient;
  before(() => {
    manager = clientFor(MANAGER);
  });
  after(() => manager.close());

  test(`negotiates with Engine ${engineUnderTest.serverVersion} (API ${engineUnderTest.serverApiVersion}) and pins ${engineUnderTest.pinnedApiVersion}`, async () => {
    const { serverApiVersion, pinnedApiVersion } = engineUnderTest;
    const n = await manager.negotiate();
    assert.equal(n.serverApiVersion, serverApiVersion);
    assert.equal(n.apiVersion, pinnedApiVersion);
    assert.equal(manager.apiVersion, pinnedApiVersion);
    assert.equal((manager.docker.modem as unknown as { version: string }).version, `v${pinnedApiVersion}`);
    const ping = await manager.ping();
    assert.equal(ping.apiVersion, serverApiVersion);
    assert.equal(ping.osType, 'linux');
  });

  test('info shows an active swarm manager', async () => {
    const info = await manager.requireManager();
    assert.equal(info.swarm.state, 'active');
    assert.equal(info.swarm.isManager, true);
    assert.equal(info.apiVersion, engineUnderTest.pinnedApiVersion);
    assert.equal(info.serverVersion, engineUnderTest.serverVersion);
    assert.ok(info.swarm.nodeId);
    assert.equal(info.swarm.nodes, 3);
  });

  test('listNodes returns the 3 nodes exactly as `docker node ls --format json`', async () => {
    const nodes = await manager.listNodes();
    const cli = await dockerJsonLines<{ ID: string; Hostname: string; Availability: string; ManagerStatus: string; Status: string }>([
      'node',
      'ls',
      '--format',
      'json',
    ]);
    assert.equal(nodes.length, 3);
    const ours = nodes
      .map((n) => ({ id: n.ID, hostname: n.Description?.Hostname, role: n.Spec.Role, availability: n.Spec.Availability, state: n.Status?.State }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const theirs = cli
      .map((c) => ({
        id: c.ID,
        hostname: c.Hostname,
        role: c.ManagerStatus ? 'manager' : 'worker',
        availability: c.Availability.toLowerCase(),
        state: c.Status.toLowerCase(),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(ours, theirs);
    assert.deepEqual(ours.map((n) => n.hostname).sort(), ['vm', 'vm-w1', 'vm-w2']);
    const self = await manager.inspectNode(ours.find((n) => n.hostname === 'vm')!.id);
    assert.equal(self.ManagerStatus?.Leader, true);
  });

  test('a worker socket: cluster calls fail with not-swarm-manager and the daemon message', async () => {
    const worker = clientFor(WORKER);
    try {
      const e = await expectEngineError(worker.listNodes(), 'not-swarm-manager', /not a swarm manager/);
      assert.equal(e.statusCode, 503);
      assert.match(e.detail, /Worker nodes can't be used to view or modify cluster state/);
      await expectEngineError(worker.requireManager(), 'not-swarm-manager', /worker/);
    } finally {
      worker.close();
    }
  });

  test('process.env.DOCKER_HOST (read by docker-modem itself) does not leak into a client built for another endpoint', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:9';
    try {
      const c = clientFor(MANAGER);
      assert.equal((await c.info()).swarm.isManager, true);
      c.close();
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  test('a newer minimum API than the daemon offers: api-version-too-old naming both versions', async () => {
    const [major, minor] = engineUnderTest.serverApiVersion.split('.').map(Number);
    const newer = `${major}.${minor + 1}`;
    const c = clientFor(MANAGER, { minApiVersion: newer, maxApiVersion: newer });
    try {
      await expectEngineError(
        c.info(),
        'api-version-too-old',
        new RegExp(`${engineUnderTest.serverApiVersion.replace('.', '\\.')}.*${newer.replace('.', '\\.')}`),
      );
    } finally {
      c.close();
    }
  });
});

describe('connection faults', () => {
  let dir: string;
  const servers: LocalServer[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spengine-faults-'));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a socket path that does not exist: daemon-not-running', async () => {
    const c = clientFor(`unix://${dir}/missing.sock`);
    const e = await expectEngineError(c.info(), 'daemon-not-running', /does not exist\. Is the Docker daemon running\?/);
    assert.equal(e.code, 'ENOENT');
    assert.deepEqual([...e.actions], ['retry', 'edit-connection']);
  });

  test('the real docker socket as user nobody (not in the docker group): permission-denied with the group hint', async () => {
    // Root bypasses file permissions, so the client runs in a child process with uid/gid 65534.
    const out = await runTsAsUser('test/engine/support/connectProbe.ts', [MANAGER], NOBODY);
    const r = JSON.parse(out.trim()) as { ok: boolean; uid: number; kind: string; message: string; detail: string };
    assert.equal(r.uid, 65534);
    assert.equal(r.ok, false);
    assert.equal(r.kind, 'permission-denied');
    assert.match(r.message, /docker" group/);
    assert.match(r.detail, /EACCES/);
  });

  test('a TCP server that accepts and never answers: timeout after the configured seconds', async () => {
    const srv = await silentTcpServer();
    servers.push(srv);
    const c = clientFor(`tcp://127.0.0.1:${srv.port}`, { timeoutSeconds: 1.5 });
    const { p, ms } = await timed(c.info());
    const e = await expectEngineError(p, 'timeout', /after 1\.5 s \(GET \/_ping\)/);
    assert.equal(e.timeoutSeconds, 1.5);
    assert.ok(ms >= 1400 && ms < 3500, `took ${ms} ms`);
    c.close();
  });

  test('a unix socket that accepts and never answers: timeout too', async () => {
    const srv = await silentUnixServer(join(dir, 'silent.sock'));
    servers.push(srv);
    const c = clientFor(`unix://${dir}/silent.sock`, { timeoutSeconds: 1 });
    const { p, ms } = await timed(c.ping());
    await expectEngineError(p, 'timeout', /after 1 s/);
    assert.ok(ms >= 900 && ms < 3000, `took ${ms} ms`);
    c.close();
  });

  test("the caller's AbortSignal cancels a hanging request at once (also while the API version is negotiated)", async () => {
    const srv = await silentTcpServer();
    servers.push(srv);
    const c = clientFor(`tcp://127.0.0.1:${srv.port}`, { timeoutSeconds: 30 });
    const calls: Array<(signal: AbortSignal) => Promise<unknown>> = [(signal) => c.ping({ signal }), (signal) => c.info({ signal })];
    for (const call of calls) {
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 200);
      const { p, ms } = await timed(call(ctl.signal));
      const e = await expectEngineError(p, 'cancelled');
      assert.deepEqual([...e.actions], []);
      assert.ok(ms < 2000, `took ${ms} ms`);
    }
    c.close();
  });
});
