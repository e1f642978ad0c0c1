import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseJson } from '../../server/src/core/json/jsonDocument';
import { documentSymbols, OUTLINE_BUDGET } from '../../server/src/core/navigation/outline';
import { SymbolKind, type OutlineSymbol } from '../../server/src/core/navigation/types';
import type { Range } from '../../server/src/core/types';
import { parseYaml } from '../../server/src/core/yaml/yamlDocument';
import { REPO_ROOT } from './helpers';

const STACK = readFileSync(`${REPO_ROOT}test/fixtures/navigation/app-stack.yml`, 'utf8');
const K = SymbolKind;

/** `name/kind` per symbol, children nested in arrays after their parent. */
const shape = (syms: OutlineSymbol[] | undefined): unknown[] =>
  (syms ?? []).flatMap((s) => (s.children ? [`${s.name}/${s.kind}`, shape(s.children)] : [`${s.name}/${s.kind}`]));
const child = (syms: OutlineSymbol[] | undefined, ...names: string[]): OutlineSymbol => {
  let s: OutlineSymbol | undefined;
  for (const n of names) s = (s ? s.children : syms)?.find((x) => x.name === n);
  if (!s) throw new Error(`no symbol ${names.join(' > ')}`);
  return s;
};
const span = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const contains = (outer: Range, inner: Range) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
  (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));

test('stack outline: sections, services with their keys, resources and x- extensions, with symbol kinds', () => {
  const syms = documentSymbols({ kind: 'stack', yaml: parseYaml(STACK) });
  assert.deepEqual(
    syms.map((s) => `${s.name}/${s.kind}`),
    [
      `version/${K.Property}`,
      `x-logging/${K.Namespace}`,
      `x-deploy/${K.Namespace}`,
      `services/${K.Module}`,
      `networks/${K.Module}`,
      `volumes/${K.Module}`,
      `secrets/${K.Module}`,
      `configs/${K.Module}`,
    ],
  );
  assert.deepEqual(
    shape(child(syms, 'services').children).filter((x) => typeof x === 'string'),
    [`proxy/${K.Class}`, `api/${K.Class}`, `db/${K.Class}`],
  );
  assert.deepEqual(shape(child(syms, 'networks').children), [
    `front/${K.Struct}`,
    [`driver/${K.Property}`],
    `back/${K.Struct}`,
    [`driver/${K.Property}`, `internal/${K.Property}`],
  ]);
  assert.deepEqual(shape(child(syms, 'volumes').children), [`uploads/${K.Struct}`, `pgdata/${K.Struct}`]);
  assert.deepEqual(
    shape(child(syms, 'secrets').children).filter((x) => typeof x === 'string'),
    [`db_password/${K.Key}`, `api_token/${K.Key}`],
  );
  assert.deepEqual(
    shape(child(syms, 'configs').children).filter((x) => typeof x === 'string'),
    [`nginx_conf/${K.Variable}`],
  );
  assert.equal(child(syms, 'x-logging').detail, '&default-logging');

  const proxy = child(syms, 'services', 'proxy');
  assert.deepEqual(shape(proxy.children), [
    `image/${K.Property}`,
    `ports/${K.Array}`,
    [`80:80/${K.String}`, `target: 443/${K.Object}`, [`target/${K.Property}`, `published/${K.Property}`]],
    `networks/${K.Array}`,
    [`front/${K.String}`],
    `configs/${K.Array}`,
    [`source: nginx_conf/${K.Object}`, [`source/${K.Property}`, `target/${K.Property}`]],
    `logging/${K.Property}`,
    `deploy/${K.Object}`,
    [`<</${K.Property}`, `replicas/${K.Property}`, `placement/${K.Object}`, [`constraints/${K.Array}`, [`node.role == worker/${K.String}`]]],
  ]);
  assert.equal(child(proxy.children, 'image').detail, 'nginx:1.27');
  assert.equal(child(proxy.children, 'ports').detail, '2 items');
  assert.equal(child(proxy.children, 'logging').detail, '*default-logging');
  // The service spans from its key to its last value line; the key is what gets selected.
  assert.equal(span(proxy.range), '17:2-33:31');
  assert.equal(span(proxy.selectionRange), '17:2-17:7');
  assert.equal(span(child(syms, 'services').range), '16:0-63:29');
  assert.equal(span(child(syms, 'services', 'api', 'networks', 'back').range), '38:6-39:31');
});

test('stack outline: every range lies in the document, selection inside range, keys select their own text', () => {
  const lines = STACK.split('\n');
  const syms = documentSymbols({ kind: 'stack', yaml: parseYaml(STACK) });
  let count = 0;
  const visit = (list: OutlineSymbol[] | undefined, parent?: OutlineSymbol) => {
    for (const s of list ?? []) {
      count++;
      assert.ok(contains(s.range, s.selectionRange), `${s.name}: selection outside range`);
      if (parent) assert.ok(contains(parent.range, s.range), `${s.name}: outside ${parent.name}`);
      assert.ok(s.range.end.line < lines.length && s.range.end.character <= lines[s.range.end.line].length, `${s.name}: past the end`);
      const sel = lines[s.selectionRange.start.line].slice(s.selectionRange.start.character, s.selectionRange.end.character).replace(/^"(.*)"$/, '$1');
      if (s.kind !== K.String) assert.ok(sel === s.name || s.name.startsWith(`${sel.split(':')[0]}:`), `${s.name}: selects "${sel}"`);
      else assert.equal(sel, s.name);
      visit(s.children, s);
    }
  };
  visit(syms);
  assert.equal(count, 84);
});

test('a huge outline keeps services and resources but drops deep levels (budget)', () => {
  const svc = (i: number) => `  s${i}:\n    image: img:${i}\n    deploy:\n      replicas: 1\n      labels: {a: b}\n    networks: [n]\n`;
  const count = Math.ceil(OUTLINE_BUDGET / 3);
  const text = `services:\n${Array.from({ length: count }, (_, i) => svc(i)).join('')}networks:\n  n:\n`;
  const syms = documentSymbols({ kind: 'stack', yaml: parseYaml(text) });
  const services = child(syms, 'services').children ?? [];
  assert.equal(services.length, count);
  assert.equal(services[count - 1].name, `s${count - 1}`);
  assert.ok(services.every((s) => s.children === undefined || s.children.every((c) => c.children === undefined)));
  assert.deepEqual(shape(child(syms, 'networks').children), [`n/${K.Struct}`]);
  // A small file keeps every level.
  const small = documentSymbols({ kind: 'stack', yaml: parseYaml(`services:\n${svc(0)}`) });
  assert.deepEqual(shape(small), [
    `services/${K.Module}`,
    [
      `s0/${K.Class}`,
      [
        `image/${K.Property}`,
        `deploy/${K.Object}`,
        [`replicas/${K.Property}`, `labels/${K.Object}`, [`a/${K.Property}`]],
        `networks/${K.Array}`,
        [`n/${K.String}`],
      ],
    ],
  ]);
});

test('daemon.json outline: top-level keys, runtimes with their settings', () => {
  const text =
    '{\n  "debug": true,\n  "runtimes": {\n    "crun": {\n      "path": "/usr/bin/crun",\n      "runtimeArgs": ["--debug"]\n    }\n  },\n  "log-opts": { "max-size": "10m" }\n}\n';
  const syms = documentSymbols({ kind: 'daemon', json: parseJson(text) });
  assert.deepEqual(shape(syms), [
    `debug/${K.Property}`,
    `runtimes/${K.Module}`,
    [`crun/${K.Class}`, [`path/${K.Property}`, `runtimeArgs/${K.Array}`, [`--debug/${K.String}`]]],
    `log-opts/${K.Object}`,
    [`max-size/${K.Property}`],
  ]);
  assert.equal(span(child(syms, 'runtimes', 'crun').range), '3:4-6:5');
  assert.equal(span(child(syms, 'runtimes', 'crun').selectionRange), '3:4-3:10');
  assert.equal(child(syms, 'runtimes', 'crun', 'path').detail, '/usr/bin/crun');
});

test('OCI config.json outline: hooks by stage, each hook named by its path', () => {
  const text =
    '{\n  "ociVersion": "1.2.0",\n  "hooks": {\n    "prestart": [\n      {"path": "/usr/bin/fix-mounts", "args": ["fix-mounts"]}\n    ],\n    "poststop": [{"path": "/usr/sbin/cleanup.sh", "timeout": 5}]\n  }\n}\n';
  const hooks = child(documentSymbols({ kind: 'oci-runtime', json: parseJson(text) }), 'hooks');
  assert.equal(hooks.kind, K.Module);
  assert.deepEqual(
    shape(hooks.children).filter((x) => typeof x === 'string'),
    [`prestart/${K.Event}`, `poststop/${K.Event}`],
  );
  assert.deepEqual(shape(child(hooks.children, 'prestart').children), [
    `/usr/bin/fix-mounts/${K.Class}`,
    [`path/${K.Property}`, `args/${K.Array}`, [`fix-mounts/${K.String}`]],
  ]);
  assert.equal(child(hooks.children, 'poststop', '/usr/sbin/cleanup.sh').children?.length, 2);
});

test('hooks.d outline: hook, when and stages', () => {
  const text = '{\n  "version": "1.0.0",\n  "hook": {"path": "/usr/bin/nvidia-hook"},\n  "when": {"always": true},\n  "stages": ["prestart", "poststop"]\n}\n';
  assert.deepEqual(shape(documentSymbols({ kind: 'oci-hooks', json: parseJson(text) })), [
    `version/${K.Property}`,
    `hook/${K.Class}`,
    [`path/${K.Property}`],
    `when/${K.Object}`,
    [`always/${K.Property}`],
    `stages/${K.Event}`,
    [`prestart/${K.Event}`, `poststop/${K.Event}`],
  ]);
});

test('documents without a mapping at the top have an empty outline', () => {
  assert.deepEqual(documentSymbols({ kind: 'stack', yaml: parseYaml('- a\n- b\n') }), []);
  assert.deepEqual(documentSymbols({ kind: 'stack', yaml: parseYaml('') }), []);
  assert.deepEqual(documentSymbols({ kind: 'daemon', json: parseJson('[1, 2]') }), []);
  assert.deepEqual(
    documentSymbols({ kind: 'daemon', json: parseJson('{"a": ') }).map((s) => s.name),
    ['a'],
  );
});
