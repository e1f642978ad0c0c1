// The editor's drift lenses and the "Compare with Running" left side, computed as the extension does (the explorer's
// SwarmWatcher snapshot → snapshotDrift → lensTitles / renderLiveStack), on the real swarm: in sync after a deploy,
// then following changes behind the editor's back (`docker service scale`, `docker service update --label-add`), file changes (a new and a removed service), and a failing task's error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { convertStack, loadStackConfig, MemoryRevisionStore, parseComposeYaml, renderLiveStack } from '../../client/src/deploy';
import type { EngineClient } from '../../client/src/engine';
import { lensTitles } from '../../client/src/live/lensTitles';
import type { LiveDocument } from '../../client/src/live/liveModel';
import { stackOutline } from '../../client/src/live/stackOutline';
import { serviceHealth, snapshotDrift, STACK_LABEL, SwarmWatcher } from '../../client/src/swarm';
import { deploy, fixtureDir, service, stackFile, testClient } from '../cases/deploy/harness';
import { dockerOk, removeStack, waitUntil } from './docker';

describe('drift lenses from the explorer snapshot (real swarm)', () => {
  const stack = `splive-lens-${process.pid}`;
  const fx = fixtureDir('splive-lens');
  const v1 = stackFile([service('web', { replicas: 2 }), service('api')]);
  let client: EngineClient;
  let watcher: SwarmWatcher;

  /** What the lenses of `text` say on the watcher's current snapshot. */
  const lenses = (text: string): Record<string, string> => {
    const snapshot = watcher.lastSnapshot!;
    const desired = convertStack(loadStackConfig({ files: [{ path: `${fx.dir}/stack.yml`, text }], env: {} }), stack);
    const live: LiveDocument = {
      stack,
      source: 'comment',
      drift: snapshotDrift(desired, snapshot),
      snapshot,
      outline: stackOutline(text),
      parsed: parseComposeYaml(text, 'stack.yml'),
      connection: 'test',
      diagnostics: [],
    };
    return Object.fromEntries(lensTitles(live));
  };
  const until = (what: string, text: string, ok: (l: Record<string, string>) => boolean) =>
    waitUntil(what, async () => (watcher.lastSnapshot && ok(lenses(text)) ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 200,
      describe: () => JSON.stringify(lenses(text)),
    });

  before(async () => {
    client = testClient();
    await removeStack(stack);
    const r = await deploy(client, stack, { files: [fx.write('stack.yml', v1)], store: new MemoryRevisionStore(), revisionLabels: true });
    assert.equal(r.status, 'converged', r.message);
    // As the extension does while a live stack file is visible: events, plus task polling (tasks have no events).
    watcher = new SwarmWatcher(async () => client, { debounceMs: 300, taskPollMs: 1000 });
    watcher.watchTasks();
    watcher.start();
    await waitUntil('first snapshot', async () => (watcher.current.kind === 'ready' ? true : undefined), { timeoutMs: 20_000 });
  });
  after(async () => {
    watcher?.stop();
    await removeStack(stack);
    client?.close();
    fx.remove();
  });

  test('after the deploy: every service running and in sync; the stack line on services:', async () => {
    await until('2/2 running', v1, (l) => l.web === '2/2 running · in sync');
    assert.deepEqual(lenses(v1), { '': `stack ${stack} on test`, api: '1/1 running · in sync', web: '2/2 running · in sync' });
    const outline = stackOutline(v1);
    assert.equal(outline.services, 0);
    assert.equal(v1.slice(outline.keys.get('api')!, outline.keys.get('api')! + 4), 'api:');
  });

  test('docker service scale and --label-add behind the editor: the lenses follow from events alone', async () => {
    await dockerOk(['service', 'scale', '--detach', `${stack}_web=1`]);
    await dockerOk(['service', 'update', '--detach', '--label-add', 'owner=splive', `${stack}_api`]);
    await until('web and api drifted', v1, (l) => /drifted: replicas \(Compare\)$/.test(l.web) && /drifted: deploy\.labels \(Compare\)$/.test(l.api));
    // The left side of Compare with Running shows what changed, in the file's layout.
    const services = watcher.lastSnapshot!.services.filter((s) => s.service.Spec?.Labels?.[STACK_LABEL] === stack).map((s) => s.service);
    const left = renderLiveStack(stack, services, {
      networkNames: new Map(watcher.lastSnapshot!.networks.map((n) => [n.id, n.name])),
      like: parseComposeYaml(v1, 'stack.yml'),
    });
    assert.match(left, /\n {2}web:\n {4}image: probe\/busybox:1\n(?: {4}.*\n)*? {4}deploy:\n {6}replicas: 1\n/);
    assert.match(left, /\n {2}api:[\s\S]*?deploy:\n(?: {6}.*\n)*? {6}labels:\n {8}owner: splive\n/);
  });

  test('the file changes: a new service is not deployed, a removed one shows on services: as would be pruned', async () => {
    const v2 = stackFile([service('web', { replicas: 1 }), service('worker')]);
    await until('the scaled-down task gone', v2, (l) => l.web === '1/1 running · in sync');
    const l = lenses(v2);
    assert.equal(l[''], '+1 on the swarm: api (would be pruned)');
    assert.equal(l.worker, 'not deployed');
  });

  test('a failing task: the service health names the error', async () => {
    await dockerOk([
      'service',
      'create',
      '--detach',
      '--name',
      `${stack}_bad`,
      '--label',
      `${STACK_LABEL}=${stack}`,
      '--restart-delay',
      '1s',
      '--network',
      'host',
      'probe/busybox:1',
      'sh',
      '-c',
      'exit 3',
    ]);
    const health = await waitUntil(
      'a failed task',
      async () => {
        await watcher.refresh();
        const s = watcher.lastSnapshot!.services.find((x) => x.name === `${stack}_bad`);
        const h = s && serviceHealth(watcher.lastSnapshot!, s);
        return h?.failing ? h : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    assert.equal(health.running, 0);
    assert.match(health.error ?? '', /non-zero exit \(3\)/);
    assert.match(lenses(v1)[''], /^\+1 on the swarm: bad \(would be pruned\)$/);
  });
});
