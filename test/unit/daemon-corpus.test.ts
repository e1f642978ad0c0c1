import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../server/src/core/types';
import { corpusTest as test, fromCorpus } from '../support/shared';
import { check, CORPUS } from './helpers';

/**
 * The daemon.json corpus (shared/corpus/daemon, see its SOURCES.md): moby v27.5.1 test data and Go-test
 * literals with the outcome the upstream test asserts, docker/cli dockerd.md examples, NVIDIA toolkit files
 * and real-world files. Every file must validate without a crash on both platforms; files with a stated
 * outcome must get it.
 */
const DIR = join(CORPUS, 'daemon');
const rows = fromCorpus(() => readFileSync(join(DIR, 'MANIFEST.tsv'), 'utf8'), '')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [file, repo, commit, source, expected, note] = line.split('\t');
    return { file, repo, commit, source, expected: expected ?? '', note: note ?? '' };
  });

const errors = (d: Diagnostic[]) => d.filter((x) => x.severity === 'error');
const describe = (d: Diagnostic[]) => JSON.stringify(d.map((x) => `${x.code}: ${x.message}`));

test('the manifest lists the corpus files, and they exist', () => {
  assert.ok(rows.length >= 60, `only ${rows.length} manifest rows`);
  for (const r of rows) assert.ok(existsSync(join(DIR, r.file)), r.file);
});

test('every corpus file validates without a crash on Linux and Windows', () => {
  for (const r of rows) {
    const text = readFileSync(join(DIR, r.file), 'utf8');
    for (const daemonPlatform of ['linux', 'windows'] as const) {
      const d = check(text, 'daemon', { settings: { daemonPlatform }, filePath: join(DIR, r.file) });
      assert.ok(Array.isArray(d), r.file);
      assert.ok(!d.some((x) => x.code === 'kind-not-supported'), r.file);
    }
  }
});

/** Outcomes that need the dockerd command line of the upstream test: the file alone is valid. */
const FLAG_CONFLICT = /as a flag and in the configuration file/;
/** Outcomes whose text is dockerd's wrapper or Go's JSON parser: any error (json-syntax for the latter). */
const GENERIC = /^(unable to configure the Docker daemon with file|invalid character)/;

const stated = rows.filter((r) => r.expected !== '');

test('the manifest states outcomes for the moby test files', () => {
  assert.ok(stated.length >= 30, `only ${stated.length} stated outcomes`);
  assert.ok(stated.some((r) => r.expected.startsWith('ok')));
  assert.ok(stated.some((r) => r.expected.startsWith('error:')));
});

for (const r of stated) {
  test(`${r.file}: ${r.expected}`, () => {
    const text = readFileSync(join(DIR, r.file), 'utf8');
    const daemonPlatform = /windows/i.test(r.file) ? 'windows' : 'linux';
    const d = check(text, 'daemon', { settings: { daemonPlatform } });
    if (r.expected.startsWith('ok')) {
      assert.deepEqual(errors(d), [], describe(d));
      return;
    }
    assert.match(r.expected, /^error: /, 'unknown manifest verdict');
    const reason = r.expected.slice('error: '.length);
    if (FLAG_CONFLICT.test(reason)) {
      // dockerd refuses the file only together with the flags the upstream test passes.
      assert.match(r.note, /test also sets dockerd flags/);
      assert.deepEqual(errors(d), [], describe(d));
      return;
    }
    const errs = errors(d);
    assert.ok(errs.length > 0, `expected an error (${reason}), got ${describe(d)}`);
    if (reason.startsWith('invalid character'))
      assert.ok(
        errs.some((x) => x.code === 'json-syntax'),
        describe(d),
      );
    else if (!GENERIC.test(reason))
      assert.ok(
        errs.some((x) => x.message.includes(reason)),
        `no error says "${reason}": ${describe(d)}`,
      );
  });
}

test('the real-world file with "graph" gets the removed-key error', () => {
  const row = rows.find((r) => r.note.includes("uses 'graph'"));
  assert.ok(row, 'manifest row with graph');
  const text = readFileSync(join(DIR, row.file), 'utf8');
  const removed = check(text, 'daemon').filter((x) => x.code === 'daemon-removed-key');
  assert.equal(removed.length, 1);
  assert.match(removed[0].message, /"graph" was removed in Docker Engine v23\.0.*"data-root"/);
});

test('runtimes.<name>.args in real files is reported as ignored (NVIDIA toolkit, bladerf)', () => {
  const files = rows.filter((r) => r.note.includes('runtimes.nvidia.args') || r.file.includes('TestApp-1'));
  assert.equal(files.length, 2);
  for (const r of files) {
    const d = check(readFileSync(join(DIR, r.file), 'utf8'), 'daemon');
    assert.ok(
      d.some((x) => x.code === 'daemon-runtime-key' && x.data?.replacement === 'runtimeArgs'),
      r.file,
    );
  }
});

test('the dockerd.md Windows example: Linux-only keys are refused on Windows', () => {
  const row = rows.find((r) => r.note.includes('"On Windows"'));
  assert.ok(row);
  const text = readFileSync(join(DIR, row.file), 'utf8');
  const unknown = check(text, 'daemon', { settings: { daemonPlatform: 'windows' } }).filter((x) => x.code === 'daemon-unknown-key');
  assert.deepEqual(unknown.map((x) => x.data?.key).sort(), ['default-ulimits', 'storage-driver']);
});
