import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, covered, withCode } from './helpers';

const base = (extra: string) => `services:\n  web:\n    image: nginx:1.27\n${extra}`;

test('forbidden service keys are errors on the key, with the CLI hint, and no schema duplicate', () => {
  const text = base('    mem_limit: 1g\n    volumes_from: [db]\n');
  const d = check(text, 'stack');
  const forbidden = withCode(d, 'stack-forbidden-key');
  assert.deepEqual(
    forbidden.map((x) => covered(text, x)),
    ['mem_limit', 'volumes_from'],
  );
  assert.equal(forbidden[0].severity, 'error');
  assert.match(forbidden[0].message, /Set resource limits using deploy\.resources/);
  assert.equal(withCode(d, 'stack-schema').length, 0);
});

test('unsupported keys warn that swarm ignores them; restart mentions restart_policy', () => {
  const text = base('    restart: always\n    build: .\n    privileged: true\n');
  const d = withCode(check(text, 'stack'), 'stack-unsupported-key');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['restart', 'build', 'privileged'],
  );
  assert.ok(d.every((x) => x.severity === 'warning'));
  assert.match(d[0].message, /restart_policy/);
});

test('container_name and expose are deprecated; depends_on and tmpfs silently ignored', () => {
  const text = base('    container_name: x\n    expose: ["80"]\n    depends_on: [db]\n    tmpfs: /tmp\n  db:\n    image: postgres:16\n');
  const d = check(text, 'stack');
  assert.deepEqual(
    withCode(d, 'stack-deprecated-key').map((x) => covered(text, x)),
    ['container_name', 'expose'],
  );
  assert.deepEqual(
    withCode(d, 'stack-ignored-key').map((x) => covered(text, x)),
    ['depends_on', 'tmpfs'],
  );
  assert.match(withCode(d, 'stack-ignored-key')[0].message, /silently ignored by swarm/);
});

test('a clean stack file has no diagnostics', () => {
  assert.deepEqual(check(base('    deploy:\n      replicas: 2\n'), 'stack'), []);
});
