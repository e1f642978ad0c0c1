import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultSettings } from '../../server/src/core/settings';
import { validateText } from '../../server/src/core/validate';
import { IncrementalYamlParser } from '../../server/src/core/yaml/incrementalParser';
import { splitSegments } from '../../server/src/core/yaml/segments';
import { keyRange, parseYaml, valueRange, type YamlModel } from '../../server/src/core/yaml/yamlDocument';
import { corpusTest } from '../support/shared';
import { CORPUS } from './helpers';

function bigStack(n: number): string {
  const head = '# generated\nversion: "3.8"\nx-logging: &logging\n  driver: json-file\n  options: {max-size: 10m}\n\nservices:\n';
  const svcs = Array.from(
    { length: n },
    (_, i) => `  svc${i}:\n    image: nginx:1.${i}\n    logging: *logging\n    deploy:\n      replicas: ${i % 5}\n      labels: [a=b]\n    # comment ${i}\n`,
  ).join('');
  return head + svcs + 'networks:\n  front: {}\nsecrets:\n  s: {file: ./s.txt}\n';
}

/** Every map/list path of a loaded value (bounded), to compare ranges of both models. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 400) return out;
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function assertSameModel(inc: YamlModel, full: YamlModel, what: string): void {
  assert.deepEqual(inc.syntaxDiagnostics, full.syntaxDiagnostics, `${what}: syntax diagnostics`);
  assert.deepEqual(inc.value, full.value, `${what}: loaded value`);
  for (const p of paths(full.value)) {
    assert.deepEqual(keyRange(inc, p), keyRange(full, p), `${what}: key range of ${p.join('.')}`);
    assert.deepEqual(valueRange(inc, p), valueRange(full, p), `${what}: value range of ${p.join('.')}`);
  }
}

test('segments: one per top-level key and one per service; odd shapes are refused', () => {
  const s = splitSegments(bigStack(3))!;
  assert.deepEqual(
    s.map((x) => x.kind),
    ['top', 'top', 'services-header', 'service', 'service', 'service', 'top', 'top'],
  );
  assert.equal(splitSegments('a: 1\n---\nb: 2\n'), undefined);
  assert.equal(splitSegments('services:\n  - a\n'), undefined);
  assert.equal(splitSegments('[1, 2]\n'), undefined);
});

test('incremental parse equals a full parse on a large stack, through a sequence of edits', () => {
  let text = bigStack(120);
  const parser = new IncrementalYamlParser();
  assertSameModel(parser.parse(text), parseYaml(text), 'initial');
  const edits: [RegExp, string][] = [
    [/replicas: 3/, 'replicas: 33'],
    [/image: nginx:1\.7\n/, 'image: nginx:1.7\n    environment: {A: "1"}\n'],
    [/  svc50:\n/, '  svc50x:\n'],
    [/x-logging: &logging\n  driver: json-file/, 'x-logging: &logging\n  driver: local'],
    [/networks:\n  front: \{\}\n/, ''],
    [/  svc9:\n    image: nginx:1.9\n/, '  svc9:\n    image: [unclosed\n'],
    [/image: \[unclosed\n/, 'image: fixed\n'],
    [/  svc10:\n/, '  svc11:\n'],
  ];
  for (const [re, rep] of edits) {
    assert.ok(re.test(text), `edit ${re} applies`);
    text = text.replace(re, rep);
    assertSameModel(parser.parse(text), parseYaml(text), `after ${re}`);
  }
});

corpusTest('validation through the incremental model gives the same diagnostics as a full parse (corpus)', () => {
  const dir = join(CORPUS, 'compose');
  assert.ok(existsSync(dir), `corpus missing at ${dir}`);
  const files: string[] = [];
  const walk = (d: string) =>
    readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : /\.ya?ml$/.test(n) && files.push(join(d, n))));
  walk(dir);
  const settings = defaultSettings();
  let incremental = 0;
  for (const f of files) {
    // Repeat small files so they cross the incremental threshold.
    const base = readFileSync(f, 'utf8');
    const text = base.length < 8000 && !base.includes('\n---') ? base + '\n'.repeat(1) + '#'.repeat(8000) + '\n' : base;
    const parser = new IncrementalYamlParser();
    const inc = parser.parse(text);
    if (inc.doc && splitSegments(text)) incremental++;
    const a = validateText({ text, kind: 'stack', filePath: f, settings, model: inc })!.diagnostics;
    const b = validateText({ text, kind: 'stack', filePath: f, settings, model: parseYaml(text) })!.diagnostics;
    assert.deepEqual(a, b, f);
  }
  assert.ok(incremental > 300, `only ${incremental} files took the incremental path`);
});
