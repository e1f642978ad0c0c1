import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, covered, withCode } from './helpers';

const svc = (deploy: string) => `services:\n  web:\n    image: nginx:1.27\n    deploy:\n${deploy}`;

test('negative counts are errors on the value; zero and positive pass', () => {
  for (const [yaml, field] of [
    ['      replicas: -1\n', 'Deploy.Replicas'],
    ['      update_config:\n        parallelism: -2\n', 'Deploy.UpdateConfig.Parallelism'],
    ['      restart_policy:\n        max_attempts: -1\n', 'Deploy.RestartPolicy.MaxAttempts'],
    ['      placement:\n        max_replicas_per_node: -3\n', 'Deploy.Placement.MaxReplicas'],
  ]) {
    const text = svc(yaml);
    const d = withCode(check(text, 'stack'), 'stack-negative-count');
    assert.equal(d.length, 1, yaml);
    assert.match(d[0].message, new RegExp(`cannot parse '${field.replace(/\./g, '\\.')}'.*overflows uint`));
    assert.match(covered(text, d[0]), /^-\d$/);
  }
  assert.deepEqual(withCode(check(svc('      replicas: 0\n      update_config:\n        parallelism: 2\n'), 'stack'), 'stack-negative-count'), []);
});

test('cpus must be a rational number with at most nano precision', () => {
  const text = svc('      resources:\n        limits:\n          cpus: "half"\n');
  const d = withCode(check(text, 'stack'), 'stack-cpus');
  assert.equal(d.length, 1);
  assert.equal(covered(text, d[0]), '"half"');
  assert.match(d[0].message, /failed to parse half as a rational number/);
  assert.match(
    withCode(check(svc('      resources:\n        limits:\n          cpus: "0.0000000001"\n'), 'stack'), 'stack-cpus')[0]?.message ?? '',
    /too precise/,
  );
  for (const ok of ['"0.5"', '"2"', '"1/4"', '1.25']) {
    assert.deepEqual(withCode(check(svc(`      resources:\n        reservations:\n          cpus: ${ok}\n`), 'stack'), 'stack-cpus'), [], ok);
  }
});
