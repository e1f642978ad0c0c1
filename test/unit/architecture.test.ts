// The zone table of README "Development → Layout", enforced: which folder may import which, through which entry
// files, no `vscode` in the Node-only zones, no cycle between files; and what the extension bundle really contains.
// The import graph is read with a regex over import/export/require statements (typescript 7 has no compiler API).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { REPO_ROOT } from './helpers';

type Zone = 'core' | 'protocol' | 'lsp' | 'engine' | 'deploy' | 'swarm' | 'fleet' | 'cli' | 'ext';

const ZONES: [Zone, RegExp][] = [
  ['core', /^server\/src\/core\//],
  ['protocol', /^server\/src\/protocol\.ts$/],
  ['lsp', /^server\/src\/lsp\//],
  ['engine', /^client\/src\/engine\//],
  ['deploy', /^client\/src\/deploy\//],
  ['swarm', /^client\/src\/swarm\//],
  ['fleet', /^client\/src\/fleet\//],
  ['cli', /^client\/src\/cli\//],
  ['ext', /^client\/src\//],
];

/** Which zones each zone may import (besides itself). */
const MAY_IMPORT: Record<Zone, readonly Zone[]> = {
  core: [],
  protocol: ['core'],
  lsp: ['core', 'protocol'],
  engine: [],
  deploy: ['engine', 'core'],
  swarm: ['engine', 'deploy'],
  fleet: ['engine', 'deploy'],
  cli: ['core', 'engine', 'deploy', 'swarm', 'fleet'],
  ext: ['engine', 'deploy', 'swarm', 'fleet', 'protocol'],
};

const CORE_ENTRIES = /^server\/src\/core\/((intel|fixes|navigation|stackModel)\/)?index\.ts$/;
/** A zone is entered from another one only through these files. */
const ENTRIES: Partial<Record<Zone, RegExp>> = {
  core: CORE_ENTRIES,
  engine: /^client\/src\/engine\/index\.ts$/,
  deploy: /^client\/src\/deploy\/index\.ts$/,
  swarm: /^client\/src\/swarm\/index\.ts$/,
  fleet: /^client\/src\/fleet\/index\.ts$/,
};
/** Narrower entries for one importer: the deploy engine reads stack files through stackModel only. */
const ENTRY_FOR: Partial<Record<Zone, Partial<Record<Zone, RegExp>>>> = {
  deploy: { core: /^server\/src\/core\/stackModel\/index\.ts$/ },
};
/** Imports that must be type-only (erased from every bundle). */
const TYPE_ONLY: Partial<Record<Zone, readonly Zone[]>> = { protocol: ['core'] };
/** Zones that run without VS Code. */
const NODE_ONLY = new Set<Zone>(['core', 'protocol', 'lsp', 'engine', 'deploy', 'swarm', 'fleet', 'cli']);
const VSCODE = /^vscode(-languageclient)?($|\/)/;

export interface ImportEdge {
  spec: string;
  /** The repository-relative file a relative import resolves to (undefined for packages). */
  target?: string;
  typeOnly: boolean;
}
export type ImportGraph = Map<string, ImportEdge[]>;

export const zoneOf = (file: string): Zone | undefined => ZONES.find(([, re]) => re.test(file))?.[0];

/** Everything wrong with a graph: direction, entry files, `vscode` in Node-only zones, files outside any zone. */
export function checkImports(graph: ImportGraph): string[] {
  const bad: string[] = [];
  for (const [file, edges] of graph) {
    const from = zoneOf(file);
    if (!from) {
      bad.push(`${file}: in no zone of the table`);
      continue;
    }
    for (const e of edges) {
      if (!e.target) {
        if (NODE_ONLY.has(from) && VSCODE.test(e.spec)) bad.push(`${file} -> ${e.spec}: ${from} runs without VS Code`);
        continue;
      }
      const to = zoneOf(e.target);
      if (!to) {
        if (!e.target.startsWith('schemas/')) bad.push(`${file} -> ${e.target}: outside client/src, server/src and schemas/`);
        continue;
      }
      if (to === from) continue;
      if (!MAY_IMPORT[from].includes(to)) bad.push(`${file} -> ${e.target}: ${from} may not import ${to}`);
      else if (TYPE_ONLY[from]?.includes(to) && !e.typeOnly) bad.push(`${file} -> ${e.target}: ${from} imports ${to} for types only`);
      else {
        const entry = ENTRY_FOR[from]?.[to] ?? ENTRIES[to];
        if (entry && !entry.test(e.target)) bad.push(`${file} -> ${e.target}: ${from} enters ${to} only through ${entry.source.replace(/[\\^$]/g, '')}`);
      }
    }
  }
  return bad;
}

/** Every cycle between files (one path per strongly connected component), as "a -> b -> a". */
export function findCycles(graph: ImportGraph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  let next = 0;
  const succ = (f: string) => (graph.get(f) ?? []).map((e) => e.target).filter((t): t is string => !!t && graph.has(t));
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of succ(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc = new Set<string>();
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.add(w);
    } while (w !== v);
    if (scc.size > 1 || succ(v).includes(v)) cycles.push(cyclePath(v, scc, succ));
  };
  for (const f of graph.keys()) if (!index.has(f)) visit(f);
  return cycles;
}

/** A shortest path from `start` back to itself inside its component. */
function cyclePath(start: string, scc: Set<string>, succ: (f: string) => string[]): string {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of succ(v)) {
      if (!scc.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = prev.get(u)) path.unshift(u);
        return [start, ...path.slice(1), start].join(' -> ');
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return start;
}

const STATEMENT =
  /(?:^|;)\s*(?:import|export)\s+(type\s+)?(?:[\w*${},\s]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The import/export/require specifiers of a source text (comments and strings elsewhere are not statements). */
export function importsOf(text: string): { spec: string; typeOnly: boolean }[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(STATEMENT)].map((m) => {
    const spec = m[2] ?? m[3] ?? m[4];
    // `import { type A, type B }` is type-only too.
    const named = m[0].match(/\{([^}]*)\}/)?.[1];
    const allTypes =
      named !== undefined &&
      named
        .split(',')
        .filter((n) => n.trim())
        .every((n) => n.trim().startsWith('type '));
    return { spec, typeOnly: !!m[1] || (m[2] !== undefined && allTypes) };
  });
}

function resolveRelative(from: string, spec: string): string {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  return [base, `${base}.ts`, `${base}/index.ts`].find((c) => /\.(ts|json)$/.test(c) && existsSync(posix.join(REPO_ROOT, c))) ?? base;
}

function readGraph(): ImportGraph {
  const walk = (d: string): string[] =>
    readdirSync(posix.join(REPO_ROOT, d), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(`${d}/${e.name}`) : e.name.endsWith('.ts') ? [`${d}/${e.name}`] : [],
    );
  const graph: ImportGraph = new Map();
  for (const f of [...walk('server/src'), ...walk('client/src')]) {
    const edges = importsOf(readFileSync(posix.join(REPO_ROOT, f), 'utf8')).map((i) => ({
      ...i,
      target: i.spec.startsWith('.') ? resolveRelative(f, i.spec) : undefined,
    }));
    graph.set(f, edges);
  }
  return graph;
}

const GRAPH = readGraph();

test('the import graph is read: every zone has files, relative imports resolve', () => {
  const zones = new Set([...GRAPH.keys()].map(zoneOf));
  for (const [z] of ZONES) assert.ok(zones.has(z), `no file in zone ${z}`);
  const unresolved = [...GRAPH].flatMap(([f, es]) =>
    es.filter((e) => e.target && !existsSync(posix.join(REPO_ROOT, e.target))).map((e) => `${f} -> ${e.spec}`),
  );
  assert.deepEqual(unresolved, []);
  assert.ok([...GRAPH.values()].flat().length > 500, 'suspiciously few imports: is the regex still matching?');
});

test('imports follow the zone table, enter a zone through its entry files, and keep vscode out of Node-only zones', () => {
  assert.deepEqual(checkImports(GRAPH), []);
});

test('no file imports client/ from server/', () => {
  const bad = [...GRAPH].flatMap(([f, es]) =>
    f.startsWith('server/') ? es.filter((e) => e.target?.startsWith('client/')).map((e) => `${f} -> ${e.target}`) : [],
  );
  assert.deepEqual(bad, []);
});

test('no cycle between files', () => {
  assert.deepEqual(findCycles(GRAPH), []);
});

// The checker itself, on synthetic graphs: each kind of violation is reported.
const g = (entries: Record<string, (string | [string, boolean])[]>): ImportGraph =>
  new Map(
    Object.entries(entries).map(([f, ts]) => [
      f,
      ts.map((t) =>
        Array.isArray(t)
          ? { spec: t[0], target: t[0].startsWith('vscode') ? undefined : t[0], typeOnly: t[1] }
          : { spec: t, target: t.includes('/') && !t.startsWith('vscode') ? t : undefined, typeOnly: false },
      ),
    ]),
  );

test('checker: an import against the table is reported', () => {
  const bad = checkImports(g({ 'server/src/core/a.ts': ['client/src/deploy/index.ts'], 'client/src/engine/x.ts': ['client/src/deploy/index.ts'] }));
  assert.equal(bad.length, 2);
  assert.match(bad[0], /core may not import deploy/);
  assert.match(bad[1], /engine may not import deploy/);
});

test('checker: a deep import past an entry file is reported, the entry is not', () => {
  const bad = checkImports(
    g({
      'server/src/lsp/a.ts': ['server/src/core/kinds/stack/rules/ports.ts', 'server/src/core/index.ts', 'server/src/core/intel/index.ts'],
      'client/src/deploy/a.ts': ['server/src/core/index.ts', 'server/src/core/stackModel/index.ts'],
      'client/src/views/v.ts': ['client/src/deploy/engineOps.ts'],
    }),
  );
  assert.deepEqual(
    bad.map((b) => b.split(':')[0]),
    [
      'server/src/lsp/a.ts -> server/src/core/kinds/stack/rules/ports.ts',
      'client/src/deploy/a.ts -> server/src/core/index.ts',
      'client/src/views/v.ts -> client/src/deploy/engineOps.ts',
    ],
  );
});

test('checker: vscode in a Node-only zone is reported, in the extension it is not', () => {
  const bad = checkImports(
    g({
      'client/src/deploy/a.ts': ['vscode'],
      'server/src/lsp/b.ts': ['vscode-languageclient/node'],
      'client/src/views/c.ts': ['vscode'],
      'server/src/lsp/d.ts': ['vscode-languageserver/node'],
    }),
  );
  assert.deepEqual(bad, [
    'client/src/deploy/a.ts -> vscode: deploy runs without VS Code',
    'server/src/lsp/b.ts -> vscode-languageclient/node: lsp runs without VS Code',
  ]);
});

test('checker: protocol.ts may take only types from the core', () => {
  assert.deepEqual(checkImports(g({ 'server/src/protocol.ts': [['server/src/core/index.ts', true]] })), []);
  assert.match(checkImports(g({ 'server/src/protocol.ts': [['server/src/core/index.ts', false]] }))[0], /for types only/);
});

test('checker: a file outside every zone is reported', () => {
  assert.match(checkImports(g({ 'server/src/cli/main.ts': [] }))[0], /in no zone/);
});

test('checker: a cycle is reported with its path', () => {
  const cycles = findCycles(
    g({
      'client/src/cli/a.ts': ['client/src/cli/b.ts'],
      'client/src/cli/b.ts': ['client/src/cli/c.ts'],
      'client/src/cli/c.ts': ['client/src/cli/a.ts'],
      'client/src/cli/d.ts': ['client/src/cli/a.ts'],
    }),
  );
  assert.equal(cycles.length, 1);
  assert.match(cycles[0], /^client\/src\/cli\/(a|b|c)\.ts -> .* -> client\/src\/cli\/(a|b|c)\.ts$/);
  assert.equal(cycles[0].split(' -> ').length, 4);
  assert.deepEqual(findCycles(g({ 'client/src/a.ts': ['client/src/b.ts'], 'client/src/b.ts': [] })), []);
});

test('importsOf reads every statement form, type-only ones marked', () => {
  const text = [
    "import a from './a'; import './a2';",
    "import type { B } from './b';",
    "import { type C, type D } from './c';",
    "import { e, type F } from './e';",
    "export * from './g';",
    "export { h } from './h';",
    "import './side';",
    "import {\n  multi,\n  line,\n} from './multi';",
    "const l = require('./lazy');",
    "const d = import('./dyn');",
    "// import { no } from './comment';",
  ].join('\n');
  assert.deepEqual(importsOf(text), [
    { spec: './a', typeOnly: false },
    { spec: './a2', typeOnly: false },
    { spec: './b', typeOnly: true },
    { spec: './c', typeOnly: true },
    { spec: './e', typeOnly: false },
    { spec: './g', typeOnly: false },
    { spec: './h', typeOnly: false },
    { spec: './side', typeOnly: false },
    { spec: './multi', typeOnly: false },
    { spec: './lazy', typeOnly: false },
    { spec: './dyn', typeOnly: false },
  ]);
});

// What ships: the bundles as scripts/build.mjs makes them (same options), read from esbuild's metafile.
async function bundleInputs(entry: string): Promise<string[]> {
  const r = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node', './serverCore'],
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
  });
  const out = Object.values(r.metafile.outputs).find((o) => o.entryPoint);
  return Object.entries(out!.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([k]) => k);
}

test('the extension bundle holds no validation core and no language server', async () => {
  const inputs = await bundleInputs('client/src/extension.ts');
  assert.ok(inputs.includes('client/src/extension.ts') && inputs.includes('client/src/deploy/runner.ts'), 'the metafile lists the bundle inputs');
  assert.ok(
    inputs.some((i) => i.startsWith('server/src/core/stackModel/')),
    'the deploy engine reads stack files through stackModel',
  );
  assert.deepEqual(
    inputs.filter((i) => /^server\/src\/(core\/(kinds|rules\/index|validate|intel|fixes|navigation)|lsp)\b/.test(i)),
    [],
  );
});

test('the language server bundles hold nothing from client/', async () => {
  for (const entry of ['server/src/lsp/server.ts', 'server/src/lsp/serverCore.ts', 'server/src/core/index.ts']) {
    const inputs = await bundleInputs(entry);
    assert.ok(inputs.length > 0, entry);
    assert.deepEqual(
      inputs.filter((i) => i.startsWith('client/')),
      [],
      entry,
    );
  }
});
