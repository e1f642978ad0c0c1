import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/core/navigation';
import { definitionAt, invalidNewName, prepareRenameAt, referencesAt, renameAt } from '../../server/src/core/navigation/navigate';
import type { NavInput } from '../../server/src/core/navigation/types';
import type { Position, Range } from '../../server/src/core/types';
import { parseYaml } from '../../server/src/core/yaml/yamlDocument';
import { check, memoryFs, REPO_ROOT, withCode } from './helpers';

const STACK = readFileSync(`${REPO_ROOT}test/fixtures/navigation/app-stack.yml`, 'utf8');
const FS = memoryFs({ '/work/test/db_password.txt': 'pw', '/work/test/nginx.conf': 'events {}' });

const nav = (text: string): NavInput => ({ kind: 'stack', yaml: parseYaml(text) });

/** Position of the `nth` occurrence of `needle` (plus `delta` characters) in `text`. */
function at(text: string, needle: string, nth = 0, delta = 0): Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" #${nth} not in text`);
  }
  const before = text.slice(0, i + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The text a range covers, with its 1-based line, e.g. `front@25`. */
const shown = (text: string, r: Range) =>
  `${text.split('\n')[r.start.line].slice(r.start.character, r.end.line === r.start.line ? r.end.character : undefined)}@${r.start.line + 1}`;

function renamed(text: string, pos: Position, newName: string): string {
  const r = renameAt(nav(text), pos, newName);
  if ('error' in r) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

test('definition: from a service `networks: [front]` to the top-level `networks: front:`', () => {
  const input = nav(STACK);
  const defs = definitionAt(input, at(STACK, 'networks: [front]', 0, 'networks: ['.length + 2));
  assert.deepEqual(
    defs.map((r) => shown(STACK, r)),
    ['front@67'],
  );
  assert.equal(STACK.split('\n')[65], 'networks:');
  // From the map form, from a long-syntax secret, from a short volume spec, from depends_on.
  assert.deepEqual(
    definitionAt(input, at(STACK, '      back:\n        aliases', 0, 6)).map((r) => shown(STACK, r)),
    ['back@69'],
  );
  assert.deepEqual(
    definitionAt(input, at(STACK, 'source: api_token', 0, 8)).map((r) => shown(STACK, r)),
    ['api_token@80'],
  );
  assert.deepEqual(
    definitionAt(input, at(STACK, '- uploads:/srv', 0, 4)).map((r) => shown(STACK, r)),
    ['uploads@74'],
  );
  assert.deepEqual(
    definitionAt(input, at(STACK, 'depends_on: [db]', 0, 13)).map((r) => shown(STACK, r)),
    ['db@51'],
  );
  // An alias goes to its anchor; a plain value goes nowhere.
  assert.deepEqual(
    definitionAt(input, at(STACK, '*default-logging', 1, 3)).map((r) => shown(STACK, r)),
    ['&default-logging@5'],
  );
  assert.deepEqual(definitionAt(input, at(STACK, 'nginx:1.27', 0, 2)), []);
});

test('references of a secret: short and long syntax, with and without the declaration', () => {
  const input = nav(STACK);
  const pos = at(STACK, '  db_password:\n', 0, 4);
  assert.deepEqual(
    referencesAt(input, pos, true).map((r) => shown(STACK, r)),
    ['db_password@42', 'db_password@60', 'db_password@78'],
  );
  assert.deepEqual(
    referencesAt(input, pos, false).map((r) => shown(STACK, r)),
    ['db_password@42', 'db_password@60'],
  );
  // Asked from a reference, the answer is the same.
  assert.deepEqual(
    referencesAt(input, at(STACK, '- db_password', 0, 5), true).map((r) => shown(STACK, r)),
    ['db_password@42', 'db_password@60', 'db_password@78'],
  );
});

test('rename of a network edits the definition and every reference, and nothing else', () => {
  const before = check(STACK, 'stack', { fs: FS });
  assert.deepEqual(withCode(before, 'stack-undefined-reference'), []);
  const out = renamed(STACK, at(STACK, '  back:\n    driver', 0, 3), 'backend');
  const want = STACK.split('\n');
  for (const [line, from, to] of [
    [38, '      back:', '      backend:'],
    [53, '      - back', '      - backend'],
    [68, '  back:', '  backend:'],
  ] as const) {
    assert.equal(want[line], from);
    want[line] = to;
  }
  assert.equal(out, want.join('\n'));
  const after = check(out, 'stack', { fs: FS });
  assert.deepEqual(withCode(after, 'stack-undefined-reference'), []);
  assert.deepEqual(
    after.map((d) => d.code),
    before.map((d) => d.code),
  );
});

test('rename of a volume changes only the name part of a short volume spec', () => {
  const out = renamed(STACK, at(STACK, '- uploads:/srv', 0, 3), 'media');
  assert.match(out, /\n {6}- media:\/srv\/uploads\n {6}- \.\/local:\/srv\/local:ro\n/);
  assert.match(out, /\nvolumes:\n {2}media:\n {2}pgdata:\n/);
  assert.equal(out.replace('media:/srv', 'uploads:/srv').replace('  media:\n', '  uploads:\n'), STACK);
  assert.deepEqual(withCode(check(out, 'stack', { fs: FS }), 'stack-undefined-reference'), []);
});

test('rename of a service follows depends_on (list and map form)', () => {
  const text =
    'services:\n  web:\n    image: a\n    depends_on: [db]\n  worker:\n    image: b\n    depends_on:\n      db:\n        condition: service_started\n  db:\n    image: c\n';
  const out = renamed(text, at(text, '  db:\n    image', 0, 2), 'database');
  assert.equal(out, text.replace('[db]', '[database]').replace('      db:\n', '      database:\n').replace('  db:\n    image: c', '  database:\n    image: c'));
});

test('anchor rename edits the anchor and every alias, merge keys included', () => {
  const out = renamed(STACK, at(STACK, '*default-logging', 2, 5), 'logs');
  assert.equal((out.match(/\*logs\b/g) ?? []).length, 3);
  assert.equal((out.match(/&logs\b/g) ?? []).length, 1);
  assert.ok(!out.includes('default-logging'));
  const merged = renamed(STACK, at(STACK, '<<: *deploy-defaults', 0, 6), 'dd');
  assert.match(merged, /x-deploy: &dd\n/);
  assert.match(merged, /<<: \*dd\n/);
  assert.match(merged, /deploy: \*dd\n/);
  assert.equal(merged.replace(/&dd\b/, '&deploy-defaults').replace(/\*dd\b/g, '*deploy-defaults'), STACK);
  // Anchors keep their own scope: a redefined anchor is a different symbol.
  const twice = 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n';
  assert.equal(renamed(twice, at(twice, '*x', 1, 1), 'y'), 'a: &x 1\nb: *x\nc: &y 2\nd: *y\n');
});

test('anchors are found in flow collections, on keys, after tags, and never in a comment', () => {
  const cases: [string, string, number, string][] = [
    ['m: {a: &x 1, b: *x}\nn: [*x, &y [1], *y]\n', '&x', 1, 'm: {a: &z 1, b: *z}\nn: [*z, &y [1], *y]\n'],
    ['&k key: v\nother: *k\n', '*k', 1, '&z key: v\nother: *z\n'],
    ['root: &r\n  # see &r\n  k: v\nz: *r\n', '*r', 1, 'root: &z\n  # see &r\n  k: v\nz: *z\n'],
    ['a: !!str &t v\nb: *t\n', '&t', 0, 'a: !!str &z v\nb: *z\n'],
  ];
  for (const [text, needle, delta, want] of cases) assert.equal(renamed(text, at(text, needle, 0, delta), 'z'), want, text);
});

test('prepareRename refuses plain values and keys that name nothing', () => {
  const input = nav(STACK);
  for (const [needle, delta] of [
    ['nginx:1.27', 2],
    ['image: postgres', 1],
    ['driver: overlay', 9],
    ['replicas: 2', 11],
    ['# Web shop', 3],
  ] as const) {
    const r = prepareRenameAt(input, at(STACK, needle, 0, delta));
    assert.ok('error' in r && r.reason === 'no-symbol', `${needle}: ${JSON.stringify(r)}`);
    assert.ok('error' in renameAt(input, at(STACK, needle, 0, delta), 'x'));
  }
  const ok = prepareRenameAt(input, at(STACK, '[front]', 0, 1));
  assert.ok(!('error' in ok));
  assert.equal(ok.placeholder, 'front');
  assert.equal(shown(STACK, ok.range), 'front@24');
});

test('new names are validated: docker names for resources, YAML-safe names for anchors, no clashes', () => {
  assert.match(invalidNewName('network', 'front end') ?? '', /not a valid network name/);
  assert.match(invalidNewName('service', 'a:b') ?? '', /not a valid service name/);
  assert.equal(invalidNewName('volume', 'my.vol_1-x'), undefined);
  assert.match(invalidNewName('anchor', 'a b') ?? '', /not a usable anchor name/);
  assert.match(invalidNewName('anchor', '-x') ?? '', /not a usable anchor name/);
  assert.match(invalidNewName('anchor', 'x,y') ?? '', /not a usable anchor name/);
  assert.equal(invalidNewName('anchor', 'base_1.v2-x'), undefined);
  const input = nav(STACK);
  const pos = at(STACK, '[front]', 0, 1);
  assert.match(JSON.stringify(renameAt(input, pos, 'front end')), /not a valid network name/);
  assert.match(JSON.stringify(renameAt(input, pos, 'back')), /already defined/);
  assert.deepEqual(renameAt(input, pos, 'front'), { edits: [] });
  // The default network is joined implicitly: never renamed to or from.
  assert.match(JSON.stringify(renameAt(input, pos, 'default')), /join the \\"default\\" network implicitly/);
  const text = 'services:\n  a:\n    image: a\n    networks: [default]\nnetworks:\n  default:\n    driver: overlay\n';
  const r = prepareRenameAt(nav(text), at(text, '[default]', 0, 1));
  assert.ok('error' in r && r.reason === 'unsafe', JSON.stringify(r));
});

test('a new name YAML would read as a number or boolean is quoted where it stands alone', () => {
  const out = renamed(STACK, at(STACK, '[front]', 0, 1), '1.5');
  assert.match(out, /networks: \["1\.5"\]/);
  assert.match(out, /\n {6}"1\.5":\n {6}back:/);
  assert.deepEqual(withCode(check(out, 'stack', { fs: FS }), 'stack-undefined-reference'), []);
  // Inside a short volume spec the name is part of a longer string: no quotes.
  const vol = renamed(STACK, at(STACK, '- uploads:/srv', 0, 3), 'true');
  assert.match(vol, /- true:\/srv\/uploads/);
  assert.match(vol, /\n {2}"true":\n {2}pgdata:/);
  assert.deepEqual(withCode(check(vol, 'stack', { fs: FS }), 'stack-undefined-reference'), []);
});

test('a name reached through an alias is one occurrence; rename edits the anchored node once', () => {
  const text = 'x-nets: &nets [front]\nservices:\n  a:\n    image: a\n    networks: *nets\n  b:\n    image: b\n    networks: *nets\nnetworks:\n  front:\n';
  const input = nav(text);
  assert.deepEqual(
    referencesAt(input, at(text, '  front:', 0, 2), true).map((r) => shown(text, r)),
    ['front@1', 'front@10'],
  );
  assert.equal(renamed(text, at(text, '  front:', 0, 2), 'edge'), text.replace('[front]', '[edge]').replace('  front:', '  edge:'));
});

test('a name written with escapes cannot be renamed safely: prepareRename says why', () => {
  const text = 'services:\n  a:\n    image: a\n    networks: ["\\x66ront"]\nnetworks:\n  front:\n';
  const r = prepareRenameAt(nav(text), at(text, '  front:', 0, 2));
  assert.ok('error' in r && r.reason === 'unsafe', JSON.stringify(r));
});

test('navigation keeps working while the file has a YAML error elsewhere', () => {
  const text = 'services:\n  a:\n    image: a\n    image: b\n    networks: [front]\nnetworks:\n  front:\n';
  assert.ok(parseYaml(text).syntaxDiagnostics.length > 0);
  assert.deepEqual(
    definitionAt(nav(text), at(text, '[front]', 0, 1)).map((r) => shown(text, r)),
    ['front@7'],
  );
});

test('compose files navigate like stack files; JSON kinds have no symbols to rename', () => {
  const text = 'services:\n  a:\n    image: a\n    secrets: [s]\nsecrets:\n  s:\n    file: ./s\n';
  assert.deepEqual(
    definitionAt({ kind: 'compose', yaml: parseYaml(text) }, at(text, '[s]', 0, 1)).map((r) => shown(text, r)),
    ['s@6'],
  );
  assert.deepEqual(definitionAt({ kind: 'daemon' }, { line: 0, character: 0 }), []);
});
