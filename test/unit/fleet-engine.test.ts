// The pure parts of the fleet engine: waves from each policy form, budget arithmetic, the fleet file's defaults,
// the run state's file round trip and which targets a resume still deploys.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  allowedFailures,
  backoffDelays,
  budgetExceeded,
  changedTargets,
  computeWaves,
  newRunState,
  notResumable,
  parseBudget,
  parseFleetFile,
  readRunState,
  resumeSelection,
  runStatePath,
  waveBudget,
  writeRunState,
} from '../../client/src/fleet';

const TARGETS = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
  .map(
    (n, i) =>
      `  - name: ${n}\n    host: unix:///run/${n}.sock\n    labels: {ring: ${i === 0 ? 'canary' : i < 3 ? 'early' : 'main'}${i === 6 ? ', other: x' : ''}}\n`,
  )
  .join('');
const fleet = (rollout: string) => parseFleetFile(`targets:\n${TARGETS}rollout:\n${rollout}`, '/w/edge.fleet.yaml');

test('fleet file: name from the file, defaults filled in', () => {
  const f = fleet('  parallel: 2\n');
  assert.equal(f.name, 'edge');
  assert.deepEqual(f.targets[0], { name: 'a', host: 'unix:///run/a.sock', labels: { ring: 'canary' } });
  assert.equal(f.rollout.parallel, 2);
  assert.equal(f.rollout.onBudgetExceeded, 'pause');
  assert.equal(f.rollout.unreachable, 'skip');
  assert.equal(f.rollout.timeoutSeconds, 300);
  assert.deepEqual(f.rollout.failureBudget, [{ count: 0 }]);
});

test('waves: explicit lists, byLabel, fixed, exponential, and one per target by default', () => {
  assert.deepEqual(computeWaves(fleet('  waves: [[a], [b, c], [g]]\n')), [['a'], ['b', 'c'], ['g']]);
  assert.throws(() => computeWaves(fleet('  waves: [[a, zz]]\n')), /zz/);
  assert.deepEqual(computeWaves(fleet('  byLabel: ring\n')), [['a'], ['b', 'c'], ['d', 'e', 'f', 'g']]);
  assert.deepEqual(computeWaves(fleet('  byLabel: other\n')), [['g'], ['a', 'b', 'c', 'd', 'e', 'f']]);
  assert.deepEqual(computeWaves(fleet('  fixed: 3\n')), [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  assert.deepEqual(computeWaves(fleet('  exponential: [1, 2, 4]\n')), [['a'], ['b', 'c'], ['d', 'e', 'f', 'g']]);
  assert.deepEqual(computeWaves(fleet('  exponential: [1, 2]\n')), [['a'], ['b', 'c'], ['d', 'e'], ['f', 'g']]);
  assert.deepEqual(computeWaves(fleet('  parallel: 1\n')), [['a'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g']]);
});

test('budget: counts, ratios and percentages; the first wave is 0 unless a list says otherwise', () => {
  assert.deepEqual(parseBudget('10%'), { ratio: 0.1 });
  assert.deepEqual(parseBudget(0.25), { ratio: 0.25 });
  assert.deepEqual(parseBudget(2), { count: 2 });
  assert.throws(() => parseBudget('x'));
  assert.equal(allowedFailures({ ratio: 0.1 }, 9), 0);
  assert.equal(allowedFailures({ ratio: 0.1 }, 10), 1);
  assert.equal(allowedFailures({ ratio: 0.3 }, 10), 3, 'no float rounding down to 2');
  assert.equal(budgetExceeded({ count: 1 }, 4, 1), false);
  assert.equal(budgetExceeded({ count: 1 }, 4, 2), true);
  assert.equal(budgetExceeded({ count: 0 }, 1, 1), true);
  const single = fleet('  failureBudget: 1\n').rollout;
  assert.deepEqual(
    [0, 1, 5].map((i) => waveBudget(single, i)),
    [{ count: 0 }, { count: 1 }, { count: 1 }],
  );
  const list = fleet('  failureBudget: [1, "50%"]\n').rollout;
  assert.deepEqual(
    [0, 1, 2].map((i) => waveBudget(list, i)),
    [{ count: 1 }, { ratio: 0.5 }, { ratio: 0.5 }],
  );
});

test('backoff: doubling delays that fit in the retry time', () => {
  assert.deepEqual(backoffDelays(0), []);
  assert.deepEqual(backoffDelays(4), [500, 1000, 2000]);
  assert.ok(backoffDelays(60).reduce((a, b) => a + b, 0) <= 60_000);
  assert.ok(Math.max(...backoffDelays(60)) <= 8000);
});

test('run state: file round trip, resume selection, changed targets, what cannot be resumed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-state-'));
  try {
    const path = runStatePath(dir, 'edge', 'web');
    assert.equal(readRunState(path), undefined);
    const s = newRunState('edge', 'web', [['a'], ['b', 'c'], ['d']]);
    s.targets.a = { ...s.targets.a, status: 'succeeded', changed: true, revision: 'r1' };
    s.targets.b = { ...s.targets.b, status: 'unchanged' };
    s.targets.c = { ...s.targets.c, status: 'skipped', message: 'unreachable' };
    writeRunState(path, s);
    const back = readRunState(path)!;
    assert.deepEqual(back, s);
    assert.deepEqual(resumeSelection(back), [
      { wave: 1, targets: ['c'] },
      { wave: 2, targets: ['d'] },
    ]);
    assert.deepEqual(changedTargets(back), ['a']);
    assert.equal(notResumable(back), undefined);
    assert.match(notResumable({ ...back, status: 'rolled-back' })!, /rolled back/);
    assert.match(notResumable(undefined)!, /no rollout/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
