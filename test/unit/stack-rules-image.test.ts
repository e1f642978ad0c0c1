import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, covered, withCode } from './helpers';

test('a service without image is a warning on the service key (an override file may leave it to another -c file)', () => {
  const text = 'services:\n  web:\n    command: ["sleep", "1"]\n';
  const d = withCode(check(text, 'stack'), 'stack-missing-image');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'warning');
  assert.equal(covered(text, d[0]), 'web');
  assert.match(d[0].message, /has no image/);
});

test('invalid image references are errors on the value; valid forms pass', () => {
  for (const bad of ['Nginx:1', 'nginx:', 'nginx@sha256:abc', 'my image', 'nginx::1']) {
    const text = `services:\n  web:\n    image: "${bad}"\n`;
    const d = withCode(check(text, 'stack'), 'stack-image');
    assert.equal(d.length, 1, bad);
    assert.equal(covered(text, d[0]), `"${bad}"`);
  }
  for (const good of [
    'nginx',
    'nginx:1.27-alpine',
    'registry.example.com:5000/team/app:v2',
    'localhost/a_b__c-d:x',
    `busybox@sha256:${'a'.repeat(64)}`,
    'a'.repeat(64),
  ]) {
    assert.deepEqual(withCode(check(`services:\n  web:\n    image: "${good}"\n`, 'stack'), 'stack-image'), [], good);
  }
});

test('an explicitly empty image is an error, not the override-file warning', () => {
  const text = 'services:\n  web:\n    image: ""\n';
  const d = check(text, 'stack');
  assert.deepEqual(
    d.map((x) => [x.code, x.severity]),
    [['stack-image', 'error']],
  );
  assert.equal(covered(text, d[0]), '""');
});
