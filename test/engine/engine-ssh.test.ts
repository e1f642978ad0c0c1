// ssh:// against a real OpenSSH server on 127.0.0.1 (Debian's openssh-server, installed by the test when missing and
// running as root; otherwise skipped, saying why): the system ssh runs `docker system dial-stdio` on the "remote" host, which reaches the
// real swarm manager. Failures come from ssh itself: refused port, unauthorized key.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import { expectEngineError } from './support/expectEngineError';
import { freePort } from './support/freePort';
import { ensureSshd, startSshd, type TempSshd } from './support/tempSshd';
import { engineUnderTest } from './support/engineUnderTest';

// In CI a missing sshd must fail the run, never skip quietly.
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const unavailable = ensureSshd();
const skip = unavailable && !inCi ? unavailable : false;

function sshClient(port: number, config: string): EngineClient {
  return createEngineClient(resolveEndpoint({ setting: { host: `ssh://root@127.0.0.1:${port}`, sshArgs: ['-F', config] }, env: {}, homedir: '/nonexistent' }), {
    timeoutSeconds: 10,
  });
}

describe('ssh:// endpoints', { skip }, () => {
  let dir: string;
  let sshd: TempSshd;
  before(async () => {
    dir = mkdtempSync('/tmp/spengine-ssh-');
    sshd = await startSshd(dir, await freePort());
  });
  after(async () => {
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('info and listNodes of the swarm manager over ssh + docker system dial-stdio', async () => {
    const c = sshClient(sshd.port, sshd.clientConfig);
    assert.equal(c.endpoint.address.kind, 'ssh');
    const info = await c.requireManager();
    assert.equal(info.swarm.isManager, true);
    assert.equal(info.apiVersion, engineUnderTest.pinnedApiVersion);
    assert.equal((await c.listNodes()).length, 3);
    c.close();
  });

  test('the events stream works over ssh and ends on close()', async () => {
    const c = sshClient(sshd.port, sshd.clientConfig);
    const events = await c.events({ filters: { type: ['node'] }, since: 0 });
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const ev of events) {
        seen.push(ev.Type);
        events.close();
      }
      return 'ended';
    })();
    assert.equal(await consumer, 'ended');
    assert.deepEqual(seen, ['node']);
    c.close();
  });

  test('a key the server does not accept: ssh-failed with ssh’s own message', async () => {
    await expectEngineError(sshClient(sshd.port, sshd.unauthorizedConfig).info(), 'ssh-failed', /Permission denied \(publickey\)/);
  });

  test('nothing listening on the ssh port: ssh-failed, connection refused', async () => {
    await expectEngineError(sshClient(await freePort(), sshd.clientConfig).info(), 'ssh-failed', /Connection refused/);
  });
});
