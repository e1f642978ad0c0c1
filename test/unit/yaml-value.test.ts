import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { parseYaml, YAML_PARSE_OPTIONS } from '../../server/src/core/yaml/yamlDocument';
import { corpusTest } from '../support/shared';
import { CORPUS } from './helpers';

corpusTest('loaded values equal yaml’s own toJS on every corpus YAML file it can load', () => {
  const files: string[] = [];
  const walk = (d: string) =>
    readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : /\.ya?ml$/.test(n) && files.push(join(d, n))));
  walk(join(CORPUS, 'compose'));
  assert.ok(files.length > 500);
  let compared = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const ref = parseDocument(text, YAML_PARSE_OPTIONS);
    if (ref.errors.length) continue;
    let expected: unknown;
    try {
      expected = ref.toJS({ maxAliasCount: 10_000 });
    } catch {
      continue;
    }
    const ours = parseYaml(text);
    assert.deepEqual(ours.syntaxDiagnostics, [], f);
    assert.deepEqual(ours.value, expected, f);
    compared++;
  }
  assert.ok(compared > 500, `compared only ${compared}`);
});

test('merge keys: explicit keys win wherever they stand; earlier merge sources win over later ones', () => {
  const text = 'a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  x: 0\n  <<: [*a, *b]\n';
  assert.deepEqual((parseYaml(text).value as Record<string, unknown>).c, { x: 0, y: 1, z: 2 });
});

test('bad merge sources and unresolved or self-referencing aliases are syntax errors at the right place', () => {
  const bad = parseYaml('a: 1\nb:\n  <<: [1]\n');
  assert.equal(bad.syntaxDiagnostics[0]?.code, 'yaml-syntax');
  assert.match(bad.syntaxDiagnostics[0].message, /Merge sources must be maps/);
  const self = parseYaml('a: &a [1, *a]\n');
  assert.match(self.syntaxDiagnostics[0].message, /contains an alias to itself/);
  assert.equal(self.value, undefined);
});
