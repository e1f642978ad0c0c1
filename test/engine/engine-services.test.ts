// Services on the real swarm: the events stream sees the CLI create a service, listServices/listTasks agree with
// `docker service ls/ps`, logs stream, update + rollback, rollback without a previous spec, and a node label update.
// Everything created here is named spengine-… and removed at the end.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import type { DockerEvent, SwarmService } from '../../client/src/engine/engineTypes';
import { docker, dockerOk, waitUntil } from './docker';
import { dockerJsonLines } from './support/dockerJson';
import { expectEngineError } from './support/expectEngineError';

const NAME = `spengine-svc-${process.pid}`;
const LOG_LINE = 'spengine-log-line';
const NODE_LABEL = `spengine.test-${process.pid}`;

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function imageOf(spec: SwarmService['Spec']): string | undefined {
  return spec?.TaskTemplate && 'ContainerSpec' in spec.TaskTemplate ? spec.TaskTemplate.ContainerSpec?.Image : undefined;
}

/** Waits (bounded) until the service has exactly `n` tasks in state running, and returns them. */
function runningTasks(c: EngineClient, n: number) {
  return waitUntil(
    `${n} running tasks of ${NAME}`,
    async () => {
      const ts = (await c.listTasks({ service: [NAME], 'desired-state': ['running'] })).filter((t) => t.Status?.State === 'running');
      return ts.length === n ? ts : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300 },
  );
}

/** Waits (bounded) until the service's UpdateStatus.State is `state`, and returns the service. */
function updateState(c: EngineClient, state: string) {
  return waitUntil(
    `UpdateStatus ${state} on ${NAME}`,
    async () => {
      const s = await c.inspectService(NAME);
      return s.UpdateStatus?.State === state ? s : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300 },
  );
}

describe('services on the real swarm', () => {
  let c: EngineClient;
  let serviceId = '';
  before(() => {
    c = createEngineClient(resolveEndpoint({ env: {}, homedir: '/nonexistent' }), { timeoutSeconds: 10 });
  });
  after(async () => {
    await docker(['service', 'rm', NAME]);
    c.close();
  });

  test('the events stream yields `service create` when the CLI creates a service, and ends when aborted', async () => {
    const ctl = new AbortController();
    const stream = await c.events({ filters: { type: ['service'] }, signal: ctl.signal });
    let onCreate: (e: DockerEvent) => void = () => undefined;
    const created = new Promise<DockerEvent>((r) => (onCreate = r));
    const consumer = (async () => {
      for await (const ev of stream) if (ev.Action === 'create' && ev.Actor.Attributes?.name === NAME) onCreate(ev);
      return 'ended';
    })();
    // prettier-ignore
    await dockerOk(['service', 'create', '--detach', '--name', NAME, '--label', 'spengine=1', '--init', '--no-resolve-image',
      '--replicas', '2', '--update-monitor', '1s', '--rollback-monitor', '1s', '--update-parallelism', '0', '--rollback-parallelism', '0',
      '--stop-grace-period', '2s', 'probe/busybox:1', 'sh', '-c', `echo ${LOG_LINE}; exec sleep 100000`]);
    const ev = await within(created, 20_000, 'service create event');
    assert.equal(ev.Type, 'service');
    assert.equal(ev.scope, 'swarm');
    serviceId = ev.Actor.ID;
    const t0 = performance.now();
    ctl.abort();
    assert.equal(await within(consumer, 3000, 'end of the event stream after abort'), 'ended');
    assert.ok(performance.now() - t0 < 3000);
  });

  test('listServices and listTasks agree with `docker service ls` / `docker service ps`', async () => {
    assert.ok(serviceId, 'the service exists');
    await runningTasks(c, 2);
    const services = await c.listServices({ filters: { name: [NAME] } });
    assert.equal(services.length, 1);
    const svc = services[0];
    assert.equal(svc.ID, serviceId);
    assert.deepEqual(svc.ServiceStatus, { RunningTasks: 2, DesiredTasks: 2, CompletedTasks: 0 });
    const [ls] = await dockerJsonLines<{ ID: string; Name: string; Mode: string; Replicas: string; Image: string }>([
      'service',
      'ls',
      '--filter',
      `name=${NAME}`,
      '--format',
      'json',
    ]);
    assert.ok(svc.ID.startsWith(ls.ID));
    assert.equal(svc.Spec?.Name, ls.Name);
    assert.equal(`${svc.ServiceStatus?.RunningTasks}/${svc.ServiceStatus?.DesiredTasks}`, ls.Replicas);
    assert.equal(imageOf(svc.Spec), ls.Image);
    assert.equal(Object.keys(svc.Spec?.Mode ?? {})[0]?.toLowerCase(), ls.Mode);

    const hostnames = new Map((await c.listNodes()).map((n) => [n.ID, n.Description?.Hostname]));
    const tasks = await c.listTasks({ service: [NAME] });
    const ps = await dockerJsonLines<{ ID: string; Node: string; DesiredState: string; Image: string; CurrentState: string }>([
      'service',
      'ps',
      '--no-trunc',
      '--format',
      'json',
      NAME,
    ]);
    const ours = tasks
      .map((t) => ({ id: t.ID, node: hostnames.get(t.NodeID ?? ''), desired: t.DesiredState, image: t.Spec?.ContainerSpec?.Image }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const theirs = ps.map((p) => ({ id: p.ID, node: p.Node, desired: p.DesiredState.toLowerCase(), image: p.Image })).sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(ours, theirs);
    assert.equal(ours.length, 2);
  });

  test('serviceLogs streams the lines of both tasks and stops on abort', async () => {
    const ctl = new AbortController();
    const got = await waitUntil(
      'two log lines',
      async () => {
        const lines: string[] = [];
        const logs = await c.serviceLogs(NAME, { follow: true, signal: ctl.signal });
        const reader = (async () => {
          for await (const l of logs) {
            lines.push(l.line);
            if (lines.filter((x) => x === LOG_LINE).length === 2) return lines;
          }
          return lines;
        })();
        const r = await within(reader, 5000, 'log lines').catch(() => lines);
        return r.filter((x) => x === LOG_LINE).length === 2 ? r : undefined;
      },
      { timeoutMs: 30_000 },
    );
    ctl.abort();
    assert.deepEqual(got, [LOG_LINE, LOG_LINE]);
  });

  test('rollback of a never-updated service: no-previous-spec with the daemon message', async () => {
    const err = await expectEngineError(c.rollbackService(NAME), 'no-previous-spec');
    assert.equal(err.statusCode, 400);
    assert.match(err.detail, /does not have a previous spec/);
    assert.match(err.message, /Nothing to roll back to/);
    assert.deepEqual([...err.actions], ['retry']);
  });

  test('updateService to probe/busybox:2, then rollbackService returns to probe/busybox:1', async () => {
    const before = await c.inspectService(NAME);
    await c.updateService(NAME, (spec) => {
      const tt = spec.TaskTemplate as { ContainerSpec: { Image: string } };
      tt.ContainerSpec.Image = 'probe/busybox:2';
      return spec;
    });
    const updated = await updateState(c, 'completed');
    assert.equal(imageOf(updated.Spec), 'probe/busybox:2');
    assert.ok((updated.Version?.Index ?? 0) > (before.Version?.Index ?? 0));

    await c.rollbackService(NAME);
    const rolled = await updateState(c, 'rollback_completed');
    assert.equal(imageOf(rolled.Spec), 'probe/busybox:1');
    assert.equal(imageOf(rolled.PreviousSpec), 'probe/busybox:2');
    const running = await runningTasks(c, 2);
    assert.deepEqual(
      running.map((t) => t.Spec?.ContainerSpec?.Image),
      ['probe/busybox:1', 'probe/busybox:1'],
    );
  });

  test('updateService retries when the version went stale in between ("update out of sequence")', async () => {
    let calls = 0;
    await c.updateService(NAME, (spec) => {
      calls++;
      // The first time, the CLI changes the service between our inspect and our update: our version is stale.
      if (calls === 1) execFileSync('docker', ['service', 'update', '--detach', '--label-add', 'spengine.cli=1', NAME], { stdio: 'ignore', timeout: 30_000 });
      return { ...spec, Labels: { ...(spec.Labels ?? {}), 'spengine.ours': '1' } };
    });
    assert.equal(calls, 2);
    const labels = (await c.inspectService(NAME)).Spec?.Labels ?? {};
    assert.equal(labels['spengine.cli'], '1');
    assert.equal(labels['spengine.ours'], '1');
  });

  test('updateNode sends the full spec with the current version (a label on vm-w2, then removed)', async () => {
    const node = (await c.listNodes({ name: ['vm-w2'] })).find((n) => n.Description?.Hostname === 'vm-w2');
    assert.ok(node);
    const labels = async () => JSON.parse(await dockerOk(['node', 'inspect', '--format', '{{json .Spec.Labels}}', node.ID])) as Record<string, string> | null;
    try {
      await c.updateNode(node.ID, (spec) => ({ ...spec, Labels: { ...(spec.Labels ?? {}), [NODE_LABEL]: '1' } }));
      assert.equal((await labels())?.[NODE_LABEL], '1');
      const after = await c.inspectNode(node.ID);
      assert.equal(after.Spec.Availability, node.Spec.Availability);
      assert.equal(after.Spec.Role, node.Spec.Role);
    } finally {
      await c.updateNode(node.ID, (spec) => {
        const rest = { ...(spec.Labels ?? {}) };
        delete rest[NODE_LABEL];
        return { ...spec, Labels: rest };
      });
    }
    assert.equal((await labels())?.[NODE_LABEL], undefined);
  });
});
