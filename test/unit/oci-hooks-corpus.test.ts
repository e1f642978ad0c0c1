import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectKind } from '../../server/src/core/kinds/detect';
import { defaultSettings } from '../../server/src/core/settings';
import type { Diagnostic } from '../../server/src/core/types';
import { corpusTest as test, fromCorpus } from '../support/shared';
import { CORPUS, check, memoryFs } from './helpers';

const DIR = join(CORPUS, 'oci-hooks');
const rows = fromCorpus(() => readFileSync(join(DIR, 'MANIFEST.tsv'), 'utf8'), '')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([file, , , , expected, note]) => ({ file, expected, note }));

/** No file exists on the corpus "machine": /a/b/c and friends give path-not-found warnings, never errors. */
const validate = (file: string): Diagnostic[] => check(readFileSync(join(DIR, file), 'utf8'), 'oci-hooks', { filePath: join(DIR, file), fs: memoryFs({}) });
const errors = (diags: Diagnostic[]) => diags.filter((d) => d.severity === 'error');
const show = (diags: Diagnostic[]) => diags.map((d) => `${d.severity} ${d.code}: ${d.message}`);

/** The Go test's regexp without anchors and the `parsing hook "<file>": ` wrapping of read.go Read. */
function goPattern(expected: string): RegExp {
  const re = expected
    .replace(/^error \(regexp\): /, '')
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/^parsing hook ".*?\.json": /, '');
  return new RegExp(re);
}

test('the oci-hooks corpus manifest lists its files with verdicts', () => {
  assert.ok(rows.length >= 44, `${rows.length} rows`);
  assert.ok(rows.filter((r) => r.expected.startsWith('error')).length >= 14);
  assert.ok(rows.filter((r) => r.expected.startsWith('ok')).length >= 15);
});

/**
 * monitor_test.go writes `{"version": "-1"}` as its "bad-addition" and asserts that the manager keeps
 * working: the manifest's `ok` is the manager's outcome, while read.go refuses the file itself.
 */
const MONITOR_BAD_ADDITION = /pkg_hooks_monitor_test\.go\//;

test('monitor_test.go’s bad additions are refused as read.go refuses them', () => {
  const files = rows.filter((r) => MONITOR_BAD_ADDITION.test(r.file));
  assert.equal(files.length, 3);
  for (const { file } of files)
    assert.match(
      errors(validate(file))
        .map((d) => d.message)
        .join('\n'),
      /unrecognized hook version: "-1"/,
      file,
    );
});

test('files that containers/common reads fine have no errors', () => {
  for (const { file, expected } of rows.filter((r) => r.expected.startsWith('ok') && !MONITOR_BAD_ADDITION.test(r.file))) {
    assert.deepEqual(show(errors(validate(file))), [], `${file} (${expected})`);
  }
});

test('Go-test literals with an expected error get a diagnostic carrying Go’s message', () => {
  for (const { file, expected } of rows.filter((r) => r.expected.startsWith('error'))) {
    const diags = validate(file);
    if (/unexpected end of JSON input/.test(expected)) {
      assert.ok(
        errors(diags).some((d) => d.code === 'json-syntax'),
        `${file}: ${show(diags)}`,
      );
      continue;
    }
    const re = goPattern(expected);
    const hit = diags.find((d) => re.test(d.message));
    assert.ok(hit, `${file}: nothing matches ${re}: ${show(diags).join(' | ')}`);
    // A missing executable is an error in Validate but only makes podman/CRI-O skip the hook: a warning here.
    assert.equal(hit.severity, hit.code === 'oci-hooks-path-not-found' ? 'warning' : 'error', file);
  }
});

test('templates with install-time placeholders are caught as relative paths', () => {
  const templates = rows.filter((r) => r.expected.startsWith('template'));
  assert.ok(templates.length >= 3);
  for (const { file } of templates)
    assert.ok(
      validate(file).some((d) => d.code === 'oci-hooks-path-relative' && d.severity === 'error'),
      file,
    );
});

test('man-page examples: the two invalid JSON ones fail to parse, the others are clean', () => {
  const docs = rows.filter((r) => !r.expected);
  assert.ok(docs.length >= 6);
  for (const { file, note } of docs) {
    const errs = errors(validate(file));
    if (/INVALID JSON/.test(note)) assert.ok(errs.length > 0 && errs.every((d) => d.code === 'json-syntax'), file);
    else assert.deepEqual(show(errs), [], file);
  }
});

test('0.1.0 files get the legacy hint; 1.0.0 files do not', () => {
  for (const { file } of rows) {
    const diags = validate(file);
    if (diags.some((d) => d.code === 'json-syntax')) continue;
    const legacy = diags.some((d) => d.code === 'oci-hooks-legacy-format');
    const text = readFileSync(join(DIR, file), 'utf8');
    const v1 = /"version"\s*:\s*"1\.0\.0"/.test(text);
    const unrecognised = /"version"\s*:\s*"-1"/.test(text);
    assert.equal(legacy, !v1 && !unrecognised, file);
  }
});

test('every corpus file with a hook is detected as oci-hooks from its content', () => {
  const missed: string[] = [];
  for (const { file } of rows) {
    const text = readFileSync(join(DIR, file), 'utf8');
    // {} and {"version": "-1"} carry nothing to detect; TestNoStages's {"hook": "/a/b/c"} has only `hook`.
    if (!/"hook"\s*:/.test(text) || file.endsWith('/TestNoStages-1.json')) continue;
    if (detectKind(join(DIR, file), text, defaultSettings()) !== 'oci-hooks') missed.push(file);
  }
  assert.deepEqual(missed, []);
});
