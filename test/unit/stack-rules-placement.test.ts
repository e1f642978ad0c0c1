import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConstraint } from '../../server/src/core/stackModel';
import { check, covered, withCode } from './helpers';

const placement = (body: string) => `services:\n  web:\n    image: nginx:1.27\n    deploy:\n      placement:\n${body}`;
const constraints = (...c: string[]) => placement(`        constraints:\n${c.map((x) => `          - ${x}\n`).join('')}`);

test('parseConstraint splits on the first of ==, != and validates key and value like swarmkit', () => {
  assert.deepEqual(parseConstraint(' node.role==manager '), { ok: true, key: 'node.role', operator: '==', value: 'manager', at: 10 });
  assert.equal((parseConstraint('node.labels.zone != eu-west-1a') as { operator: string }).operator, '!=');
  assert.deepEqual(parseConstraint('node.role = manager'), { ok: false, error: 'constraint expected one operator from ==, !=' });
  assert.deepEqual(parseConstraint('node.role == "manager"'), {
    ok: false,
    error: `value '"manager"' is invalid; remove the quotes: node.role == manager`,
    replacement: 'node.role == manager',
  });
  assert.equal((parseConstraint('n == x') as { error: string }).error, "key 'n' is invalid");
  assert.equal((parseConstraint('node.id == a<b') as { error: string }).error, "value 'a<b' is invalid");
});

test('known keys (any case), labels, IPs and CIDRs are clean', () => {
  const text = constraints(
    'node.role == manager',
    'Node.Role != WORKER',
    'node.hostname == swarm-1',
    'node.platform.os == linux',
    'node.platform.arch != aarch64',
    'node.id == 2ivku8v2gvtg4',
    'node.labels.zone == eu-west-1a',
    'engine.labels.storage==ssd',
    'node.ip == 10.0.0.0/8',
    'node.ip != 2001:db8::2',
  );
  assert.deepEqual(check(text, 'stack'), []);
});

test('quotes inside the constraint are an error on the whole constraint, with the unquoted replacement', () => {
  const text = constraints(`node.role == "manager"`);
  const [d] = withCode(check(text, 'stack'), 'stack-constraint-syntax');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'node.role == "manager"');
  assert.match(d.message, /value '"manager"' is invalid; remove the quotes/);
  assert.deepEqual(d.data, { constraint: 'node.role == "manager"', replacement: 'node.role == manager' });
});

test('a constraint without == or != is an error', () => {
  const text = constraints('"node.role=manager"');
  const [d] = withCode(check(text, 'stack'), 'stack-constraint-syntax');
  assert.equal(covered(text, d), '"node.role=manager"');
  assert.match(d.message, /constraint expected one operator from ==, !=/);
});

test('an unknown key is a warning that tasks stay pending, with a suggestion for near misses', () => {
  const text = constraints('node.label.zone == a', 'node.color == blue');
  const d = withCode(check(text, 'stack'), 'stack-constraint-unknown-key');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['node.label.zone == a', 'node.color == blue'],
  );
  assert.ok(d.every((x) => x.severity === 'warning'));
  assert.match(d[0].message, /tasks will stay pending forever/);
  assert.equal(d[0].data?.suggestion, 'node.labels.zone');
  assert.equal(d[0].data?.replacement, 'node.labels.zone == a');
  assert.equal(d[1].data?.suggestion, undefined);
});

test('node.role other than manager/worker and a malformed node.ip are warnings', () => {
  const text = constraints('node.role == managr', 'node.ip == 10.0.0.300');
  const d = withCode(check(text, 'stack'), 'stack-constraint-value');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['node.role == managr', 'node.ip == 10.0.0.300'],
  );
  assert.ok(d.every((x) => x.severity === 'warning'));
  assert.equal(d[0].data?.suggestion, 'manager');
  assert.equal(d[0].data?.replacement, 'node.role == manager');
  assert.match(d[1].message, /IP address or a CIDR/);
});

test('spread preferences work only over node or engine labels', () => {
  const ok = placement('        preferences:\n          - spread: node.labels.datacenter\n          - spread: engine.labels.az\n');
  assert.deepEqual(check(ok, 'stack'), []);
  const text = placement('        preferences:\n          - spread: node.label.datacenter\n          - spread: node.hostname\n');
  const d = withCode(check(text, 'stack'), 'stack-spread-ignored');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['node.label.datacenter', 'node.hostname'],
  );
  assert.equal(d[0].severity, 'warning');
  assert.match(d[0].message, /is ignored/);
  assert.equal(d[0].data?.suggestion, 'node.labels.datacenter');
  assert.equal(d[1].data?.suggestion, undefined);
});
