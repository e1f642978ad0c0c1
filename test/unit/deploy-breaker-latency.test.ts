// The pure parts behind the breaker's latency and the fail-fast rejections: which task errors no retry can fix
// (classification), a watched service failing at once on one of them with the node's hostname, the timeline (each
// failed task once, gaps, the printed form), which Engine events wake the watcher, and the watcher's bound on rounds
// an event storm can cause (counted with an EngineOps stand-in that only counts its calls).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DockerEvent, SwarmService, SwarmTask } from '../../client/src/engine';
import {
  CircuitBreaker,
  ConvergenceWatcher,
  DeployTimeline,
  eventServiceId,
  evaluateService,
  fatalRejection,
  formatTimeline,
  isFatalRejectionText,
  timelineGap,
  type EngineOps,
  type WatchTarget,
} from '../../client/src/deploy';

const task = (id: string, state: string, err?: string, node = 'n2'): SwarmTask => ({
  ID: id,
  ServiceID: 's1',
  NodeID: node,
  Slot: 1,
  DesiredState: 'shutdown' as never,
  Status: { State: state as never, Err: err, Timestamp: '2026-01-01T00:00:01Z' },
});
const nodes = new Map([['n2', 'vm-w1']]);

test('fatal rejections: a missing image or an unsupported platform, on a failed or rejected task only', () => {
  const noImage = fatalRejection(task('t', 'rejected', 'No such image: 127.0.0.1:5999/lat_missing/img:1'), nodes)!;
  assert.deepEqual(noImage, { node: 'vm-w1', reason: 'No such image: 127.0.0.1:5999/lat_missing/img:1', kind: 'no-such-image' });
  assert.equal(fatalRejection(task('t', 'rejected', 'image operating system "windows" cannot be used: unsupported platform'))?.kind, 'unsupported-platform');
  assert.equal(fatalRejection(task('t', 'failed', 'no matching manifest for linux/arm64/v8 in the manifest list entries'))?.kind, 'unsupported-platform');
  assert.equal(fatalRejection(task('t', 'rejected', 'No such image: x:1'), new Map())?.node, 'n2', 'an unknown node is named by its id');
  assert.equal(fatalRejection(task('t', 'failed', 'task: non-zero exit (1)')), undefined, 'a crash can be retried');
  assert.equal(fatalRejection(task('t', 'preparing', 'No such image: x:1')), undefined, 'not failed yet');
  assert.equal(isFatalRejectionText('web.1 on vm-w1: rejected: No such image: x:1'), true);
  assert.equal(isFatalRejectionText('web.1 on vm-w1: failed: task: non-zero exit (1)'), false);
});

test('watch: a fatal rejection fails the service at once whatever its failure ratio; the breaker names node and reason', () => {
  const target: WatchTarget = { id: 's1', name: 'lat_web', action: 'create', restarts: true, knownTaskIds: new Set(), maxFailureRatio: 0.9 };
  const svc = { ID: 's1', Spec: { Mode: { Replicated: { Replicas: 10 } } }, ServiceStatus: {} } as unknown as SwarmService;
  const crash = evaluateService(target, svc, [task('t1', 'failed', 'task: non-zero exit (1)')], nodes);
  assert.equal(crash.state, 'starting', 'one crash of ten is within a 0.9 ratio');
  assert.deepEqual(crash.taskErrors, ['lat_web.1 on vm-w1: failed: task: non-zero exit (1)']);
  const rejected = evaluateService(target, svc, [task('t2', 'rejected', 'No such image: 127.0.0.1:5999/lat_missing/img:1')], nodes);
  assert.equal(rejected.state, 'failed');
  assert.equal(rejected.message, 'task rejected on vm-w1: No such image: 127.0.0.1:5999/lat_missing/img:1');
  const trip = new CircuitBreaker().evaluate([
    { name: 'lat_web', maxFailureRatio: 0.9, desired: 10, failures: 1, taskErrors: rejected.taskErrors, swarmFailure: rejected.message },
  ])!;
  assert.equal(trip.reason, 'task rejected on vm-w1: No such image: 127.0.0.1:5999/lat_missing/img:1');
  const known = evaluateService({ ...target, knownTaskIds: new Set(['t2']) }, svc, [task('t2', 'rejected', 'No such image: x:1')], nodes);
  assert.notEqual(known.state, 'failed', 'a rejection from before the deploy is not this deploy’s');
});

test('timeline: each failed task once, in order; gaps and the printed form relative to the first entry', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const tl = new DeployTimeline(() => new Date(now));
  tl.taskFailed('t1', { service: 'lat_web', engineAt: '2026-01-01T00:00:00Z', detail: 'lat_web.1 on vm: failed' });
  now += 300;
  tl.taskFailed('t1', { service: 'lat_web' });
  tl.record('tripped', { service: 'lat_web', detail: '1 failed task' });
  now += 200;
  tl.record('rollback-requested', { service: 'lat_web', detail: 'rolled-back' });
  now += 4000;
  tl.record('converged-back', { service: 'lat_web', detail: 'rollback_completed' });
  assert.deepEqual(
    tl.entries.map((e) => e.kind),
    ['task-failed', 'tripped', 'rollback-requested', 'converged-back'],
  );
  assert.equal(timelineGap(tl.entries, 'task-failed', 'tripped'), 300);
  assert.equal(timelineGap(tl.entries, 'tripped', 'converged-back'), 4200);
  assert.equal(timelineGap([], 'task-failed', 'tripped'), undefined);
  assert.deepEqual(formatTimeline(tl.entries), [
    '+0.00 s task-failed lat_web: lat_web.1 on vm: failed',
    '+0.30 s tripped lat_web: 1 failed task',
    '+0.50 s rollback-requested lat_web: rolled-back',
    '+4.50 s converged-back lat_web: rollback_completed',
  ]);
});

test('watch events: service events by id, container events by their swarm service label, nothing else', () => {
  const ev = (Type: string, ID: string, Attributes?: Record<string, string>): DockerEvent => ({
    Type,
    Action: 'x',
    Actor: { ID, Attributes },
    time: 0,
    timeNano: 0,
  });
  assert.equal(eventServiceId(ev('service', 's1')), 's1');
  assert.equal(eventServiceId(ev('container', 'c1', { 'com.docker.swarm.service.id': 's1' })), 's1');
  assert.equal(eventServiceId(ev('container', 'c1', {})), undefined);
  assert.equal(eventServiceId(ev('node', 'n1')), undefined);
});

test('watch: an event storm wakes the watcher early but never closer than minRoundMs between rounds', async () => {
  let rounds = 0;
  const ops = {
    listServices: async () => {
      rounds++;
      return [{ ID: 's1', Spec: { Mode: { Replicated: { Replicas: 1 } } }, ServiceStatus: {} }];
    },
    listTasks: async () => [{ ID: 't', ServiceID: 's1', DesiredState: 'running', Status: { State: 'starting' } }],
  } as unknown as EngineOps;
  let storm: NodeJS.Timeout | undefined;
  const watcher = new ConvergenceWatcher(ops, {
    timeoutMs: 1000,
    pollMs: 10_000,
    minRoundMs: 100,
    breaker: new CircuitBreaker(),
    wakeOn: (wake, ids) => {
      assert.deepEqual([...ids()], ['s1']);
      storm = setInterval(wake, 2);
      return () => clearInterval(storm);
    },
  });
  watcher.add({ id: 's1', name: 'lat_web', action: 'create', restarts: true, knownTaskIds: new Set(), maxFailureRatio: 0 });
  const r = await watcher.run();
  assert.equal(r.status, 'timeout');
  // Without events: 1 round (poll 10 s > timeout 1 s). With a wake every 2 ms, bounded to one round per 100 ms.
  assert.ok(rounds >= 5 && rounds <= 12, `rounds in 1 s: ${rounds}`);
});

test('CLI: a tripped deploy prints the timeline after its message; --format json carries it', async () => {
  const { finish } = await import('../../client/src/cli/deployShared');
  const { formatDeployJson } = await import('../../client/src/cli/format/deployJson');
  const timeline = [
    {
      kind: 'task-failed' as const,
      at: '2026-01-01T00:00:00.000Z',
      service: 'lat_web',
      engineAt: '2025-12-31T23:59:59.900Z',
      detail: 'lat_web.1 on vm: failed',
    },
    { kind: 'tripped' as const, at: '2026-01-01T00:00:00.250Z', service: 'lat_web', detail: '1 failed task' },
  ];
  const result = {
    status: 'tripped' as const,
    message: 'The circuit breaker stopped the rollout',
    changes: [],
    warnings: [],
    timings: { planMs: 1 },
    timeline,
  };
  let out = '';
  let err = '';
  const code = finish({ stdout: (s: string) => (out += s), stderr: (s: string) => (err += s), env: {} } as never, result);
  assert.equal(code, 1);
  assert.equal(out, '');
  assert.equal(
    err,
    'swarm-pilot: The circuit breaker stopped the rollout\nCircuit breaker timeline:\n  +0.00 s task-failed lat_web: lat_web.1 on vm: failed\n  +0.25 s tripped lat_web: 1 failed task\n',
  );
  const json = JSON.parse(formatDeployJson('lat', result));
  assert.deepEqual(json.timeline, timeline);
  assert.equal(json.status, 'tripped');
  err = '';
  finish({ stdout: () => undefined, stderr: (s: string) => (err += s), env: {} } as never, { ...result, status: 'timeout', timeline: [timeline[0]] });
  assert.doesNotMatch(err, /timeline/, 'no trip, no timeline in the human output');
});
