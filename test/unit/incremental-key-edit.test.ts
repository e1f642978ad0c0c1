import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMap, isPair, type Node } from 'yaml';
import { IncrementalYamlParser } from '../../server/src/core/yaml/incrementalParser';
import { parseYaml, walkNodes, type YamlModel } from '../../server/src/core/yaml/yamlDocument';
import { rng } from './helpers';

// An edit inside one key of a service re-parses only that key's lines (editedServiceKey.ts). After every random
// edit the model must be the one a fresh incremental parser builds (every service parsed whole), node for node and
// range for range, load the same value as a full parse, and the untouched keys must keep their nodes. (Segments
// parsed apart and a full parse may end a map with a trailing comment differently: incremental-parse.test.ts.)

/** Services of varied shapes: nested maps, compact and indented lists, block and multi-line scalars, comments. */
function service(i: number): string {
  const shapes = [
    `    image: nginx:1.${i}\n    environment:\n      A: "1"\n      B: two\n    deploy:\n      replicas: ${i % 4}\n      labels: [a=b]\n`,
    `    image: "redis:7"\n    ports:\n    - "80${i % 10}:80"\n    - target: 9${i % 10}\n      published: 1${i % 10}\n    # a comment\n    command: |\n      run --flag\n      again\n    healthcheck:\n      test: ["CMD", "true"]\n\n      interval: 10s\n`,
    `    <<: *defaults\n    image: alpine\n    environment: {X: "1", Y: "2"}\n    labels:\n      one: 'single\n        quoted'\n      two: plain text\n        continued\n    deploy:\n      resources:\n        limits: {memory: 64M}\n`,
    `    image: &img busybox:1\n    command: ["sh", "-c",\n      "sleep 1"]\n    environment:\n      - A=1 # trailing comment\n      - B=\${B:-2}\n    logging:\n      options: {max-size: 1m}\n    labels: {x: *img}\n\n`,
  ];
  return `  svc${i}:\n${shapes[i % shapes.length]}`;
}

function stack(n: number): string {
  let s = '# generated\nversion: "3.8"\nx-defaults: &defaults\n  stop_grace_period: 10s\n\nservices:\n';
  for (let i = 0; i < n; i++) s += service(i);
  return s + 'networks:\n  front: {}\n';
}

/** Every node's kind and range, in document order: two equal lists mean the same tree at the same offsets. */
function shape(model: YamlModel): string[] {
  const out: string[] = [];
  walkNodes(model.doc?.contents, (n: Node) => out.push(`${(n as { constructor: { name: string } }).constructor.name} ${n.range?.join(',')}`));
  return out;
}

/** The key nodes of one service, by name. */
function keysOf(model: YamlModel, name: string): unknown[] {
  const root = model.doc?.contents;
  if (!isMap(root)) return [];
  const services = root.items.find((p) => isPair(p) && (p.key as { value?: unknown })?.value === 'services')?.value;
  if (!isMap(services)) return [];
  const svc = services.items.find((p) => (p.key as { value?: unknown })?.value === name)?.value;
  return isMap(svc) ? svc.items.map((p) => p.key) : [];
}

const INSERTS = ['0', 'a', ' ', ':', '\n', '#', '-', '"', '{', '}', '\n      K: v', '\n    k2: v', '  ', 'x: y'];

/** One random edit inside the service `name`: mostly typing in a value, sometimes anything anywhere in it. */
function editInside(text: string, name: string, r: () => number): string | undefined {
  const at = text.indexOf(`  ${name}:\n`);
  if (at < 0) return undefined;
  const next = text.indexOf('\n  svc', at + 1);
  const end = next < 0 ? text.indexOf('\nnetworks:') : next;
  const lo = at + name.length + 4;
  if (end <= lo) return undefined;
  let pos = lo + Math.floor(r() * (end - lo));
  if (r() < 0.6) {
    // Typing in a value: just after a `key: ` on some line of the service.
    const values: number[] = [];
    for (let i = text.indexOf(': ', lo); i >= 0 && i < end; i = text.indexOf(': ', i + 1)) values.push(i + 2);
    if (!values.length) return undefined;
    pos = values[Math.floor(r() * values.length)] + Math.floor(r() * 2);
    return r() < 0.7 ? text.slice(0, pos) + 'z9'.slice(0, 1 + Math.floor(r() * 2)) + text.slice(pos) : text.slice(0, pos) + text.slice(pos + 1);
  }
  return r() < 0.6
    ? text.slice(0, pos) + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(pos)
    : text.slice(0, pos) + text.slice(pos + 1 + Math.floor(r() * 3));
}

for (const seed of [1, 2, 3]) {
  test(`an edit inside a service key re-parses that key and equals a full parse (seed ${seed})`, () => {
    const r = rng(seed);
    let text = stack(80);
    const parser = new IncrementalYamlParser();
    let prev = parser.parse(text);
    let kept = 0;
    let broken = 0;
    for (let step = 0; step < 300; step++) {
      const name = `svc${Math.floor(r() * 80)}`;
      const edited = editInside(text, name, r);
      if (edited === undefined) continue;
      const before = keysOf(prev, name);
      const inc = parser.parse(edited);
      const full = parseYaml(edited);
      const what = `seed ${seed} step ${step}`;
      assert.deepEqual(inc.syntaxDiagnostics, full.syntaxDiagnostics, `${what}: syntax diagnostics`);
      assert.deepEqual(inc.value, full.value, `${what}: loaded value`);
      assert.deepEqual(shape(inc), shape(new IncrementalYamlParser().parse(edited)), `${what}: every node and range`);
      if (full.syntaxDiagnostics.length) {
        // Undo an edit that broke the file, so that later edits land in valid YAML again.
        broken++;
        prev = parser.parse(text);
        continue;
      }
      // The first key's node survives an edit further down the service only on the one-key path.
      const after = keysOf(inc, name);
      if (before.length > 1 && after[0] === before[0]) kept++;
      text = edited;
      prev = inc;
    }
    // The generator must exercise the one-key path (and some broken edits), not only whole-service parses.
    assert.ok(kept > 30, `the one-key path ran ${kept} times`);
    assert.ok(broken > 10, `${broken} edits broke the file`);
  });
}
