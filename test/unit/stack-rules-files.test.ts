import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileProbe } from '../../server/src/core/fs/fileProbe';
import { defaultSettings } from '../../server/src/core/settings';
import { validateText } from '../../server/src/core/validate';
import { check, covered, memoryFs, withCode } from './helpers';
import { ADVICE_OFF } from '../support/advice';

const STACK = '/srv/app/stack.yml';
const use = 'services:\n  web:\n    image: nginx:1.27\n    secrets: [token]\n    configs: [site]\n';
const files = (token: string, site = '    file: ./site.conf\n') => `${use}secrets:\n  token:\n${token}configs:\n  site:\n${site}`;
const run = (text: string, fs: FileProbe) => check(text, 'stack', { fs, filePath: STACK });
const FULL = memoryFs({ '/srv/app/token.txt': 'abc', '/srv/app/site.conf': 'server {}', '/etc/shared/token': 'x' });

test('existing non-empty files (relative, absolute), external and driver secrets are clean', () => {
  assert.deepEqual(run(files('    file: ./token.txt\n'), FULL), []);
  assert.deepEqual(run(files('    file: /etc/shared/token\n'), FULL), []);
  assert.deepEqual(run(files('    external: true\n'), FULL), []);
  assert.deepEqual(run(files('    driver: vault\n'), FULL), []);
});

test('a missing file is a warning on the file value, resolved next to the stack file', () => {
  const text = files('    file: ./tokn.txt\n');
  const [d] = withCode(run(text, FULL), 'stack-file-missing');
  assert.equal(d.severity, 'warning');
  assert.equal(covered(text, d), './tokn.txt');
  assert.match(d.message, /secret file \.\/tokn\.txt not found \(looked for \/srv\/app\/tokn\.txt\)/);
  assert.equal(d.data?.resolved, '/srv/app/tokn.txt');
  // `~` is not expanded by the loader.
  const tilde = files('    file: ~/token.txt\n');
  assert.match(withCode(run(tilde, FULL), 'stack-file-missing')[0].message, /`~` is not expanded/);
});

test('an empty file is an error: swarm refuses empty secret and config data', () => {
  const fs = memoryFs({ '/srv/app/token.txt': '', '/srv/app/site.conf': '' });
  const text = files('    file: ./token.txt\n');
  const d = withCode(run(text, fs), 'stack-file-empty');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['./token.txt', './site.conf'],
  );
  assert.ok(d.every((x) => x.severity === 'error'));
  assert.match(d[0].message, /secret data must be larger than 0 and less than 512000 bytes/);
  assert.match(d[1].message, /config data must be larger than 0 and less than 1024000 bytes/);
});

test('files at or above the swarm size limit are errors', () => {
  const fs: FileProbe = { stat: (p) => ({ size: p.endsWith('token.txt') ? 512000 : 1023999, isFile: true }) };
  const text = files('    file: ./token.txt\n');
  const d = withCode(run(text, fs), 'stack-file-too-large');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['./token.txt'],
  );
  assert.equal(d[0].severity, 'error');
  assert.match(d[0].message, /has 512000 bytes/);
});

test('no file/driver/external, or a directory as file, is an error: deploy reads a directory', () => {
  const text = files('    name: prod_token\n');
  const [d] = withCode(run(text, FULL), 'stack-file-source');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'token');
  assert.match(d.message, /secret "token" has no file, driver or external/);
  const dir: FileProbe = { stat: () => ({ size: 4096, isFile: false }) };
  const asDir = files('    file: ./certs\n');
  const [x] = withCode(run(asDir, dir), 'stack-file-source');
  assert.equal(covered(asDir, x), './certs');
  assert.match(x.message, /is a directory/);
});

test('without a file path (unsaved buffer) files are not looked up', () => {
  const none: FileProbe = { stat: () => undefined };
  const text = files('    file: ./token.txt\n');
  const unsaved = validateText({ text, kind: 'stack', settings: defaultSettings({ ruleSeverity: ADVICE_OFF }), fs: none });
  assert.deepEqual(unsaved?.diagnostics, []);
  assert.equal(withCode(run(text, none), 'stack-file-missing').length, 2);
});

// docker/cli v27.5.1 loader.go loadFileObjectConfig: the external branch neither reads nor refuses `file`.
test('external with a file: a warning on the ignored file, for secrets and configs, never an error', () => {
  const text = files('    external: true\n    file: ./missing.txt\n', '    external:\n      name: site_v2\n    file: ./site.conf\n');
  const all = run(text, FULL);
  const d = withCode(all, 'stack-external-file');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['file', 'file'],
  );
  assert.ok(d.every((x) => x.severity === 'warning'));
  assert.match(d[0].message, /^secret token: secret\.file is ignored because secret\.external is set/);
  assert.match(d[1].message, /^config site: config\.file is ignored/);
  // Nothing else: the missing file is never read, and the schema accepts the pair.
  assert.deepEqual(
    all.filter((x) => x.code !== 'stack-external-file'),
    [],
  );
  assert.deepEqual(withCode(run(files('    external: false\n    file: ./token.txt\n'), FULL), 'stack-external-file'), []);
});
