import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, covered, withCode } from './helpers';

const ulimits = (body: string) => `services:\n  web:\n    image: nginx:1.27\n    ulimits:\n${body}`;

test('known ulimits (any case), single values and soft <= hard are clean; -1 hard is unlimited', () => {
  const text = ulimits(
    '      nproc: 65535\n      nofile:\n        soft: 20000\n        hard: 40000\n      memlock:\n        soft: 1024\n        hard: -1\n      as: 100000000\n',
  );
  assert.deepEqual(check(text, 'stack'), []);
});

test('an unknown ulimit name is an error on the key with the runc message and a suggestion', () => {
  const text = ulimits('      nofiles: 1024\n');
  const [d] = withCode(check(text, 'stack'), 'stack-ulimit');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'nofiles');
  assert.match(d.message, /wrong rlimit value: RLIMIT_NOFILES/);
  assert.equal(d.data?.suggestion, 'nofile');
});

test('soft above hard is an error on soft (soft -1 means unlimited, above any hard)', () => {
  const text = ulimits('      nofile:\n        soft: 40000\n        hard: 20000\n      core:\n        soft: -1\n        hard: 0\n');
  const d = withCode(check(text, 'stack'), 'stack-ulimit');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['40000', '-1'],
  );
  assert.ok(d.every((x) => x.severity === 'error'));
  assert.match(d[0].message, /soft limit 40000 is above hard limit 20000/);
  assert.match(d[1].message, /-1 \(unlimited\)/);
});

test('a long form missing hard is left to the schema', () => {
  const text = ulimits('      nofile:\n        soft: 40000\n');
  const d = check(text, 'stack');
  assert.deepEqual(
    d.map((x) => x.code),
    ['stack-schema'],
  );
});
