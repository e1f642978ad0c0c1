import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, nearest } from '../../server/src/core/text/nearest';
import { check, covered, withCode } from './helpers';

/** One service `web` with the given `deploy:` body (indented 6). */
const deploy = (body: string, extra = '') => `services:\n  web:\n    image: nginx:1.27\n${extra}    deploy:\n${body}`;

test('nearest: closest candidate by edit distance, case-insensitive, none when too far or exact', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(nearest('globl', ['replicated', 'global', 'global-job']), 'global');
  assert.equal(nearest('Global', ['replicated', 'global']), 'global');
  assert.equal(nearest('global', ['replicated', 'global']), undefined);
  assert.equal(nearest('explode', ['pause', 'continue', 'rollback']), undefined);
  assert.equal(nearest('node.color', ['node.role', 'node.id'], { maxDistance: 2 }), undefined);
});

test('all deploy modes, failure actions, conditions and endpoint modes upstream accepts are clean', () => {
  for (const mode of ['replicated', 'global', 'replicated-job', 'global-job', '""']) {
    const text = deploy(`      mode: ${mode}\n      endpoint_mode: VIP\n      restart_policy:\n        condition: on-failure\n`);
    assert.deepEqual(check(text, 'stack'), [], mode);
  }
  const text = deploy(
    '      replicas: 3\n      endpoint_mode: dnsrr\n      update_config:\n        failure_action: rollback\n        max_failure_ratio: 0.3\n      rollback_config:\n        failure_action: continue\n      restart_policy:\n        condition: none\n',
  );
  assert.deepEqual(check(text, 'stack'), []);
});

test('unknown deploy.mode is an error on the value with the allowed list and the nearest as suggestion', () => {
  const text = deploy('      mode: globl\n');
  const [d] = withCode(check(text, 'stack'), 'stack-deploy-mode');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'globl');
  assert.match(d.message, /^Unknown mode: globl/);
  assert.match(d.message, /did you mean "global"/);
  assert.deepEqual(d.data, { value: 'globl', allowed: ['replicated', 'global', 'replicated-job', 'global-job'], suggestion: 'global' });
});

test('replicas with global or global-job is an error on the replicas key; jobs may not have update_config', () => {
  const text = deploy('      mode: global\n      replicas: 2\n');
  const [d] = withCode(check(text, 'stack'), 'stack-replicas-global');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'replicas');
  assert.match(d.message, /replicas can only be used with replicated or replicated-job mode/);
  assert.equal(withCode(check(deploy('      mode: replicated-job\n      replicas: 2\n'), 'stack'), 'stack-replicas-global').length, 0);

  const job = deploy('      mode: global-job\n      update_config:\n        parallelism: 2\n');
  const [j] = withCode(check(job, 'stack'), 'stack-job-update-config');
  assert.equal(j.severity, 'error');
  assert.equal(covered(job, j), 'update_config');
  assert.match(j.message, /Jobs may not have an update config/);
});

test('failure_action outside pause/continue/rollback is an error in update_config and rollback_config', () => {
  const text = deploy('      update_config:\n        failure_action: explode\n      rollback_config:\n        failure_action: puase\n');
  const d = withCode(check(text, 'stack'), 'stack-failure-action');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['explode', 'puase'],
  );
  assert.ok(d.every((x) => x.severity === 'error'));
  assert.match(d[0].message, /unrecognized update failure action explode/);
  assert.equal(d[0].data?.suggestion, undefined);
  assert.equal(d[1].data?.suggestion, 'pause');
});

test('update_config.max_failure_ratio must be within 0..1 (rollback_config is not validated by swarmkit)', () => {
  const text = deploy('      update_config:\n        max_failure_ratio: 1.5\n      rollback_config:\n        max_failure_ratio: 1.5\n');
  const d = withCode(check(text, 'stack'), 'stack-failure-ratio');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'error');
  assert.equal(covered(text, d[0]), '1.5');
  assert.match(d[0].message, /cannot be less than 0 or bigger than 1/);
  assert.equal(d[0].range.start.line, 5);
});

test('restart_policy.condition and the fallback restart: value', () => {
  const text = deploy('      restart_policy:\n        condition: on_failure\n');
  const [d] = withCode(check(text, 'stack'), 'stack-restart-condition');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'on_failure');
  assert.match(d.message, /invalid RestartCondition: "on_failure"/);
  assert.equal(d.data?.suggestion, 'on-failure');

  const legacy = 'services:\n  web:\n    image: nginx:1.27\n    restart: on-failur:3\n';
  const [l] = withCode(check(legacy, 'stack'), 'stack-restart-condition');
  assert.equal(covered(legacy, l), 'on-failur:3');
  assert.match(l.message, /unknown restart policy: on-failur/);
  assert.equal(l.data?.suggestion, 'on-failure:3');
  // Valid fallbacks, and any value when deploy.restart_policy takes precedence.
  for (const ok of ['always', 'unless-stopped', 'no', 'on-failure:5']) {
    assert.equal(withCode(check(`services:\n  web:\n    image: nginx:1.27\n    restart: ${ok}\n`, 'stack'), 'stack-restart-condition').length, 0, ok);
  }
  const shadowed = deploy('      restart_policy:\n        condition: any\n', '    restart: sometimes\n');
  assert.equal(withCode(check(shadowed, 'stack'), 'stack-restart-condition').length, 0);
  const badCount = 'services:\n  web:\n    image: nginx:1.27\n    restart: on-failure:x\n';
  assert.match(withCode(check(badCount, 'stack'), 'stack-restart-condition')[0].message, /maximum retry count must be an integer/);
});

test('endpoint_mode is lower-cased first: VIP is fine, vipp is an error', () => {
  const text = deploy('      endpoint_mode: vipp\n');
  const [d] = withCode(check(text, 'stack'), 'stack-endpoint-mode');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'vipp');
  assert.match(d.message, /invalid resolution mode: "vipp"/);
  assert.equal(d.data?.suggestion, 'vip');
  assert.equal(withCode(check(deploy('      endpoint_mode: DNSRR\n'), 'stack'), 'stack-endpoint-mode').length, 0);
});

test('wrong shapes are left to the schema: no deploy-value diagnostics', () => {
  const text = deploy('      mode: [global]\n      update_config: fast\n      restart_policy: always\n      endpoint_mode: 3\n');
  const d = check(text, 'stack');
  assert.ok(withCode(d, 'stack-schema').length > 0);
  assert.deepEqual(
    d.filter((x) => x.code !== 'stack-schema'),
    [],
  );
});
