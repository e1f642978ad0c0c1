// Updating a live stack on the real swarm: a changed image tag updates only that service and waits for swarm's
// rolling update; a config whose content changed is refused, or versioned with --version-changed; --prune removes
// what the files dropped; and "roll back stack" deploys the previous revision again from the revision store.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { findRollbackTarget, MemoryRevisionStore, PREVIOUS_REVISION_LABEL, REVISION_LABEL, rollbackStack, type StackSnapshot } from '../../client/src/deploy';
import { deploy, service, snapshot, stackFile, useStack } from '../cases/deploy/harness';
import { stackServices, stackTasks } from './docker';

const imageOf = (s: StackSnapshot, name: string) =>
  (s.services[name].spec as { TaskTemplate: { ContainerSpec: { Image: string } } }).TaskTemplate.ContainerSpec.Image;
const labelsOf = (s: StackSnapshot, name: string) => (s.services[name].spec as { Labels: Record<string, string> }).Labels;

describe('deploy: updates, versioned configs, prune, stack rollback', () => {
  const ctx = useStack('upd');
  const { stack, fx } = ctx;
  const store = new MemoryRevisionStore();
  const file = (image: string, extra: string[] = [], configs = true) =>
    fx.write(
      'stack.yml',
      stackFile(
        [
          service('web', { image, replicas: 2, extra: configs ? ['    configs: [{source: app, target: /etc/app.conf}]'] : [] }),
          service('api', { replicas: 1 }),
          ...extra,
        ],
        configs ? 'configs:\n  app:\n    file: ./app.conf\n' : '',
      ),
    );
  const web = `${stack}_web`;
  const api = `${stack}_api`;

  before(() => fx.write('app.conf', 'version=1\n'));

  test('v1: fresh deploy, revision recorded', async () => {
    const r = await deploy(ctx.client, stack, { files: [file('probe/busybox:1')], store });
    assert.equal(r.status, 'converged', r.message);
    assert.equal((await store.list(ctx.client.endpoint.id, stack)).length, 1);
    assert.equal(labelsOf(await snapshot(ctx.client, stack), web)[REVISION_LABEL], r.revision!.id);
  });

  test('changed image tag: only web is updated (rolling update waited for), api keeps its tasks', async () => {
    const before = await snapshot(ctx.client, stack);
    const apiTasks = (await stackTasks(stack)).filter((t) => t.service === api);
    const r = await deploy(ctx.client, stack, { files: [file('probe/busybox:2')], store, revisionLabels: false });
    assert.equal(r.status, 'converged', r.message);
    const plan = r.plan!;
    const webPlan = plan.services.find((s) => s.name === web)!;
    assert.equal(webPlan.action, 'update');
    assert.ok(webPlan.restarts);
    assert.ok(
      webPlan.changes.some((c) => c.path === 'TaskTemplate.ContainerSpec.Image' && c.before === 'probe/busybox:1' && c.after === 'probe/busybox:2'),
      JSON.stringify(webPlan.changes),
    );
    assert.ok(webPlan.changes.some((c) => c.path === 'Labels.com.docker.stack.image'));
    // Revision labels are off here, so the labels of v1 are "removed" on both services; api's tasks keep running.
    assert.equal(plan.services.find((s) => s.name === api)!.restarts, false);
    const after = await snapshot(ctx.client, stack);
    assert.equal(imageOf(after, web), 'probe/busybox:2');
    assert.equal(after.services[web].updateState, 'completed');
    assert.deepEqual(after.services[web].previousSpec, before.services[web].spec);
    const running = (await stackTasks(stack)).filter((t) => t.service === web && t.desiredState === 'Running' && t.state === 'Running');
    assert.equal(running.length, 2);
    const apiAfter = (await stackTasks(stack)).filter((t) => t.service === api);
    assert.deepEqual(
      apiAfter.map((t) => t.name + t.state),
      apiTasks.map((t) => t.name + t.state),
      'api tasks untouched',
    );
  });

  test('config content changed: refused without --version-changed, versioned with it', async () => {
    fx.write('app.conf', 'version=2\n');
    const before = await snapshot(ctx.client, stack);
    const refused = await deploy(ctx.client, stack, { files: [file('probe/busybox:2')], store });
    assert.equal(refused.status, 'refused');
    assert.deepEqual(
      refused.plan!.problems.map((p) => [p.code, p.object]),
      [['content-changed', `${stack}_app`]],
    );
    assert.match(refused.message, /swarm refuses to update a config's data .*--version-changed/);
    assert.deepEqual(await snapshot(ctx.client, stack), before, 'nothing changed');

    const r = await deploy(ctx.client, stack, { files: [file('probe/busybox:2')], store, versionChanged: true });
    assert.equal(r.status, 'converged', r.message);
    const versioned = r.plan!.objects.find((o) => o.kind === 'config' && o.versionOf)!;
    assert.match(versioned.name, new RegExp(`^${stack}_app-[0-9a-f]{8}$`));
    const after = await snapshot(ctx.client, stack);
    assert.deepEqual(Object.keys(after.configs).sort(), [`${stack}_app`, versioned.name].sort(), 'the old version stays for rollback');
    assert.equal(Buffer.from((after.configs[versioned.name] as { Data: string }).Data, 'base64').toString(), 'version=2\n');
    const refs = (after.services[web].spec as { TaskTemplate: { ContainerSpec: { Configs: { ConfigName: string; ConfigID: string }[] } } }).TaskTemplate
      .ContainerSpec.Configs;
    assert.deepEqual(
      refs.map((c) => [c.ConfigName, c.ConfigID]),
      [[versioned.name, `<${versioned.name}>`]],
    );
    // Deploying the same content again reuses the versioned config: nothing changes.
    const again = await deploy(ctx.client, stack, { files: [file('probe/busybox:2')], store, versionChanged: true });
    assert.equal(again.status, 'unchanged', again.message);
  });

  test('--prune removes the services the files dropped; without it they are kept and listed', async () => {
    const withExtra = file('probe/busybox:2', [service('extra', { replicas: 1 })]);
    assert.equal((await deploy(ctx.client, stack, { files: [withExtra], store, versionChanged: true })).status, 'converged');
    const without = file('probe/busybox:2');
    const kept = await deploy(ctx.client, stack, { files: [without], store, versionChanged: true });
    // The files changed, so the revision did: web and api get the new revision label (tasks keep running).
    assert.equal(kept.status, 'converged', kept.message);
    assert.ok(kept.plan!.services.filter((s) => s.action === 'update').every((s) => !s.restarts));
    assert.deepEqual(
      kept.plan!.services.filter((s) => s.action === 'orphan').map((s) => s.name),
      [`${stack}_extra`],
    );
    const pruned = await deploy(ctx.client, stack, { files: [without], store, versionChanged: true, prune: true });
    assert.equal(pruned.status, 'converged', pruned.message);
    assert.deepEqual(
      pruned.changes.filter((c) => c.kind === 'service-removed').map((c) => c.name),
      [`${stack}_extra`],
    );
    assert.deepEqual((await stackServices(stack)).map((s) => s.name).sort(), [api, web]);
  });

  test('roll back stack: the revision before the live one is deployed again', async () => {
    const revisions = await store.list(ctx.client.endpoint.id, stack);
    const live = labelsOf(await snapshot(ctx.client, stack), web)[REVISION_LABEL];
    assert.equal(live, revisions[revisions.length - 1].id);
    assert.equal(labelsOf(await snapshot(ctx.client, stack), web)[PREVIOUS_REVISION_LABEL], revisions[revisions.length - 2].id);
    const target = await findRollbackTarget({ client: ctx.client, stack, store });
    assert.equal(target.revision!.id, revisions[revisions.length - 2].id);
    const r = await rollbackStack({ client: ctx.client, stack, store, resolveImage: 'never', timeoutSeconds: 90, pollMs: 300 });
    assert.equal(r.status, 'converged', r.message);
    const after = await snapshot(ctx.client, stack);
    assert.equal(labelsOf(after, web)[REVISION_LABEL], target.revision!.id);
    assert.deepEqual(Object.keys(after.services).sort(), [api, `${stack}_extra`, web].sort(), 'the pruned service is back');
    // Roll back again: back to the revision we came from.
    const again = await rollbackStack({ client: ctx.client, stack, store, resolveImage: 'never', timeoutSeconds: 90, pollMs: 300, prune: true });
    assert.equal(again.status, 'converged', again.message);
    assert.equal(labelsOf(await snapshot(ctx.client, stack), web)[REVISION_LABEL], live);
  });
});

describe('deploy: a secret whose content changed (swarm never returns secret data)', () => {
  const ctx = useStack('sec');
  const { stack, fx } = ctx;
  const file = () => fx.write('stack.yml', stackFile([service('app', { extra: ['    secrets: [token]'] })], 'secrets:\n  token:\n    file: ./token.txt\n'));

  test('without a recorded hash the update is refused by swarm before any service changes; --version-changed versions it', async () => {
    fx.write('token.txt', 'one');
    assert.equal((await deploy(ctx.client, stack, { files: [file()] })).status, 'converged');
    const before = await snapshot(ctx.client, stack);
    fx.write('token.txt', 'two');
    const r = await deploy(ctx.client, stack, { files: [file()] });
    assert.deepEqual(
      r.plan!.objects.filter((o) => o.kind === 'secret').map((o) => o.action),
      ['verify'],
    );
    assert.equal(r.status, 'failed', r.message);
    assert.match(r.message, new RegExp(`The content of secret ${stack}_token changed, and swarm refuses to update a secret's data`));
    assert.deepEqual(await snapshot(ctx.client, stack), before, 'nothing changed');
    const v = await deploy(ctx.client, stack, { files: [file()], versionChanged: true });
    assert.equal(v.status, 'converged', v.message);
    const after = await snapshot(ctx.client, stack);
    const versioned = Object.keys(after.secrets).find((n) => n !== `${stack}_token`)!;
    assert.match(versioned, new RegExp(`^${stack}_token-[0-9a-f]{8}$`));
    const refs = (after.services[`${stack}_app`].spec as { TaskTemplate: { ContainerSpec: { Secrets: { SecretName: string }[] } } }).TaskTemplate.ContainerSpec
      .Secrets;
    assert.deepEqual(
      refs.map((r) => r.SecretName),
      [versioned],
    );
  });
});
