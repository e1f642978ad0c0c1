import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShortPort } from '../../server/src/core/stackModel';
import { check, covered, withCode } from './helpers';

const ports = (items: string, deploy = '') => `services:\n  web:\n    image: nginx:1.27\n    ports:\n${items}${deploy}`;

test('short syntax parses like nat.ParsePortSpec', () => {
  assert.deepEqual(parseShortPort('8080:80'), { ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' }] });
  assert.deepEqual(parseShortPort('127.0.0.1:53:53/UDP'), { ports: [{ target: 53, published: 53, protocol: 'udp', mode: 'ingress' }] });
  assert.equal((parseShortPort('9090-9091:8080-8081') as { ports: unknown[] }).ports.length, 2);
  assert.equal((parseShortPort('8000-8002:80') as { ports: unknown[] }).ports.length, 3);
  assert.deepEqual(parseShortPort('[::1]:80:80'), { ports: [{ target: 80, published: 80, protocol: 'tcp', mode: 'ingress' }] });
  assert.deepEqual(parseShortPort('80/tpc'), { error: 'invalid proto: tpc' });
  assert.deepEqual(parseShortPort('70000'), { error: 'invalid containerPort: 70000' });
  assert.deepEqual(parseShortPort('8080-8081:80-82'), { error: 'invalid ranges specified for container and host Ports: 80-82 and 8080-8081' });
  assert.deepEqual(parseShortPort('x:80'), { error: 'invalid hostPort: x' });
  assert.deepEqual(parseShortPort('1.2.3:80:80'), { error: 'invalid IP address: 1.2.3' });
  assert.deepEqual(parseShortPort('80:'), { error: 'no port specified: 80:<empty>' });
});

test('valid short and long ports are clean, host mode works with dnsrr', () => {
  const text = ports(
    '      - 80\n      - "8443:443"\n      - "127.0.0.1:5000-5001:5000-5001/udp"\n      - target: 9000\n        published: 9000\n        protocol: sctp\n        mode: host\n',
    '    deploy:\n      endpoint_mode: dnsrr\n',
  );
  const d = check(text, 'stack');
  // Only the short-syntax (ingress) ports conflict with dnsrr; the host-mode one does not.
  assert.deepEqual(
    withCode(d, 'stack-port').map((x) => covered(text, x)),
    ['80', '"8443:443"', '"127.0.0.1:5000-5001:5000-5001/udp"'],
  );
  assert.deepEqual(check(text.replace('dnsrr', 'vip'), 'stack'), []);
});

test("an invalid short port is an error on the entry with docker's message", () => {
  const text = ports('      - "8080:80/tpc"\n');
  const [d] = withCode(check(text, 'stack'), 'stack-port');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), '"8080:80/tpc"');
  assert.match(d.message, /^invalid proto: tpc/);
});

test('long syntax: out-of-range numbers are errors, unknown protocol/mode are warnings with a suggestion', () => {
  const text = ports('      - target: 80\n        published: 70000\n        protocol: tpc\n        mode: hots\n');
  const d = check(text, 'stack');
  const [range] = withCode(d, 'stack-port');
  assert.equal(range.severity, 'error');
  assert.equal(covered(text, range), '70000');
  assert.match(range.message, /out of range/);
  const values = withCode(d, 'stack-port-value');
  assert.deepEqual(
    values.map((x) => covered(text, x)),
    ['tpc', 'hots'],
  );
  assert.ok(values.every((x) => x.severity === 'warning'));
  assert.match(values[0].message, /silently published as tcp/);
  assert.equal(values[1].data?.suggestion, 'host');
});

test('ingress ports with endpoint_mode dnsrr are an error on the port (on `mode` in the long syntax)', () => {
  const text = ports('      - target: 80\n        published: 8080\n        mode: ingress\n', '    deploy:\n      endpoint_mode: DNSRR\n');
  const [d] = withCode(check(text, 'stack'), 'stack-port');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'ingress');
  assert.match(d.message, /port published with ingress mode can't be used with dnsrr mode/);
});

test('the same published port and protocol twice is an error on the second entry', () => {
  const text = ports('      - "8080:80"\n      - "8080:81/udp"\n      - target: 82\n        published: 8080\n');
  const d = withCode(check(text, 'stack'), 'stack-port');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 6);
  assert.match(d[0].message, /duplicate published ports provided \(8080\/tcp is already published by ports\[0\]\)/);
});
