import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationHint, schemaDurationFormat } from '../../server/src/core/kinds/stack/rules/durations';
import { stackSchema } from '../../server/src/core/kinds/stack/stackSchemas';
import { check, covered, withCode } from './helpers';

const svc = (body: string, version = '') => `${version ? `version: "${version}"\n` : ''}services:\n  web:\n    image: nginx:1.27\n${body}`;

test('valid Go durations everywhere are clean', () => {
  const text = svc(
    '    stop_grace_period: 1m30s\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 30s\n      timeout: 500ms\n      start_period: 0s\n    deploy:\n      update_config:\n        delay: 10s\n        monitor: 1h\n      restart_policy:\n        delay: 5s\n        window: 2m\n',
  );
  assert.deepEqual(check(text, 'stack'), []);
});

test('the schema owns format-checked durations: 1d is reported once, by stack-schema', () => {
  const text = svc('    stop_grace_period: 1d\n');
  const d = check(text, 'stack');
  assert.deepEqual(
    d.map((x) => x.code),
    ['stack-schema'],
  );
  assert.match(d[0].message, /Does not match format 'duration'/);
});

test('healthcheck durations in 3.0-3.3 are not format-checked by the schema: stack-duration reports them with a hint', () => {
  const text = svc('    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1d\n      timeout: "30"\n', '3.2');
  const d = check(text, 'stack');
  const dur = withCode(d, 'stack-duration');
  assert.deepEqual(
    dur.map((x) => covered(text, x)),
    ['1d', '"30"'],
  );
  assert.equal(dur[0].severity, 'error');
  assert.match(dur[0].message, /Go durations have no d unit: use 24h/);
  assert.match(dur[1].message, /a unit is required, e.g. 30s/);
  assert.equal(withCode(d, 'stack-schema').length, 0);
  // Same file at 3.4: the schema declares the format and reports instead.
  const v34 = check(text.replace('"3.2"', '"3.4"'), 'stack');
  assert.equal(withCode(v34, 'stack-duration').length, 0);
  assert.equal(withCode(v34, 'stack-schema').length, 2);
});

test('schemaDurationFormat follows $ref and tells format / plain / absent apart', () => {
  assert.equal(schemaDurationFormat(stackSchema('3.13'), ['deploy', 'restart_policy', 'window']), 'format');
  assert.equal(schemaDurationFormat(stackSchema('3.0'), ['healthcheck', 'interval']), 'plain');
  assert.equal(schemaDurationFormat(stackSchema('3.0'), ['healthcheck', 'start_period']), 'absent');
  assert.equal(durationHint('2d'), 'Go durations have no d unit: use 48h');
  assert.match(durationHint('10 s'), /no spaces/);
});

test('negative update delay/monitor and restart delay/window are errors (swarmkit)', () => {
  const text = svc(
    '    deploy:\n      update_config:\n        delay: -10s\n        monitor: -1m\n      restart_policy:\n        delay: -1s\n        window: -2s\n',
  );
  const d = withCode(check(text, 'stack'), 'stack-negative-duration');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['-10s', '-1m', '-1s', '-2s'],
  );
  assert.ok(d.every((x) => x.severity === 'error'));
  assert.match(d[0].message, /TaskSpec: update-delay cannot be negative/);
  assert.match(d[3].message, /TaskSpec: restart-window cannot be negative/);
});

test('healthcheck durations between 0 and 1ms are errors unless the healthcheck is disabled', () => {
  const text = svc('    healthcheck:\n      test: ["CMD", "true"]\n      interval: 500us\n      timeout: -1s\n');
  const d = withCode(check(text, 'stack'), 'stack-healthcheck-duration');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['500us', '-1s'],
  );
  assert.equal(d[0].severity, 'error');
  assert.match(d[0].message, /Interval in HealthConfig cannot be less than 1ms/);
  const disabled = svc('    healthcheck:\n      disable: true\n      interval: 500us\n');
  assert.equal(withCode(check(disabled, 'stack'), 'stack-healthcheck-duration').length, 0);
});
