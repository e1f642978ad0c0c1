import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ramInBytes } from '../../server/src/core/stackModel';
import { check, covered, withCode } from './helpers';

const resources = (limit: string, reservation = '64M') =>
  `services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: ${limit}\n        reservations:\n          memory: ${reservation}\n`;

test('RAMInBytes: binary multiples, case-insensitive, optional b / ib, spaces before the suffix', () => {
  assert.deepEqual(ramInBytes('512m'), { bytes: 512 * 1024 ** 2 });
  assert.deepEqual(ramInBytes('1.5GiB'), { bytes: 1.5 * 1024 ** 3 });
  assert.deepEqual(ramInBytes('64 MB'), { bytes: 64 * 1024 ** 2 });
  assert.deepEqual(ramInBytes('100'), { bytes: 100 });
  assert.deepEqual(ramInBytes('10b'), { bytes: 10 });
  assert.deepEqual(ramInBytes('12parsecs'), { error: "invalid suffix: 'parsecs'" });
  assert.deepEqual(ramInBytes('1gb2'), { error: 'strconv.ParseFloat: parsing "1gb2": invalid syntax' });
  assert.deepEqual(ramInBytes('1mx'), { error: "invalid suffix: 'mx'" });
  assert.deepEqual(ramInBytes('-1m'), { error: "invalid size: '-1m'" });
  assert.deepEqual(ramInBytes('lots'), { error: "invalid size: 'lots'" });
});

test('valid memory sizes are clean', () => {
  assert.deepEqual(check(resources('1.5g', '512MiB'), 'stack'), []);
  assert.deepEqual(check(resources('"0"'), 'stack'), []);
});

test("an invalid memory suffix is an error on the value with docker's message", () => {
  const text = resources('12parsecs');
  const [d] = withCode(check(text, 'stack'), 'stack-byte-size');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), '12parsecs');
  assert.match(d.message, /^invalid suffix: 'parsecs'/);
  assert.match(d.message, /deploy\.resources\.limits\.memory/);
});

test('cluster volume capacity sizes are parsed the same way', () => {
  const text =
    'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - type: cluster\n        source: data\n        target: /data\nvolumes:\n  data:\n    x-cluster-spec:\n      capacity_range:\n        required_bytes: 1x\n        limit_bytes: 2G\n';
  const d = withCode(check(text, 'stack'), 'stack-byte-size');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['1x'],
  );
});

test('memory above 0 but below 4MiB is refused by swarmkit', () => {
  const text = resources('64M', '1m');
  const [d] = withCode(check(text, 'stack'), 'stack-memory-minimum');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), '1m');
  assert.match(d.message, /invalid memory value 1048576: Must be at least 4MiB/);
  assert.equal(withCode(check(resources('4m'), 'stack'), 'stack-memory-minimum').length, 0);
});
