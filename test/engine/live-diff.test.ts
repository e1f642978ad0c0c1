// `swarm-pilot diff` on the real swarm: a stack deployed with revision labels is in sync (exit 0); changes in the
// file (image, replicas, a new service, a removed one) and changes behind the file's back (`docker service update
// --label-add`, `docker service scale`) are drift (exit 2) with the fields named in text and JSON; errors exit 1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MemoryRevisionStore } from '../../client/src/deploy';
import type { EngineClient } from '../../client/src/engine';
import { deploy, fixtureDir, service, stackFile, testClient } from '../cases/deploy/harness';
import { dockerOk, removeStack } from './docker';
import { runCli } from './support/runCli';

const cli = runCli;

interface DriftJson {
  stack: string;
  inSync: boolean;
  services: { key: string; name: string; status: string; fields: string[]; changes: { path: string; field: string; before?: unknown; after?: unknown }[] }[];
}

const statuses = (d: DriftJson) => Object.fromEntries(d.services.map((s) => [s.key, s.fields.length ? `${s.status}: ${s.fields.join(', ')}` : s.status]));

describe('swarm-pilot diff (CLI, real swarm)', () => {
  const stack = `splive-diff-${process.pid}`;
  const fx = fixtureDir('splive-diff');
  let client: EngineClient;
  const file = (services: string[]) => fx.write('stack.yml', stackFile(services));
  const v1 = [service('web', { replicas: 2 }), service('api')];
  const diff = async (path: string) => {
    const r = await cli(['diff', '-c', path, '--format', 'json', stack]);
    assert.notEqual(r.code, 1, r.stderr);
    return { code: r.code, json: JSON.parse(r.stdout) as DriftJson };
  };

  before(async () => {
    client = testClient();
    await removeStack(stack);
    const r = await deploy(client, stack, { files: [file(v1)], store: new MemoryRevisionStore(), revisionLabels: true });
    assert.equal(r.status, 'converged', r.message);
  });
  after(async () => {
    await removeStack(stack);
    client?.close();
    fx.remove();
  });

  test('the file as deployed (with revision labels and engine defaults): in sync, exit 0, text and JSON', async () => {
    const { code, json } = await diff(file(v1));
    assert.equal(code, 0, JSON.stringify(json, null, 2));
    assert.equal(json.inSync, true);
    assert.deepEqual(statuses(json), { api: 'in-sync', web: 'in-sync' });
    const text = await cli(['diff', '-c', join(fx.dir, 'stack.yml'), stack]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, new RegExp(`stack ${stack}: in sync`));
  });

  test('file changes: image, replicas, a new service, a removed service → exit 2 with the fields', async () => {
    const { code, json } = await diff(file([service('web', { replicas: 3, image: 'probe/busybox:2' }), service('worker')]));
    assert.equal(code, 2);
    assert.equal(json.inSync, false);
    assert.deepEqual(statuses(json), { web: 'drifted: image, replicas', worker: 'not-deployed', api: 'would-prune' });
    const web = json.services.find((s) => s.key === 'web')!;
    assert.deepEqual(
      web.changes.map((c) => [c.path, c.before, c.after]),
      [
        ['Mode.Replicated.Replicas', 2, 3],
        ['TaskTemplate.ContainerSpec.Image', 'probe/busybox:1', 'probe/busybox:2'],
      ],
    );
    const text = await cli(['diff', '-c', join(fx.dir, 'stack.yml'), stack]);
    assert.equal(text.code, 2);
    assert.match(
      text.stdout,
      /web: drifted \(image, replicas\)\n {2}Mode\.Replicated\.Replicas: 2 → 3\n {2}TaskTemplate\.ContainerSpec\.Image: probe\/busybox:1 → probe\/busybox:2/,
    );
    assert.match(text.stdout, /api: on the swarm only \(would be pruned\)/);
    assert.match(text.stdout, /worker: not deployed/);
  });

  test("changes behind the file's back: docker service update --label-add and docker service scale → exit 2", async () => {
    await dockerOk(['service', 'update', '--detach', '--label-add', 'owner=splive', `${stack}_api`]);
    await dockerOk(['service', 'scale', '--detach', `${stack}_web=1`]);
    try {
      const { code, json } = await diff(file(v1));
      assert.equal(code, 2, JSON.stringify(json, null, 2));
      assert.deepEqual(statuses(json), { api: 'drifted: deploy.labels', web: 'drifted: replicas' });
      const api = json.services.find((s) => s.key === 'api')!;
      assert.deepEqual(api.changes, [{ path: 'Labels.owner', before: 'splive', field: 'deploy.labels' }]);
    } finally {
      await dockerOk(['service', 'update', '--detach', '--label-rm', 'owner', `${stack}_api`]);
      await dockerOk(['service', 'scale', '--detach', `${stack}_web=2`]);
    }
    const back = await diff(file(v1));
    assert.equal(back.code, 0, JSON.stringify(back.json, null, 2));
  });

  test('errors exit 1: a missing file, a file that does not convert, a bad --format', async () => {
    const missing = await cli(['diff', '-c', join(fx.dir, 'nope.yml'), stack]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.yml: no such file or directory/);
    const bad = await cli(['diff', '-c', fx.write('bad.yml', 'services:\n  web:\n    image: probe/busybox:1\n    deploy: {replicas: many}\n'), stack]);
    assert.equal(bad.code, 1, bad.stdout);
    assert.match(bad.stderr, /bad\.yml:4:\d+: error [\s\S]*not compared: the files have errors/);
    const format = await cli(['diff', '-c', join(fx.dir, 'stack.yml'), '--format', 'sarif', stack]);
    assert.equal(format.code, 1);
    assert.match(format.stderr, /--format must be text or json/);
  });
});
