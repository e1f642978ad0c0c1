// The explorer's model and the node/service operations against the real 3-node test swarm: the snapshot equals
// `docker node ls` / `docker service ls`, events refresh it (debounced), drain impact refuses unsafe drains, a
// drain moves real tasks and is followed until they run elsewhere, quorum guards demotion, and scale, force
// update, rollback and labels change what `docker` then reports. Everything is named spx-… and removed at the end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import {
  analyzeDrain,
  drainNode,
  followDrain,
  forceUpdateService,
  OpRefused,
  raftHealth,
  removeNodeLabel,
  rollbackService,
  scaleService,
  setAvailability,
  setNodeLabel,
  setRole,
  SwarmWatcher,
  takeSnapshot,
  watchServiceUpdate,
} from '../../client/src/swarm';
import { docker, dockerOk, waitUntil } from './docker';

const P = `spx${process.pid}`;
const IMAGE = 'probe/busybox:1';
let client: EngineClient;
let workers: { id: string; hostname: string }[];

async function createService(name: string, args: string[]): Promise<string> {
  return (await dockerOk(['service', 'create', '--detach', '--name', name, '--stop-grace-period', '1s', ...args, IMAGE, 'sleep', '3600'])).trim();
}

async function removeServices(): Promise<void> {
  const names = (await dockerOk(['service', 'ls', '--format', '{{.Name}}', '--filter', `name=${P}`])).split('\n').filter(Boolean);
  if (names.length) await docker(['service', 'rm', ...names]);
}

const running = async (name: string) =>
  (await dockerOk(['service', 'ps', name, '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}']))
    .split('\n')
    .filter((l) => / Running /.test(l));

before(async () => {
  client = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }));
  const nodes = await client.listNodes();
  workers = nodes.filter((n) => n.Spec.Role === 'worker').map((n) => ({ id: n.ID, hostname: n.Description!.Hostname! }));
  assert.ok(workers.length >= 2, 'the test swarm has two workers (DOCKER_CI_WORKERS=2)');
});

after(async () => {
  for (const w of workers ?? []) await setAvailability(client, w.id, 'active').catch(() => undefined);
  await removeServices();
  client?.close();
});

describe('snapshot', () => {
  test('nodes and services equal docker node ls / service ls', async () => {
    await createService(`${P}-web`, ['--replicas', '2', '--label', 'com.docker.stack.namespace=spxstack', '--publish', '18081:80']);
    await waitUntil('2 running tasks', async () => ((await running(`${P}-web`)).length === 2 ? true : undefined), { timeoutMs: 60_000 });
    const snap = await takeSnapshot(client);
    const cli = (await dockerOk(['node', 'ls', '--format', '{{.Hostname}}|{{.Status}}|{{.Availability}}|{{.ManagerStatus}}']))
      .split('\n')
      .filter(Boolean)
      .sort();
    const ours = snap.nodes
      .map(
        (n) =>
          `${n.Description?.Hostname}|${n.Status?.State === 'ready' ? 'Ready' : n.Status?.State}|${(n.Spec.Availability ?? 'active').replace(/^./, (c) => c.toUpperCase())}|${n.ManagerStatus?.Leader ? 'Leader' : n.ManagerStatus ? 'Reachable' : ''}`,
      )
      .sort();
    assert.deepEqual(ours, cli);
    const svc = snap.services.find((s) => s.name === `${P}-web`)!;
    const [cliReplicas, cliImage, cliPorts] = (
      await dockerOk(['service', 'ls', '--filter', `name=${P}-web`, '--format', '{{.Replicas}}|{{.Image}}|{{.Ports}}'])
    )
      .trim()
      .split('|');
    assert.equal(`${svc.running}/${svc.desired}`, cliReplicas);
    assert.equal(svc.image, cliImage);
    assert.equal(svc.stack, 'spxstack');
    assert.match(cliPorts, /18081->80\/tcp/);
    assert.deepEqual(svc.ports, ['18081:80/tcp']);
    assert.equal(svc.mode, 'replicated');
    const health = raftHealth(snap.nodes);
    assert.deepEqual([health.managers, health.reachable, health.needed, health.safe], [1, 1, 1, true]);
    assert.ok(typeof (snap.swarm as { TLSInfo?: { TrustRoot?: string } }).TLSInfo?.TrustRoot === 'string', 'the swarm CA is readable');
  });

  test('the watcher refreshes on events (no polling) and debounces a burst', async () => {
    const watcher = new SwarmWatcher(async () => client, { debounceMs: 400, taskPollMs: 3_600_000 });
    const seen: string[] = [];
    watcher.onChange((s) => s.kind === 'ready' && seen.push(s.snapshot.services.map((x) => x.name).join(',')));
    watcher.start();
    try {
      await waitUntil('first load', async () => (watcher.current.kind === 'ready' ? true : undefined), { timeoutMs: 20_000 });
      const before = watcher.refreshes;
      await dockerOk(['service', 'create', '--detach', '--name', `${P}-evt`, '--replicas', '6', IMAGE, 'sleep', '3600']);
      await waitUntil('the CLI-created service in the snapshot', async () => (seen.some((s) => s.includes(`${P}-evt`)) ? true : undefined), {
        timeoutMs: 20_000,
      });
      await new Promise((r) => setTimeout(r, 3000));
      // Creating a 6-replica service emits many events; debounced they cause a handful of refreshes, not dozens.
      assert.ok(watcher.refreshes - before <= 6, `${watcher.refreshes - before} refreshes`);
    } finally {
      watcher.stop();
    }
  });

  test('an unreachable engine gives one clear error state, not a crash', async () => {
    const dead = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///tmp/spx-no-such.sock' }, homedir: '/nonexistent' }), { timeoutSeconds: 2 });
    const watcher = new SwarmWatcher(async () => dead, { maxBackoffMs: 200 });
    const states: string[] = [];
    watcher.onChange((s) => states.push(s.kind));
    watcher.start();
    try {
      await waitUntil('the error state', async () => (watcher.current.kind === 'error' ? true : undefined), { timeoutMs: 10_000 });
      const st = watcher.current as { error: Error };
      assert.match(st.error.message, /spx-no-such\.sock|not running|no such file|cannot connect/i);
      await new Promise((r) => setTimeout(r, 1000));
      assert.ok(states.filter((s) => s === 'error').length <= 2, `error state set ${states.length} times: ${states.join(',')}`);
    } finally {
      watcher.stop();
      dead.close();
    }
  });

  test('switching to another engine drops the old swarm at once and ends the old event loop', async () => {
    const dead = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///tmp/spx-switch.sock' }, homedir: '/nonexistent' }), { timeoutSeconds: 2 });
    let current: EngineClient = client;
    let subscriptions = 0;
    const factory = async () => current;
    const counting = new SwarmWatcher(
      async () => {
        const c = await factory();
        return Object.assign(Object.create(c), { events: (o: Parameters<EngineClient['events']>[0]) => (subscriptions++, c.events(o)) }) as EngineClient;
      },
      { maxBackoffMs: 200 },
    );
    counting.start();
    try {
      await waitUntil('first load', async () => (counting.current.kind === 'ready' ? true : undefined), { timeoutMs: 20_000 });
      current = dead;
      counting.reset();
      assert.equal(counting.current.kind === 'idle' || counting.current.kind === 'loading', true, 'the old snapshot is gone immediately');
      await waitUntil('the error state', async () => (counting.current.kind === 'error' ? true : undefined), { timeoutMs: 10_000 });
      assert.equal((counting.current as { snapshot?: unknown }).snapshot, undefined, 'no snapshot of the previous engine is kept');
      current = client;
      counting.reset();
      await waitUntil('the swarm again', async () => (counting.current.kind === 'ready' ? true : undefined), { timeoutMs: 20_000 });
      const after = subscriptions;
      await new Promise((r) => setTimeout(r, 1500));
      // One live loop: a second one would resubscribe (the first ended its stream on reset).
      assert.equal(subscriptions, after, 'no loop of an earlier engine keeps subscribing');
    } finally {
      counting.stop();
      dead.close();
    }
  });
});

describe('node operations', () => {
  test('drain impact: a service pinned to the node, and max_replicas_per_node, make the drain unsafe', async () => {
    const [w1, w2] = workers;
    await createService(`${P}-pinned`, ['--replicas', '1', '--constraint', `node.hostname==${w2.hostname}`]);
    await createService(`${P}-spread`, ['--replicas', '3', '--replicas-max-per-node', '1']);
    await waitUntil(
      'pinned and spread running',
      async () => ((await running(`${P}-pinned`)).length === 1 && (await running(`${P}-spread`)).length === 3 ? true : undefined),
      { timeoutMs: 60_000 },
    );
    const impact = analyzeDrain(await takeSnapshot(client), w2.id);
    assert.equal(impact.safe, false);
    const names = impact.unplaceable.map((u) => u.service).sort();
    assert.deepEqual(names, [`${P}-pinned`, `${P}-spread`]);
    assert.match(impact.unplaceable.find((u) => u.service === `${P}-pinned`)!.reason, /no other active, ready node matches its constraints \(node\.hostname==/);
    assert.match(impact.unplaceable.find((u) => u.service === `${P}-spread`)!.reason, /max_replicas_per_node 1 on 2 eligible node/);
    await assert.rejects(drainNode(client, w2.id), (e: unknown) => e instanceof OpRefused && /unplaceable/.test((e as Error).message));
    assert.equal((await client.inspectNode(w2.id)).Spec.Availability, 'active', 'a refused drain changes nothing');
    // The other worker: the pinned service is not there, but the spread one still cannot move.
    assert.deepEqual(
      analyzeDrain(await takeSnapshot(client), w1.id).unplaceable.map((u) => u.service),
      [`${P}-spread`],
    );
    await docker(['service', 'rm', `${P}-pinned`, `${P}-spread`]);
  });

  test('a safe drain moves the tasks and is followed until they run elsewhere; activate restores', async () => {
    const [w1] = workers;
    await createService(`${P}-move`, ['--replicas', '3', '--constraint', 'node.role==worker']);
    await waitUntil('3 running', async () => ((await running(`${P}-move`)).length === 3 ? true : undefined), { timeoutMs: 60_000 });
    const snap = await takeSnapshot(client);
    const impact = analyzeDrain(snap, w1.id);
    assert.equal(impact.safe, true, impact.lines.join('\n'));
    const onW1 = snap.tasks.filter(
      (t) =>
        t.NodeID === w1.id &&
        t.DesiredState === 'running' &&
        t.Status?.State === 'running' &&
        t.ServiceID === snap.services.find((s) => s.name === `${P}-move`)!.id,
    ).length;
    assert.ok(impact.moving.filter((m) => m.service === `${P}-move`).length === onW1);
    try {
      const done = await drainNode(client, w1.id);
      const progress: string[] = [];
      const outcome = await followDrain(client, done, { onProgress: (p) => progress.push(p.message), timeoutMs: 90_000 });
      assert.equal(outcome.done, true, JSON.stringify(outcome.waiting));
      assert.match(progress.at(-1)!, /^(\d+)\/\1 tasks running elsewhere$/);
      assert.equal((await client.inspectNode(w1.id)).Spec.Availability, 'drain');
      const nodesNow = (await running(`${P}-move`)).map((l) => l.split(' ')[0]);
      assert.ok(nodesNow.length === 3 && !nodesNow.includes(w1.hostname), nodesNow.join(','));
    } finally {
      await setAvailability(client, w1.id, 'active');
    }
    assert.equal((await dockerOk(['node', 'inspect', w1.id, '--format', '{{.Spec.Availability}}'])).trim(), 'active');
  });

  test('pause, labels, and a demotion that would lose quorum is refused', async () => {
    const [, w2] = workers;
    await setAvailability(client, w2.id, 'pause');
    assert.equal((await dockerOk(['node', 'inspect', w2.id, '--format', '{{.Spec.Availability}}'])).trim(), 'pause');
    await setAvailability(client, w2.id, 'active');
    await setNodeLabel(client, w2.id, `${P}.zone`, 'a');
    assert.equal((await dockerOk(['node', 'inspect', w2.id, '--format', `{{index .Spec.Labels "${P}.zone"}}`])).trim(), 'a');
    await removeNodeLabel(client, w2.id, `${P}.zone`);
    assert.equal((await dockerOk(['node', 'inspect', w2.id, '--format', '{{json .Spec.Labels}}'])).includes(`${P}.zone`), false);
    const manager = (await client.listNodes()).find((n) => n.Spec.Role === 'manager')!;
    await assert.rejects(setRole(client, manager.ID, 'worker'), (e: unknown) => e instanceof OpRefused && /only manager/.test((e as Error).message));
    assert.equal((await client.inspectNode(manager.ID)).Spec.Role, 'manager');
  });
});

describe('service operations', () => {
  test('rollback without a previous spec is refused; after a bad update it restores the previous image', async () => {
    const name = `${P}-roll`;
    const id = await createService(name, ['--replicas', '1']);
    await assert.rejects(rollbackService(client, id), (e: unknown) => e instanceof OpRefused && /no previous spec/.test((e as Error).message));
    await dockerOk(['service', 'update', '--detach', '--image', 'probe/busybox:2', name]);
    const up = await watchServiceUpdate(client, id, { timeoutMs: 90_000 });
    assert.equal(up.outcome, 'converged');
    await rollbackService(client, id);
    const back = await watchServiceUpdate(client, id, { timeoutMs: 90_000 });
    assert.equal(back.outcome, 'rolled back');
    assert.match((await dockerOk(['service', 'inspect', name, '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}'])).trim(), /^probe\/busybox:1/);
  });

  test('scale and force update change what docker reports; global services do not scale', async () => {
    const name = `${P}-scale`;
    const id = await createService(name, ['--replicas', '1']);
    await scaleService(client, id, 3);
    assert.equal((await watchServiceUpdate(client, id, { timeoutMs: 90_000 })).outcome, 'converged');
    assert.equal((await dockerOk(['service', 'ls', '--filter', `name=${name}`, '--format', '{{.Replicas}}'])).trim(), '3/3');
    const before = new Set((await client.listTasks({ service: [id], 'desired-state': ['running'] })).map((t) => t.ID));
    await forceUpdateService(client, id);
    await waitUntil(
      'new tasks after the forced update',
      async () => {
        const now = (await client.listTasks({ service: [id], 'desired-state': ['running'] })).filter((t) => t.Status?.State === 'running');
        return now.length === 3 && now.every((t) => !before.has(t.ID)) ? true : undefined;
      },
      { timeoutMs: 90_000 },
    );
    const global = await createService(`${P}-global`, ['--mode', 'global']);
    await assert.rejects(
      scaleService(client, global, 2),
      (e: unknown) => e instanceof OpRefused && /only replicated services scale/.test((e as Error).message),
    );
  });
});
