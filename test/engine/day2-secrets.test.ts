// Secrets and configs on the real swarm: create from a file, remove refused while in use (naming the services),
// rotate a secret used by two services (both end on the new one with the same target/uid/gid/mode; the old one is
// gone), and a rotation whose new tasks crash is rolled back server-side, leaving the old secret in use.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import { OpRefused, removeObject, rotateObject } from '../../client/src/swarm';
import { docker, dockerOk, swarmProblem, waitUntil } from './docker';
import { runCli as cli } from './support/runCli';

const P = `spops${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'spops-secrets-'));
let client: EngineClient;

const secretRefs = async (svc: string) =>
  JSON.parse(await dockerOk(['service', 'inspect', svc, '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Secrets}}'])) as {
    SecretName: string;
    SecretID: string;
    File: { Name: string; UID: string; GID: string; Mode: number };
  }[];
const secretNames = async () => (await dockerOk(['secret', 'ls', '--format', '{{.Name}}', '--filter', `name=${P}`])).split('\n').filter(Boolean).sort();
const runningCount = async (svc: string) =>
  (await dockerOk(['service', 'ps', svc, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}']))
    .split('\n')
    .filter((l) => l.startsWith('Running')).length;

async function service(name: string, secret: string, command: string): Promise<void> {
  await dockerOk([
    'service',
    'create',
    '--detach',
    '--name',
    name,
    '--stop-grace-period',
    '1s',
    '--update-monitor',
    '3s',
    '--secret',
    `source=${secret},target=tok,uid=123,gid=456,mode=0440`,
    'probe/busybox:1',
    'sh',
    '-c',
    command,
  ]);
  await waitUntil(`${name} to run`, async () => ((await runningCount(name)) === 1 ? true : undefined), { timeoutMs: 60_000 });
}

describe('secrets and configs (real swarm)', async () => {
  const problem = await swarmProblem();
  before(() => {
    if (!problem) client = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }));
  });
  after(async () => {
    if (!problem) {
      const services = (await dockerOk(['service', 'ls', '--format', '{{.Name}}', '--filter', `name=${P}`])).split('\n').filter(Boolean);
      if (services.length) await docker(['service', 'rm', ...services]);
      await waitUntil('the services to go', async () => ((await dockerOk(['service', 'ls', '-q', '--filter', `name=${P}`])).trim() ? undefined : true), {
        timeoutMs: 30_000,
      });
      const secrets = await secretNames();
      if (secrets.length) await docker(['secret', 'rm', ...secrets]);
      client.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('create from a file; rm refused while in use, naming the services', { skip: problem }, async () => {
    writeFileSync(join(dir, 'v1'), 'old-content');
    const created = await cli(['secret', 'create', `${P}-tok`, join(dir, 'v1')]);
    assert.equal(created.code, 0, created.stderr);
    assert.doesNotMatch(created.stdout + created.stderr, /old-content/, 'the content is never printed');
    await Promise.all([service(`${P}-a`, `${P}-tok`, 'sleep 3600'), service(`${P}-b`, `${P}-tok`, 'sleep 3600')]);
    const rm = await cli(['secret', 'rm', `${P}-tok`]);
    assert.equal(rm.code, 1);
    assert.match(rm.stderr, new RegExp(`secret ${P}-tok is used by ${P}-a, ${P}-b`));
    await assert.rejects(removeObject(client, 'secret', `${P}-tok`), OpRefused);
    assert.deepEqual(await secretNames(), [`${P}-tok`]);
  });

  test('rotate: both services end on the new secret with the same target, uid/gid and mode; the old one is gone', { skip: problem }, async () => {
    writeFileSync(join(dir, 'v2'), 'new-content');
    const r = await cli(['secret', 'rotate', '--yes', `${P}-tok`, join(dir, 'v2')], 240_000);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`rotated to ${P}-tok_v2: 2 service\\(s\\) converged`));
    for (const svc of [`${P}-a`, `${P}-b`]) {
      const [ref] = await secretRefs(svc);
      assert.equal(ref.SecretName, `${P}-tok_v2`);
      assert.deepEqual(ref.File, { Name: 'tok', UID: '123', GID: '456', Mode: 0o440 });
      assert.equal(await runningCount(svc), 1);
    }
    assert.deepEqual(await secretNames(), [`${P}-tok_v2`]);
  });

  test('a rotation whose new tasks crash is rolled back; the old secret stays in use and is not removed', { skip: problem }, async () => {
    writeFileSync(join(dir, 'good'), 'good');
    assert.equal((await cli(['secret', 'create', `${P}-key`, join(dir, 'good')])).code, 0);
    // Exits 1 unless the secret holds "good": the new content makes the new tasks crash.
    await service(`${P}-picky`, `${P}-key`, 'grep -q good /run/secrets/tok || exit 1; sleep 3600');
    const oldId = (await secretRefs(`${P}-picky`))[0].SecretID;
    const result = await rotateObject(client, 'secret', `${P}-key`, Buffer.from('bad'), { timeoutMs: 120_000 });
    assert.equal(result.ok, false, result.message);
    assert.equal(result.newName, `${P}-key_v2`);
    assert.match(result.message, /rolled back/);
    const [ref] = await secretRefs(`${P}-picky`);
    assert.equal(ref.SecretID, oldId, 'the service uses the old secret again');
    assert.equal(await runningCount(`${P}-picky`), 1);
    const names = await secretNames();
    assert.ok(names.includes(`${P}-key`), 'the old secret is kept');
    assert.ok(!names.includes(`${P}-key_v2`), `the new secret is removed (${names.join(', ')})`);
  });
});
