// JSON nested thousands of levels deep (found by `npm run fuzz`): jsonc-parser's recursive parse overflowed the stack
// and the user got an internal error. Now a depth diagnostic, with Go's own limit (encoding/json maxNestingDepth).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSettings, validateText } from '../../server/src/core';

const check = (text: string, kind: 'daemon' | 'oci-hooks', filePath: string) =>
  validateText({ text, kind, filePath, settings: defaultSettings() })!.diagnostics.filter((d) => /nested \d+ levels/.test(d.message));

const nested = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;

test('nesting past what the parser can walk: a warning naming the depth, no internal error', () => {
  for (const [kind, path] of [
    ['daemon', '/etc/docker/daemon.json'],
    ['oci-hooks', '/usr/share/containers/oci/hooks.d/x.json'],
  ] as const) {
    const r = validateText({ text: nested(5000), kind, filePath: path, settings: defaultSettings() })!;
    assert.ok(!r.diagnostics.some((d) => d.code === 'internal-error'), JSON.stringify(r.diagnostics.slice(0, 2)));
    const [d] = check(nested(5000), kind, path);
    assert.equal(d?.severity, 'warning');
    assert.match(d.message, /nested 5001 levels deep: not checked .*up to 10000/);
    assert.equal(d.range.start.character, 5 + 999); // the bracket at depth 1001 (the outer object is depth 1)
  }
});

test("past Go's 10000 levels: an error, as encoding/json refuses it", () => {
  const [d] = check(nested(10001), 'daemon', '/etc/docker/daemon.json');
  assert.equal(d?.severity, 'error');
  assert.match(d.message, /refuses more than 10000 \("exceeded max depth"\)/);
});

test('brackets inside strings do not count, and ordinary files get no depth diagnostic', () => {
  assert.deepEqual(check(`{"a":"${'['.repeat(5000)}\\"${'{'.repeat(3000)}"}`, 'daemon', '/etc/docker/daemon.json'), []);
  assert.deepEqual(check(nested(900), 'daemon', '/etc/docker/daemon.json'), []);
});
