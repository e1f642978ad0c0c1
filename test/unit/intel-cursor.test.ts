import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cursorAt, hoverTargetAt, intelInput, type CursorContext } from '../../server/src/core/intel';
import { defaultSettings } from '../../server/src/core/settings';
import type { FileKind } from '../../server/src/core/types';

/** The cursor context at the `|` in `src` (the bar is removed), with the parse's error count. */
function ctxAt(kind: FileKind, src: string): { ctx: CursorContext | undefined; errors: number; text: string } {
  const offset = src.indexOf('|');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  const input = intelInput(kind, text, defaultSettings());
  const errors = (input.yaml ?? input.json)!.syntaxDiagnostics.filter((d) => d.severity === 'error').length;
  return { ctx: cursorAt(input, offset), errors, text };
}

function brief(c: CursorContext | undefined) {
  return c && { type: c.type, path: c.path, prefix: c.prefix, existing: [...c.existing].sort(), ...(c.itemStart ? { itemStart: true } : {}) };
}

test('YAML: a blank indented line in a valid file is a key of the block the indentation puts it in', () => {
  const r = ctxAt('stack', 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n      |\n    ports:\n      - "80:80"\n');
  assert.equal(r.errors, 0);
  assert.deepEqual(brief(r.ctx), { type: 'key', path: ['services', 'web', 'deploy'], prefix: '', existing: ['replicas'] });
  const back = ctxAt('stack', 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n    |\n    ports:\n      - "80:80"\n');
  assert.deepEqual(brief(back.ctx), { type: 'key', path: ['services', 'web'], prefix: '', existing: ['deploy', 'image', 'ports'] });
});

test('YAML: a half-typed key in a file that no longer parses still gets its path from the lines above', () => {
  const r = ctxAt('stack', 'services:\n  web:\n    image: nginx\n    deploy:\n      mode: global\n      rep|\n      placement:\n        constraints: []\n');
  assert.ok(r.errors > 0, 'the half-typed key must make the YAML invalid for this test to mean anything');
  assert.deepEqual(brief(r.ctx), { type: 'key', path: ['services', 'web', 'deploy'], prefix: 'rep', existing: ['mode', 'placement'] });
  assert.equal(r.text.slice(r.ctx!.range.start, r.ctx!.range.end), 'rep');
});

test('YAML: with a syntax error above the cursor, the path comes from indentation alone', () => {
  const r = ctxAt('stack', 'version: "3.8"\nx-broken: [a, b\nservices:\n  api:\n    deploy:\n      restart_policy:\n        |\n');
  assert.ok(r.errors > 0);
  assert.deepEqual(brief(r.ctx), { type: 'key', path: ['services', 'api', 'deploy', 'restart_policy'], prefix: '', existing: [] });
});

test('YAML: the value after `key: ` (typed or not), with the range to replace', () => {
  const r = ctxAt('stack', 'services:\n  web:\n    deploy:\n      mode: repl|\n');
  assert.deepEqual(brief(r.ctx), { type: 'value', path: ['services', 'web', 'deploy', 'mode'], prefix: 'repl', existing: [] });
  assert.equal(r.text.slice(r.ctx!.range.start, r.ctx!.range.end), 'repl');
  const colon = ctxAt('stack', 'services:\n  web:\n    deploy:\n      mode:|\n');
  assert.equal(colon.ctx?.type, 'value');
  assert.equal(colon.ctx?.needsSpace, true);
});

test('YAML: sequence items, indented or not, counted; items of a one-line flow sequence', () => {
  const second = ctxAt('stack', 'services:\n  web:\n    networks:\n      - front\n      - |\n');
  assert.deepEqual(brief(second.ctx), { type: 'value', path: ['services', 'web', 'networks', 1], prefix: '', existing: [], itemStart: true });
  const flat = ctxAt('stack', 'services:\n  web:\n    networks:\n    - front\n    - back\n    - b|\n');
  assert.deepEqual(brief(flat.ctx)?.path, ['services', 'web', 'networks', 2]);
  assert.equal(flat.ctx?.prefix, 'b');
  const flow = ctxAt('stack', 'services:\n  web:\n    networks: [front, |]\n');
  assert.deepEqual(brief(flow.ctx), { type: 'value', path: ['services', 'web', 'networks', 1], prefix: '', existing: [] });
});

test('YAML: a key inside a mapping item lists the item’s other keys', () => {
  const r = ctxAt('stack', 'services:\n  web:\n    secrets:\n      - source: db\n        |\n      - other\n');
  assert.deepEqual(brief(r.ctx), { type: 'key', path: ['services', 'web', 'secrets', 0], prefix: '', existing: ['source'] });
  const v = ctxAt('stack', 'services:\n  web:\n    secrets:\n      - target: /run/x\n      - source: |\n');
  assert.deepEqual(brief(v.ctx)?.path, ['services', 'web', 'secrets', 1, 'source']);
});

test('YAML: nothing inside block scalars and comments', () => {
  assert.equal(ctxAt('stack', 'services:\n  web:\n    command: >-\n      echo |\n').ctx, undefined);
  assert.equal(ctxAt('stack', 'services:\n  web:\n    # dep|\n').ctx, undefined);
});

test('JSON: keys (quoted, half-typed, bare), values and array items, valid or not', () => {
  const key = ctxAt('daemon', '{\n  "debug": true,\n  "lo|"\n}');
  assert.deepEqual(brief(key.ctx), { type: 'key', path: [], prefix: '"lo', existing: ['debug'] });
  assert.equal(key.text.slice(key.ctx!.range.start, key.ctx!.range.end), '"lo"');
  const bare = ctxAt('daemon', '{ "debug": true, lo| }');
  assert.deepEqual(brief(bare.ctx), { type: 'key', path: [], prefix: 'lo', existing: ['debug'] });
  const value = ctxAt('daemon', '{\n  "log-level": "de|"\n}');
  assert.deepEqual(brief(value.ctx), { type: 'value', path: ['log-level'], prefix: '"de', existing: [] });
  const nested = ctxAt('oci-runtime', '{"ociVersion": "1.2.0", "hooks": {"poststop": [], |}}');
  assert.deepEqual(brief(nested.ctx), { type: 'key', path: ['hooks'], prefix: '', existing: ['poststop'] });
  const item = ctxAt('oci-hooks', '{"version": "1.0.0", "stages": ["prestart", |');
  assert.ok(item.errors > 0);
  assert.deepEqual(brief(item.ctx), { type: 'value', path: ['stages', 1], prefix: '', existing: [] });
});

test('hover targets: keys and values, through the AST or the lines of a broken file', () => {
  const at = (kind: FileKind, src: string) => {
    const offset = src.indexOf('|');
    const text = src.slice(0, offset) + src.slice(offset + 1);
    return hoverTargetAt(intelInput(kind, text, defaultSettings()), offset);
  };
  assert.deepEqual(at('stack', 'services:\n  web:\n    deploy:\n      mo|de: global\n'), {
    path: ['services', 'web', 'deploy', 'mode'],
    on: 'key',
    range: { start: 35, end: 39 },
  });
  assert.deepEqual(at('stack', 'services:\n  web:\n    deploy:\n      mode: glo|bal\n')?.valueText, 'global');
  const broken = at('stack', 'services:\n  web:\n    image: nginx\n    rest|art: always\n    oops\n');
  assert.deepEqual(broken?.path, ['services', 'web', 'restart']);
  assert.deepEqual(at('daemon', '{"log-le|vel": "debug"}')?.path, ['log-level']);
  assert.deepEqual(at('oci-hooks', '{"stages": ["prestart", "pos|tstop"]}'), {
    path: ['stages', 1],
    on: 'value',
    valueText: 'poststop',
    range: { start: 24, end: 34 },
  });
});
