// The pure parts of the day-2 operations: log timestamp and details parsing (the merge key), rotation names,
// --since, the stack removal listing, node-return tracking and skew detection on hand-made snapshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSince } from '../../client/src/cli/logsCommand';
import type { SwarmNode, SwarmTask } from '../../client/src/engine';
import {
  nextObjectName,
  NodeReturns,
  removalLines,
  reschedulingPending,
  skewedServices,
  splitDetails,
  splitTimestamp,
  summarizeService,
  type SwarmSnapshot,
} from '../../client/src/swarm';

test('log timestamps give keys that sort like time, nanoseconds and time zones included', () => {
  const a = splitTimestamp('2026-12-07T01:53:21.000000009Z first')!;
  const b = splitTimestamp('2026-12-07T01:53:21.00000001Z second')!;
  const c = splitTimestamp('2026-12-07T02:53:20.5+01:00 third')!;
  assert.equal(a.rest, 'first');
  assert.equal(a.timestamp, '2026-12-07T01:53:21.000000009Z');
  assert.ok(a.key < b.key, '9 ns before 10 ns');
  assert.ok(c.key < a.key, '01:53:20.5 UTC before 01:53:21');
  assert.equal(splitTimestamp('no timestamp here'), undefined);
});

test('details attributes are split off followed service log lines', () => {
  const d = splitDetails('com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 hello world');
  assert.equal(d.attrs['com.docker.swarm.task.id'], 't1');
  assert.equal(d.text, 'hello world');
  assert.deepEqual(splitDetails('a=b plain text'), { attrs: {}, text: 'a=b plain text' });
});

test('rotation names: _v2 first, then the next free number', () => {
  assert.equal(nextObjectName('db_password', new Set()), 'db_password_v2');
  assert.equal(nextObjectName('db_password_v2', new Set(['db_password_v3'])), 'db_password_v4');
});

test('--since takes a Go duration ago, a date or Unix seconds', () => {
  const now = Date.parse('2026-12-07T02:00:00Z');
  assert.equal(parseSince('10m', now), now / 1000 - 600);
  assert.equal(parseSince('2026-12-07T01:00:00Z', now), now / 1000 - 3600);
  assert.equal(parseSince('1700000000', now), 1700000000);
  assert.throws(() => parseSince('yesterday', now), /--since must be/);
});

test('the removal listing names every kind that has something, and the revisions kept', () => {
  const lines = removalLines({
    stack: 'app',
    services: [{ id: '1', name: 'app_web' }],
    secrets: [],
    configs: [{ id: '2', name: 'app_cfg' }],
    networks: [{ id: '3', name: 'app_default' }],
    revisions: 2,
  });
  assert.deepEqual(lines, [
    '1 service(s): app_web',
    '1 config(s): app_cfg',
    '1 network(s): app_default',
    '2 recorded revision(s) of app are kept (a later deploy or Roll Back Stack can use them)',
  ]);
});

const node = (id: string, availability = 'active', state = 'ready'): SwarmNode =>
  ({
    ID: id,
    Spec: { Role: 'worker', Availability: availability },
    Status: { State: state },
    Description: { Hostname: id, Platform: { OS: 'linux', Architecture: 'x86_64' }, Resources: { NanoCPUs: 2e9, MemoryBytes: 2 ** 31 } },
  }) as SwarmNode;
const task = (service: string, nodeId: string, slot: number): SwarmTask =>
  ({ ID: `${service}.${slot}`, ServiceID: service, NodeID: nodeId, Slot: slot, DesiredState: 'running', Status: { State: 'running' } }) as SwarmTask;

function snapshot(nodes: SwarmNode[], services: { id: string; replicas: number; tt?: object }[], tasks: SwarmTask[]): SwarmSnapshot {
  return {
    takenAt: 0,
    nodes,
    tasks,
    services: services.map((s) =>
      summarizeService(
        { ID: s.id, Spec: { Name: s.id, Mode: { Replicated: { Replicas: s.replicas } }, TaskTemplate: { ContainerSpec: { Image: 'x' }, ...s.tt } } } as never,
        tasks,
        nodes,
      ),
    ),
    secrets: [],
    networks: [],
    configs: [],
    swarm: {},
  };
}

test('skew: fewer nodes used than eligible; constraints, max replicas and mounts are taken into account', () => {
  const nodes = [node('a'), node('b'), node('c')];
  const tasks = [
    task('web', 'a', 1),
    task('web', 'a', 2),
    task('web', 'b', 3),
    task('web', 'b', 4),
    task('one', 'a', 1),
    task('pinned', 'a', 1),
    task('pinned', 'a', 2),
    task('data', 'a', 1),
    task('data', 'b', 2),
  ];
  const s = snapshot(
    nodes,
    [
      { id: 'web', replicas: 4 },
      { id: 'one', replicas: 1 },
      { id: 'pinned', replicas: 2, tt: { Placement: { Constraints: ['node.hostname==a'] } } },
      { id: 'data', replicas: 3, tt: { ContainerSpec: { Image: 'x', Mounts: [{ Type: 'volume', Source: 'pgdata' }] } } },
    ],
    [...tasks, task('data', 'b', 3)],
  );
  const skewed = skewedServices(s);
  assert.deepEqual(skewed.map((x) => x.name).sort(), ['data', 'web']);
  const web = skewed.find((x) => x.name === 'web')!;
  assert.deepEqual(web.now, { a: 2, b: 2 });
  assert.deepEqual(Object.values(web.expected).sort(), [1, 1, 2]);
  assert.equal(web.expected.c, 1);
  assert.equal(web.caution, undefined);
  assert.match(skewed.find((x) => x.name === 'data')!.caution ?? '', /local volume pgdata/);
  // A service none of whose tasks runs (failing or pending) is not skewed: there is nothing to spread.
  assert.deepEqual(skewedServices(snapshot(nodes, [{ id: 'web', replicas: 4 }], [])), []);
  // A drained third node is not eligible: nothing is skewed.
  assert.deepEqual(
    skewedServices(
      snapshot(
        [node('a'), node('b'), node('c', 'drain')],
        [{ id: 'web', replicas: 4 }],
        tasks.filter((t) => t.ServiceID === 'web'),
      ),
    ),
    [],
  );
});

test('node returns: a node that was drained or down and is active and ready again', () => {
  const r = new NodeReturns();
  const at = (nodes: SwarmNode[]) => snapshot(nodes, [], []);
  r.observe(at([node('a'), node('b', 'drain')]), 1000);
  assert.deepEqual(r.list(), []);
  r.observe(at([node('a'), node('b')]), 2000);
  assert.deepEqual(r.list(), [{ nodeId: 'b', at: 2000 }]);
  r.observe(at([node('a'), node('b', 'active', 'down')]), 3000);
  assert.deepEqual(r.list(), []);
});

test('rescheduling is pending while a replicated task of a down node has no running replacement', () => {
  const nodes = [node('a'), node('b', 'active', 'down')];
  // The down node cannot report: its task keeps "running" while swarm wants it shut down.
  const lost = { ...task('web', 'b', 2), ID: 'lost', DesiredState: 'shutdown' } as SwarmTask;
  const replacement = (state: string) => ({ ...task('web', 'a', 2), ID: 'new', Status: { State: state } }) as SwarmTask;
  const services = [{ id: 'web', replicas: 2 }];
  assert.equal(reschedulingPending(snapshot(nodes, services, [task('web', 'a', 1), lost])), true, 'no replacement yet');
  assert.equal(reschedulingPending(snapshot(nodes, services, [task('web', 'a', 1), lost, replacement('starting')])), true, 'replacement starting');
  assert.equal(reschedulingPending(snapshot(nodes, services, [task('web', 'a', 1), lost, replacement('running')])), false, 'replacement running');
  const globalLost = { ...lost, Slot: undefined } as SwarmTask;
  assert.equal(reschedulingPending(snapshot(nodes, services, [globalLost])), false, 'a global task is not rescheduled elsewhere');
  assert.equal(reschedulingPending(snapshot([node('a'), node('b')], services, [task('web', 'a', 1), lost])), false, 'no node down');
});
