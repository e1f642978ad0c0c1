// A node that goes down under a deploy: which of the deploy's tasks it strands, where each went (from the tasks
// alone, pure), the sentence the result carries, and the lines `swarm-pilot deploy` prints under its progress.
// The real case (a worker's link cut during deploy --wait) is test/engine/faults-link-cut.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventPrinter } from '../../client/src/cli/deployShared';
import type { SwarmTask } from '../../client/src/engine';
import { movedOffDownNodes, nodeLossNote, strandedTasks, type WatchTarget } from '../../client/src/deploy/watch';

const target: WatchTarget = { id: 's1', name: 'st_web', action: 'create', restarts: true, knownTaskIds: new Set(['old']), maxFailureRatio: 0 };
const t = (id: string, node: string | undefined, slot: number | undefined, desired: string, state: string, err?: string): SwarmTask =>
  ({ ID: id, ServiceID: 's1', NodeID: node, Slot: slot, DesiredState: desired, Status: { State: state, ...(err ? { Err: err } : {}) } }) as SwarmTask;
const names = new Map([
  ['n1', 'sp-w1'],
  ['n2', 'sp-w2'],
]);

test('stranded: tasks of this deploy swarm gave up on that never reported an end', () => {
  const tasks = [
    t('a', 'n2', 1, 'shutdown', 'assigned'), // left on a node that cannot report
    t('b', 'n2', 2, 'shutdown', 'running'),
    t('c', 'n1', 3, 'running', 'running'), // wanted: not stranded
    t('d', 'n1', 4, 'shutdown', 'failed'), // ended
    t('e', 'n1', 5, 'shutdown', 'shutdown'),
    t('old', 'n2', 1, 'shutdown', 'running'), // from before this deploy (a rolling update's old task)
    t('f', undefined, 6, 'shutdown', 'pending'), // never on a node
  ];
  assert.deepEqual(
    strandedTasks(target, tasks).map((x) => x.ID),
    ['a', 'b'],
  );
});

test('moved off down nodes: where each slot runs now, not yet, or why it waits; global tasks are not moved', () => {
  const tasks = [
    t('a', 'n2', 1, 'shutdown', 'assigned'),
    t('a2', 'n1', 1, 'running', 'running'),
    t('b', 'n2', 2, 'shutdown', 'running'),
    t('b2', undefined, 2, 'running', 'pending', 'no suitable node (max replicas per node limit exceed)'),
    t('c', 'n2', 3, 'shutdown', 'running'),
    t('g', 'n2', undefined, 'shutdown', 'running'),
    t('x', 'n1', 4, 'shutdown', 'running'), // stranded, but its node is not down
  ];
  assert.deepEqual(movedOffDownNodes(target, tasks, new Set(['n2']), names), [
    'st_web.1 on sp-w2 (node down) → running on sp-w1',
    'st_web.2 on sp-w2 (node down) → pending: no suitable node (max replicas per node limit exceed)',
    'st_web.3 on sp-w2 (node down) → not rescheduled yet',
    'st_web on sp-w2 (node down) → not rescheduled yet',
  ]);
  assert.deepEqual(movedOffDownNodes(target, tasks, new Set(), names), [], 'no node down: nothing to say');
  assert.match(movedOffDownNodes(target, [t('a', 'n9abcdefabcdefabc', 1, 'shutdown', 'running')], new Set(['n9abcdefabcdefabc']))[0], /on node n9abcdefabcd /);
});

test('the result sentence names the down nodes and the moves, and is empty without them', () => {
  const services = [
    {
      name: 'st_web',
      id: 's1',
      state: 'converged' as const,
      running: 2,
      desired: 2,
      completed: 0,
      failures: 0,
      taskErrors: [],
      nodeLoss: ['st_web.1 on sp-w2 (node down) → running on sp-w1'],
    },
    { name: 'st_db', id: 's2', state: 'converged' as const, running: 1, desired: 1, completed: 0, failures: 0, taskErrors: [] },
  ];
  assert.equal(
    nodeLossNote({ converged: 2, total: 2, services, downNodes: ['sp-w2'] }),
    ' Node down during the deploy: sp-w2; st_web.1 on sp-w2 (node down) → running on sp-w1.',
  );
  assert.equal(nodeLossNote({ converged: 2, total: 2, services: [services[1]] }), '');
});

test('CLI: the progress line is followed by one line per task moved off a down node', () => {
  const out: string[] = [];
  const print = eventPrinter({ stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(`E:${s}`) } as never);
  print({
    type: 'progress',
    report: {
      converged: 0,
      total: 1,
      downNodes: ['sp-w2'],
      services: [
        {
          name: 'st_web',
          id: 's1',
          state: 'starting',
          running: 3,
          desired: 4,
          completed: 0,
          failures: 0,
          taskErrors: [],
          nodeLoss: ['st_web.2 on sp-w2 (node down) → starting on sp-w1'],
        },
      ],
    },
  });
  assert.deepEqual(out, ['0/1 services converged (web 3/4)\n', '  st_web.2 on sp-w2 (node down) → starting on sp-w1\n']);
});
