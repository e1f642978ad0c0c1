// TLS and daemon restarts against a dockerd of our own (tcp://127.0.0.1:<free port> with --tlsverify, not in the swarm):
// certificates made with openssl at test time, a docker context written by the real CLI, wrong CA, missing client
// certificate, a certificate for another name, a plain TLS server refusing the handshake, and the daemon stopped and
// started again under a live client.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import type { EngineError } from '../../client/src/engine/engineErrors';
import { dockerOk } from './docker';
import { expectEngineError as failure } from './support/expectEngineError';
import { freePort } from './support/freePort';
import { makeCa, makeCert, type CertFiles } from './support/openssl';
import { clientCertTlsServer } from './support/silentServers';
import { TempDockerd } from './support/tempDockerd';
import { engineUnderTest } from './support/engineUnderTest';

let root: string;
let port: number;
let dockerd: TempDockerd;
let ca: CertFiles;
let wrongCa: CertFiles;
let server: CertFiles;
let otherName: CertFiles;
let client: CertFiles;
let rogueClient: CertFiles;
let configDir: string;
const CONTEXT = 'spengine-tls-dockerd';

/** A DOCKER_CERT_PATH-style directory with the given files as ca.pem / cert.pem / key.pem. */
function certDir(name: string, files: { ca: CertFiles; client?: CertFiles }): string {
  const dir = join(root, name);
  mkdirSync(dir);
  copyFileSync(files.ca.cert, join(dir, 'ca.pem'));
  if (files.client) {
    copyFileSync(files.client.cert, join(dir, 'cert.pem'));
    copyFileSync(files.client.key, join(dir, 'key.pem'));
  }
  return dir;
}

function envClient(certPath: string, hostPort = port): EngineClient {
  const env = { DOCKER_HOST: `tcp://127.0.0.1:${hostPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath };
  return createEngineClient(resolveEndpoint({ env, homedir: '/nonexistent' }), { timeoutSeconds: 5 });
}

before(async () => {
  // Short path: dockerd's sockets live below it.
  root = mkdtempSync('/tmp/spengine-tls-');
  const pki = join(root, 'pki');
  mkdirSync(pki);
  ca = makeCa(pki, 'spengine-ca');
  wrongCa = makeCa(pki, 'spengine-wrong-ca');
  server = makeCert(pki, ca, 'server-127', { san: 'IP:127.0.0.1', usage: 'serverAuth' });
  otherName = makeCert(pki, ca, 'server-localhost-only', { san: 'DNS:localhost-only', usage: 'serverAuth' });
  client = makeCert(pki, ca, 'client', { usage: 'clientAuth' });
  rogueClient = makeCert(pki, wrongCa, 'rogue-client', { usage: 'clientAuth' });
  port = await freePort();
  dockerd = new TempDockerd(join(root, 'd'), { tcpPort: port, tls: { ca: ca.cert, cert: server.cert, key: server.key } });
  await dockerd.start();
  configDir = join(root, 'dockercfg');
  await dockerOk(['context', 'create', CONTEXT, '--docker', `host=tcp://127.0.0.1:${port},ca=${ca.cert},cert=${client.cert},key=${client.key}`], {
    env: { PATH: process.env.PATH, HOME: root, DOCKER_CONFIG: configDir },
  });
});

after(async () => {
  await dockerd?.destroy();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('TLS against our own dockerd', () => {
  let live: EngineClient;
  after(() => live?.close());

  test('a docker context with TLS material (written by the CLI) connects; the daemon is not in a swarm', async () => {
    live = createEngineClient(resolveEndpoint({ env: { DOCKER_CONFIG: configDir, DOCKER_CONTEXT: CONTEXT }, homedir: '/nonexistent' }), { timeoutSeconds: 5 });
    assert.equal(live.endpoint.source, 'DOCKER_CONTEXT');
    assert.ok(live.endpoint.tls?.cert);
    const info = await live.info();
    assert.equal(info.swarm.state, 'inactive');
    assert.equal(info.apiVersion, engineUnderTest.pinnedApiVersion);
    await failure(live.requireManager(), 'not-in-swarm', /not part of an active swarm/);
    const e = await failure(live.listNodes(), 'not-in-swarm', /docker swarm init/);
    assert.equal(e.statusCode, 503);
  });

  test('DOCKER_TLS_VERIFY + DOCKER_CERT_PATH connect too', async () => {
    const c = envClient(certDir('env-ok', { ca, client }));
    assert.equal((await c.version()).Version, engineUnderTest.serverVersion);
    c.close();
  });

  test('a CA that did not sign the daemon certificate: tls-verify-failed (unknown authority, CA source named)', async () => {
    const dir = certDir('wrong-ca', { ca: wrongCa, client });
    const e = await failure(envClient(dir).info(), 'tls-verify-failed', /unknown authority/);
    assert.ok(e.message.includes(dir));
    assert.equal(e.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  test('no client certificate, or one from another CA: the daemon refuses the handshake', async () => {
    await failure(envClient(certDir('no-client-cert', { ca })).info(), 'tls-handshake-refused', /refused the TLS handshake/);
    await failure(envClient(certDir('rogue-client', { ca, client: rogueClient })).info(), 'tls-handshake-refused', /refused the TLS handshake/);
  });

  test('a plain Node TLS server that refuses clients without a certificate: tls-handshake-refused', async () => {
    const srv = await clientCertTlsServer({ cert: server.certPem, key: server.keyPem, ca: ca.certPem });
    try {
      await failure(envClient(certDir('node-tls', { ca }), srv.port).ping(), 'tls-handshake-refused');
    } finally {
      await srv.close();
    }
  });

  test('plain HTTP to the TLS port: the daemon says it wants TLS', async () => {
    const c = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` }, homedir: '/nonexistent' }), { timeoutSeconds: 5 });
    const e = await failure(c.info(), 'http-status', /expects TLS/);
    assert.equal(e.statusCode, 400);
    c.close();
  });

  test('daemon stopped mid-session: daemon-not-running, open event stream ends; started again: the same clients recover', async () => {
    const unix = createEngineClient(resolveEndpoint({ setting: { host: `unix://${dockerd.socketPath}` }, env: {}, homedir: '/nonexistent' }), {
      timeoutSeconds: 5,
    });
    try {
      await unix.info();
      const events = await live.events({ filters: { type: ['container'] } });
      const consumer = (async () => {
        try {
          for await (const _ of events) void _;
          return 'ended';
        } catch (err) {
          return (err as EngineError).kind;
        }
      })();
      await dockerd.stop();
      assert.ok(['ended', 'connection-lost'].includes(await consumer));
      await failure(live.info(), 'daemon-not-running', /connection refused/);
      await failure(unix.info(), 'daemon-not-running', /Is the Docker daemon running\?/);
      await dockerd.start();
      assert.equal((await live.info()).swarm.state, 'inactive');
      assert.equal((await unix.info()).swarm.state, 'inactive');
    } finally {
      unix.close();
    }
  });

  test('the daemon restarted with a certificate for "localhost-only": tls-verify-failed naming 127.0.0.1 and the certificate names', async () => {
    await dockerd.stop();
    await dockerd.start({ tcpPort: port, tls: { ca: ca.cert, cert: otherName.cert, key: otherName.key } });
    const e = await failure(live.info(), 'tls-verify-failed', /not valid for "127\.0\.0\.1"; it is valid for DNS:localhost-only/);
    assert.equal(e.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.deepEqual([...e.actions], ['retry', 'edit-connection']);
  });
});
