import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './helpers';

const BIN = join(REPO_ROOT, 'bin/swarm-pilot.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

const dir = mkdtempSync(join(tmpdir(), 'sp-cli-'));
const good = join(dir, 'good-stack.yml');
const bad = join(dir, 'bad-stack.yml');
writeFileSync(good, 'services:\n  web:\n    image: nginx:1.27\n');
writeFileSync(bad, 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 1g\n    restart: always\n');
writeFileSync(join(dir, 'notes.yml'), 'just: a yaml file that is not ours\n');

test('exit 0 and a summary for a clean file', () => {
  const r = run(['check', good]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 file checked: 0 errors, 0 warnings/);
});

test('exit 1 with compiler-style lines for errors', () => {
  const r = run(['check', bad]);
  assert.equal(r.status, 1);
  assert.ok(r.stdout.includes(`${bad}:4:5: error stack-forbidden-key: services.web.mem_limit is forbidden`), r.stdout);
  assert.ok(r.stdout.includes(`${bad}:5:5: warning stack-unsupported-key:`), r.stdout);
});

test('json format: 0-based LSP ranges, kind, severity words', () => {
  const r = run(['check', '--format', 'json', bad]);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files.length, 1);
  assert.equal(out.files[0].kind, 'stack');
  const d = out.files[0].diagnostics.find((x: { code: string }) => x.code === 'stack-forbidden-key');
  assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 13 } });
  assert.equal(d.severity, 'error');
});

test('sarif format: version 2.1.0, rules described, 1-based regions', () => {
  const r = run(['check', '--format', 'sarif', bad]);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.ok(run0.tool.driver.rules.some((x: { id: string }) => x.id === 'stack-forbidden-key'));
  const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'stack-forbidden-key');
  assert.equal(res.level, 'error');
  assert.equal(res.locations[0].physicalLocation.region.startLine, 4);
  assert.equal(res.locations[0].physicalLocation.region.startColumn, 5);
  assert.equal(run0.tool.driver.rules[res.ruleIndex].id, 'stack-forbidden-key');
});

test('directories are walked and files that are not ours are skipped', () => {
  const r = run(['check', '--format', 'json', dir]);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.files.map((f: { path: string }) => f.path.split('/').pop()).sort(), ['bad-stack.yml', 'good-stack.yml']);
  assert.equal(r.status, 1);
});

test('--kind compose forces compose mode (restart and mem_limit are fine there)', () => {
  const r = run(['check', '--kind', 'compose', bad]);
  assert.equal(r.status, 0, r.stdout);
});

test('usage and I/O errors exit 2 with a message', () => {
  assert.equal(run([]).status, 2);
  const unknown = run(['check', '--kind', 'helm', good]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--kind must be one of/);
  const missing = run(['check', join(dir, 'nope.yml')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such file/);
  assert.equal(run(['frobnicate']).status, 2);
});

test('interpolation reads the process environment, not .env', () => {
  const f = join(dir, 'env-stack.yml');
  writeFileSync(f, 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: ${N}\n');
  writeFileSync(join(dir, '.env'), 'N=2\n');
  const withEnv = run(['check', '--format', 'json', f], { N: '2' });
  assert.equal(withEnv.status, 0, withEnv.stdout);
  const without = run(['check', '--format', 'json', f]);
  assert.notEqual(JSON.parse(without.stdout).files[0].diagnostics.length, 0);
});

test('a 50 MB file is reported as too large to validate, quickly, and a non-UTF-8 file as one clear error', () => {
  const big = join(dir, 'huge-stack.yml');
  writeFileSync(big, 'services:\n' + `  # ${'x'.repeat(1000)}\n`.repeat(50 * 1024));
  const t0 = Date.now();
  const r = run(['check', '--format', 'json', big]);
  assert.ok(Date.now() - t0 < 20_000, 'took too long');
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout).files[0].diagnostics;
  assert.deepEqual(
    d.map((x: { code: string; severity: string }) => [x.code, x.severity]),
    [['file-too-large', 'information']],
  );
  const latin1 = join(dir, 'latin1-stack.yml');
  writeFileSync(latin1, Buffer.from('services:\n  caf\xe9:\n    image: x\n', 'latin1'));
  const r2 = run(['check', '--format', 'json', latin1]);
  assert.equal(r2.status, 1);
  const d2 = JSON.parse(r2.stdout).files[0].diagnostics;
  assert.deepEqual(
    d2.map((x: { code: string }) => x.code),
    ['file-not-text'],
  );
  assert.match(d2[0].message, /not valid UTF-8/);
});

// moby v27.5.1 daemon/config TestDaemonConfigurationUnicodeVariations: the same variations as bytes on disk.
test('daemon.json in UTF-8, UTF-8 with BOM, UTF-16 LE and BE with BOM is read as dockerd reads it', () => {
  const text = '{\n  "debug": true,\n  "log-level": "loud"\n}';
  const variations: Record<string, Buffer> = {
    utf8: Buffer.from(text, 'utf8'),
    utf8bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
    utf16le: Buffer.from(`\ufeff${text}`, 'utf16le'),
    utf16be: Buffer.from(`\ufeff${text}`, 'utf16le').swap16(),
  };
  for (const [name, bytes] of Object.entries(variations)) {
    const sub = mkdtempSync(join(dir, `${name}-`));
    writeFileSync(join(sub, 'daemon.json'), bytes);
    const r = run(['check', sub]);
    assert.equal(r.status, 1, `${name}: ${r.stdout}${r.stderr}`);
    assert.ok(r.stdout.includes(`${join(sub, 'daemon.json')}:3:16: error daemon-value: invalid logging level: loud`), `${name}: ${r.stdout}`);
  }
  const utf16Stack = join(dir, 'utf16-stack.yml');
  writeFileSync(utf16Stack, Buffer.from('\ufeffservices:\n  web:\n    image: nginx:1.27\n', 'utf16le'));
  const r = run(['check', utf16Stack]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /error file-not-text: File is not valid UTF-8 text .*UTF-16 LE/);
});
