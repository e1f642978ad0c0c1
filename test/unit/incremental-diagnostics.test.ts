import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultSettings } from '../../server/src/core/settings';
import type { Diagnostic } from '../../server/src/core/types';
import { validateText } from '../../server/src/core/validate';
import { DocumentState } from '../../server/src/lsp/documentState';
import { rng } from './helpers';

// An edit re-checks only what it changed (per-service results kept between versions, incremental parsing):
// after every step of random edit sequences the editor's diagnostics must equal a fresh full validation.

const URI = 'file:///tmp/incremental-diagnostics/stack.yml';
const FILE = '/tmp/incremental-diagnostics/stack.yml';

const DURATIONS = ['10s', '1m30s', 'bad', '-5s', '500us', '0'];
const IMAGES = ['nginx:1.25', 'nginx:latest', 'Bad Image', '', 'redis@sha256:' + 'a'.repeat(64)];
const NETS = ['front', 'back', 'missing'];
const SECRETS = ['db_pw', 'api_key', 'nope'];

/** One service's text, varied so that most per-service and cross-service rules have something to say. */
function serviceText(name: string, r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const lines = [`  ${name}:`];
  if (r() < 0.3) lines.push('    <<: *defaults');
  const image = pick(IMAGES);
  if (image !== '' || r() < 0.5) lines.push(`    image: ${image === '' ? '""' : JSON.stringify(image)}`);
  if (r() < 0.4) lines.push(`    ports:\n      - "${8000 + Math.floor(r() * 6)}:80"`);
  lines.push(`    networks: [${pick(NETS)}]`);
  if (r() < 0.5) lines.push(`    secrets: [${pick(SECRETS)}]`);
  if (r() < 0.4) lines.push(`    healthcheck:\n      test: ["CMD", "true"]\n      interval: ${pick(DURATIONS)}`);
  if (r() < 0.2) lines.push('    logging: *logging');
  lines.push('    deploy:');
  lines.push(`      replicas: ${Math.floor(r() * 4) - (r() < 0.1 ? 5 : 0)}`);
  if (r() < 0.4) lines.push(`      update_config:\n        delay: ${pick(DURATIONS)}\n        failure_action: ${pick(['rollback', 'pause', 'explode'])}`);
  if (r() < 0.3)
    lines.push(`      placement:\n        constraints: ["${pick(['node.role == manager', 'node.rol == worker', 'engine.labels.x != 1', 'garbage'])}"]`);
  if (r() < 0.3) lines.push(`      resources:\n        limits: {memory: ${pick(['64M', '1x', '512m'])}, cpus: "${pick(['0.5', 'two', '1'])}"}`);
  if (r() < 0.2) lines.push(`    ulimits:\n      nofile: {soft: ${pick([100, 2000])}, hard: 1000}`);
  if (r() < 0.2) lines.push(`    environment:\n      A: "\${${pick(['HOME_X', 'X:?required', 'Y'])}}"`);
  if (r() < 0.15) lines.push(`    volumes:\n      - ${pick(['data:/data', 'undefined_vol:/x', '/host:/c:rw', ':bad'])}`);
  if (r() < 0.1) lines.push('    unknown_key: 1');
  // Reads the top-level configs section (its `name:`) from inside the service.
  if (r() < 0.2) lines.push('    credential_spec: {config: unused_cfg}');
  return lines.join('\n') + '\n';
}

/** What services merge from `x-defaults`: some are wrong, reported at the anchor's lines (outside the services). */
const ANCHOR_BODIES = [
  '  stop_grace_period: 10s',
  '  stop_grace_period: bad',
  '  ulimits:\n    nofile: {soft: 2000, hard: 1000}',
  '  ulimits:\n    nofile: 10',
];

function topText(r: () => number): string {
  const head = [
    '# swarm-pilot: stack shop',
    'version: "3.8"',
    'x-defaults: &defaults',
    ANCHOR_BODIES[Math.floor(r() * ANCHOR_BODIES.length)],
    'x-logging: &logging',
    '  driver: json-file',
    '',
  ];
  return head.join('\n') + '\n';
}

const TAIL =
  'networks:\n  front: {}\n  back:\n    driver: overlay\n  spare: {}\nvolumes:\n  data: {}\nsecrets:\n  db_pw: {file: ./pw.txt}\n  api_key: {external: true}\nconfigs:\n  unused_cfg: {file: ./c.txt}\n';

function initialText(r: () => number, n: number): string {
  let s = topText(r) + 'services:\n';
  for (let i = 0; i < n; i++) s += serviceText(`svc${i}`, r);
  return s + TAIL;
}

/** Start offsets of every `  name:` service line. */
function serviceStarts(text: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  const re = /^ {2}([A-Za-z0-9_]+):\n/gm;
  const services = text.indexOf('\nservices:\n');
  const tail = text.indexOf('\nnetworks:\n');
  if (services < 0 || tail < 0) return out;
  re.lastIndex = services;
  for (let m = re.exec(text); m && m.index < tail; m = re.exec(text)) out.push({ name: m[1], start: m.index, end: 0 });
  out.forEach((s, i) => (s.end = i + 1 < out.length ? out[i + 1].start : tail + 1));
  return out;
}

type Edit = (text: string, r: () => number) => string;

const replaceAt = (text: string, start: number, end: number, by: string) => text.slice(0, start) + by + text.slice(end);

const EDITS: Record<string, Edit> = {
  'rewrite one service': (t, r) => {
    const s = serviceStarts(t);
    if (!s.length) return t;
    const x = s[Math.floor(r() * s.length)];
    return replaceAt(t, x.start, x.end, serviceText(x.name, r));
  },
  'type inside a value': (t, r) => {
    const m = [...t.matchAll(/replicas: -?\d+|delay: \S+|interval: \S+|image: \S+/g)];
    if (!m.length) return t;
    const x = m[Math.floor(r() * m.length)];
    const at = (x.index ?? 0) + x[0].length;
    return replaceAt(t, at, at, r() < 0.5 ? '0' : 's');
  },
  'add a service': (t, r) => {
    const s = serviceStarts(t);
    const at = s.length ? s[Math.floor(r() * s.length)].end : t.indexOf('services:\n') + 'services:\n'.length;
    return replaceAt(t, at, at, serviceText(`new${Math.floor(r() * 1e6)}`, r));
  },
  'remove a service': (t, r) => {
    const s = serviceStarts(t);
    if (s.length < 2) return t;
    const x = s[Math.floor(r() * s.length)];
    return replaceAt(t, x.start, x.end, '');
  },
  'add a line above everything': (t) => replaceAt(t, 0, 0, '# a comment\n'),
  'edit top-level sections': (t, r) => {
    const variants = [
      ['  spare: {}\n', ''],
      ['  front: {}\n', '  front: {}\n  missing: {}\n'],
      ['  db_pw: {file: ./pw.txt}\n', '  db_pw: {file: ./pw.txt}\n  nope: {external: true}\n'],
      ['  data: {}\n', '  data: {driver: local}\n  undefined_vol: {}\n'],
      ['  unused_cfg: {file: ./c.txt}\n', '  unused_cfg: {external: true, file: ./c.txt}\n'],
      ['  unused_cfg: {file: ./c.txt}\n', '  unused_cfg: {file: ./c.txt, name: other_cfg}\n'],
    ];
    const [from, to] = variants[Math.floor(r() * variants.length)];
    return r() < 0.5 ? t.replace(from, to) : t.replace(to, from);
  },
  'edit the anchors': (t, r) =>
    t.replace(
      /(x-defaults: &defaults\n)([\s\S]*?)(x-logging)/,
      (_, a: string, _b: string, c: string) => `${a}${ANCHOR_BODIES[Math.floor(r() * ANCHOR_BODIES.length)]}\n${c}`,
    ),
  'change the stack name': (t, r) =>
    t.replace(/stack \w+/, `stack ${r() < 0.5 ? 'shop' : 'a-very-long-stack-name-that-makes-service-names-long-' + 'x'.repeat(20)}`),
  'toggle a suppression comment': (t) =>
    t.includes('# swarm-pilot-disable stack-duration\n')
      ? t.replace('# swarm-pilot-disable stack-duration\n', '')
      : '# swarm-pilot-disable stack-duration\n' + t,
  'suppress a rule inside a service': (t, r) => {
    const s = serviceStarts(t);
    if (!s.length) return t;
    const x = s[Math.floor(r() * s.length)];
    return replaceAt(t, x.end - 1, x.end - 1, '\n    # swarm-pilot-disable stack-image, stack-no-healthcheck');
  },
  'remove the suppressions inside services': (t) => t.replace(/\n {4}# swarm-pilot-disable stack-image, stack-no-healthcheck/g, ''),
  'break the YAML': (t, r) => {
    const s = serviceStarts(t);
    if (!s.length) return t;
    const x = s[Math.floor(r() * s.length)];
    return replaceAt(t, x.end - 1, x.end - 1, '\n    bad: [unclosed');
  },
  'repair the YAML': (t) => t.replace(/\n {4}bad: \[unclosed/g, ''),
};

function full(text: string): Diagnostic[] {
  return validateText({ text, filePath: FILE, kind: 'stack', settings: defaultSettings({ env: { HOME_X: '/root' } }) })?.diagnostics ?? [];
}

const describe = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`;

for (const seed of [1, 2, 3, 4]) {
  test(`incremental diagnostics equal a full validation after every random edit (seed ${seed})`, () => {
    const r = rng(seed);
    let text = initialText(r, 70);
    assert.ok(text.length > 8_000, 'large enough for incremental parsing');
    const state = new DocumentState(defaultSettings({ env: { HOME_X: '/root' } }));
    state.forceKind(URI, 'stack');
    const names = Object.keys(EDITS);
    let version = 1;
    let differing = 0;
    for (let step = 0; step < 40; step++) {
      const edit = step === 0 ? undefined : names[Math.floor(r() * names.length)];
      if (edit) text = EDITS[edit](text, r);
      const doc = TextDocument.create(URI, 'yaml', version++, text);
      const got = state.validate(doc)?.diagnostics ?? [];
      const want = full(text);
      assert.deepEqual(got.map(describe), want.map(describe), `seed ${seed} step ${step} (${edit ?? 'open'})`);
      assert.deepEqual(got, want, `seed ${seed} step ${step} (${edit ?? 'open'}): same diagnostics, tags and data`);
      if (want.length) differing++;
    }
    // The generator must exercise the rules, not compare empty lists.
    assert.ok(differing > 30, `most steps have diagnostics (${differing})`);
  });
}

test('an edit in one service keeps the diagnostic objects of the untouched services', () => {
  const r = rng(7);
  const text = initialText(r, 70);
  const state = new DocumentState(defaultSettings({ env: { HOME_X: '/root' } }));
  state.forceKind(URI, 'stack');
  const before = state.validate(TextDocument.create(URI, 'yaml', 1, text))?.diagnostics ?? [];
  // Same line count: only svc40's own text changes.
  const at = text.indexOf('  svc40:\n');
  const edited = text.slice(0, at) + text.slice(at).replace(/replicas: (-?\d+)/, 'replicas: 9$1');
  const after = state.validate(TextDocument.create(URI, 'yaml', 2, edited))?.diagnostics ?? [];
  assert.deepEqual(after, full(edited));
  const reused = after.filter((d) => before.includes(d));
  assert.ok(reused.length > 20, `diagnostics of untouched services are the same objects (${reused.length} of ${after.length})`);
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  const [from, to] = [lineOf(at), lineOf(text.indexOf('  svc41:\n'))];
  assert.ok(
    reused.every((d) => d.range.start.line < from || d.range.start.line >= to),
    'none of them is from the edited service',
  );
});
