import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brief, check, withCode } from './helpers';

test('malformed YAML: the parser errors at their position, and no schema noise after them', () => {
  const text = 'services:\n  web:\n    image: nginx\n    ports: [80\n  db: {image: x}\n';
  const d = check(text, 'stack');
  assert.ok(d.length >= 1);
  assert.ok(
    d.every((x) => x.code === 'yaml-syntax'),
    brief(d).join(','),
  );
  assert.ok(
    d.every((x) => x.range.start.line === x.range.end.line),
    'ranges stay on one line',
  );
});

test('duplicate keys are an error on the second key', () => {
  const text = 'services:\n  web:\n    image: a\n    image: b\n';
  const d = withCode(check(text, 'stack'), 'yaml-duplicate-key');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 3);
  assert.equal(d[0].severity, 'error');
});

test('an alias bomb (billion laughs) is one error, found in bounded time', () => {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  const text = `x-bomb:\n${lines.map((l) => '  ' + l).join('\n')}\nservices:\n  web:\n    image: nginx\n`;
  const t0 = Date.now();
  const d = check(text, 'stack');
  const ms = Date.now() - t0;
  assert.deepEqual(
    d.map((x) => x.code),
    ['yaml-alias-bomb'],
  );
  assert.match(d[0].message, /alias/i);
  assert.ok(ms < 5000, `took ${ms} ms`);
});

test('ordinary aliases and merge keys are resolved, not mistaken for bombs', () => {
  const text =
    'x-defaults: &defaults\n  image: nginx:1.27\n  deploy: {replicas: 2}\nservices:\n' +
    Array.from({ length: 300 }, (_, i) => `  s${i}:\n    <<: *defaults\n`).join('');
  assert.deepEqual(check(text, 'stack'), []);
});

test('a file over the size limit gets one information diagnostic, not a hang', () => {
  const text = 'services:\n' + '  # padding line to make the file large .................................................\n'.repeat(60_000);
  const d = check(text, 'stack', { settings: { maxFileBytes: 1024 * 1024 } });
  assert.deepEqual(
    d.map((x) => [x.code, x.severity]),
    [['file-too-large', 'information']],
  );
  assert.match(d[0].message, /too large to validate/);
});

test('binary content is one clear error', () => {
  const d = check('services:\u0000\u0001\u0002\n', 'stack');
  assert.deepEqual(
    d.map((x) => x.code),
    ['file-not-text'],
  );
});

test('an empty or scalar document is "Top-level object must be a mapping"', () => {
  assert.deepEqual(
    check('', 'stack').map((x) => x.code),
    ['compose-top-level'],
  );
  assert.deepEqual(
    check('just a string\n', 'stack').map((x) => x.code),
    ['compose-top-level'],
  );
});

test('deeply nested input does not crash the validator', () => {
  const text = 'services:\n  web:\n    image: x\n    labels: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
  const d = check(text, 'stack');
  assert.ok(d.length >= 1);
});
