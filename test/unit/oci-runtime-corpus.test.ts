import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusTest as test, fromCorpus } from '../support/shared';
import { CORPUS, check, memoryFs } from './helpers';

const DIR = join(CORPUS, 'oci-runtime');
/** MANIFEST.tsv columns: file, repo, commit, source, expected, note, licence. */
const [header, ...lines] = fromCorpus(() => readFileSync(join(DIR, 'MANIFEST.tsv'), 'utf8'), 'file\texpected')
  .trim()
  .split('\n');
const column = header.split('\t').indexOf('expected');
const rows = lines.map((line) => ({ file: line.split('\t')[0], expected: line.split('\t')[column] }));

const validate = (file: string) => {
  const text = readFileSync(join(DIR, file), 'utf8');
  return { text, diags: check(text, 'oci-runtime', { filePath: join(DIR, file), fs: memoryFs({}) }) };
};

test('the oci-runtime corpus manifest lists its files with verdicts', () => {
  assert.ok(rows.length >= 29, `${rows.length} rows`);
  assert.ok(rows.filter((r) => r.expected.startsWith('valid')).length >= 14);
  assert.ok(rows.filter((r) => r.expected.startsWith('invalid')).length >= 6);
});

test('every corpus file validates without crashing, with ranges inside the text', () => {
  for (const { file } of rows) {
    const { text, diags } = validate(file);
    const lines = text.split(/\r?\n/).length;
    for (const d of diags) {
      assert.ok(d.range.start.line < lines && d.range.end.line < lines, `${file}: ${d.code} out of range`);
      assert.ok(d.code && d.message, file);
    }
  }
});

test('upstream good fixtures and runc/crun spec output have no errors; bad fixtures have one', () => {
  for (const { file, expected } of rows) {
    if (!expected) continue;
    const errors = validate(file).diags.filter((d) => d.severity === 'error');
    if (expected.startsWith('valid'))
      assert.deepEqual(
        errors.map((d) => `${d.code}: ${d.message}`),
        [],
        file,
      );
    else if (expected.startsWith('invalid')) assert.ok(errors.length > 0, `${file} should be invalid`);
    else assert.fail(`${file}: unknown verdict ${expected}`);
  }
});

test('bad fixtures fail for the reason upstream wrote them', () => {
  const reasons: Record<string, RegExp> = {
    'freebsd-vnet-disable.json': /freebsd\.jail\.vnet must be one of the following/,
    'invalid-json.json': /./,
    'linux-hugepage.json': /pageSize Does not match pattern/,
    'linux-netdevice.json': /linux\.netDevices\.eth0\.name must be a string/,
    'linux-rdma.json': /hcaHandles must be an integer/,
    'missing-ociVersionMax.json': /ociVersionMax is required/,
  };
  const bad = rows.filter((r) => r.expected.startsWith('invalid'));
  for (const { file } of bad) {
    const reason = reasons[file.slice(file.lastIndexOf('/') + 1)];
    assert.ok(reason, `no reason listed for ${file}`);
    const errors = validate(file).diags.filter((d) => d.severity === 'error');
    assert.ok(
      errors.some((d) => reason.test(d.message)),
      `${file}: ${errors.map((d) => d.message).join(' | ')}`,
    );
  }
});
