import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { SERVER_JS, TestLspClient, type LspDiagnostic } from '../support/lspClient';
import { SHARED, sharedSkip } from '../support/shared';
import { check, memoryFs, REPO_ROOT, withCode } from './helpers';
import { applyEdits } from '../../server/src/core/navigation';

// Through the real bundled server (build first: `npm run build`).
type Range = LspDiagnostic['range'];
type Position = Range['start'];
interface DocumentSymbol {
  name: string;
  kind: number;
  detail?: string;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}
interface TextEdit {
  range: Range;
  newText: string;
}

const STACK = readFileSync(`${REPO_ROOT}test/fixtures/navigation/app-stack.yml`, 'utf8');
const STACK_URI = 'file:///work/nav/app-stack.yml';
const FS = memoryFs({ '/work/test/db_password.txt': 'pw', '/work/test/nginx.conf': 'events {}' });

let client: TestLspClient;
before(async () => {
  client = await TestLspClient.start({ pull: true });
  await client.open(STACK_URI, STACK);
});
after(async () => {
  await client.stop();
});

/** Position of the `nth` occurrence of `needle` plus `delta` characters. */
function at(text: string, needle: string, nth = 0, delta = 0): Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, i + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
const covered = (text: string, r: Range) => `${text.split('\n')[r.start.line].slice(r.start.character, r.end.character)}@${r.start.line + 1}`;
const params = (uri: string, position: Position) => ({ textDocument: { uri }, position });

async function rename(uri: string, text: string, position: Position, newName: string): Promise<string> {
  const edit = await client.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', { ...params(uri, position), newName });
  assert.deepEqual(Object.keys(edit.changes), [uri]);
  return applyEdits(text, edit.changes[uri]);
}

test('initialize announces outline, definition, references, rename with prepare, and folding', async () => {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.listen();
  try {
    const { capabilities: c } = (await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} })) as {
      capabilities: Record<string, unknown>;
    };
    assert.deepEqual(
      [c.documentSymbolProvider, c.definitionProvider, c.referencesProvider, c.renameProvider, c.foldingRangeProvider],
      [{ label: 'Swarm Pilot' }, true, true, { prepareProvider: true }, true],
    );
  } finally {
    conn.dispose();
    proc.kill();
  }
});

test('documentSymbol: the stack outline, nested, with ranges inside the document', async () => {
  const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: STACK_URI } });
  assert.deepEqual(
    syms.map((s) => `${s.name}/${s.kind}`),
    ['version/7', 'x-logging/3', 'x-deploy/3', 'services/2', 'networks/2', 'volumes/2', 'secrets/2', 'configs/2'],
  );
  const services = syms.find((s) => s.name === 'services')!;
  assert.deepEqual(
    services.children?.map((s) => `${s.name}/${s.kind}`),
    ['proxy/5', 'api/5', 'db/5'],
  );
  const proxy = services.children![0];
  assert.deepEqual(proxy.range, { start: { line: 17, character: 2 }, end: { line: 33, character: 31 } });
  assert.equal(covered(STACK, proxy.selectionRange), 'proxy@18');
  assert.deepEqual(
    proxy.children?.map((c) => c.name),
    ['image', 'ports', 'networks', 'configs', 'logging', 'deploy'],
  );
  assert.equal(proxy.children![0].detail, 'nginx:1.27');
  const deploy = proxy.children!.find((c) => c.name === 'deploy')!;
  assert.deepEqual(
    deploy.children?.map((c) => c.name),
    ['<<', 'replicas', 'placement'],
  );
  assert.deepEqual(
    syms.find((s) => s.name === 'networks')!.children?.map((s) => `${s.name}/${s.kind}`),
    ['front/23', 'back/23'],
  );
  assert.deepEqual(
    syms.find((s) => s.name === 'secrets')!.children?.map((s) => `${s.name}/${s.kind}`),
    ['db_password/20', 'api_token/20'],
  );
});

test('definition: from a service `networks: [front]` to the top-level `networks: front:`', async () => {
  const locs = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', params(STACK_URI, at(STACK, 'networks: [front]', 0, 12)));
  assert.deepEqual(
    locs.map((l) => [l.uri, covered(STACK, l.range)]),
    [[STACK_URI, 'front@67']],
  );
  assert.equal(STACK.split('\n')[65], 'networks:');
});

test('references of a secret: short and long syntax (and the declaration when asked)', async () => {
  const pos = at(STACK, '      - db_password', 0, 9);
  const withDecl = await client.request<{ uri: string; range: Range }[]>('textDocument/references', {
    ...params(STACK_URI, pos),
    context: { includeDeclaration: true },
  });
  assert.deepEqual(
    withDecl.map((l) => covered(STACK, l.range)),
    ['db_password@42', 'db_password@60', 'db_password@78'],
  );
  assert.ok(withDecl.every((l) => l.uri === STACK_URI));
  const refs = await client.request<{ range: Range }[]>('textDocument/references', { ...params(STACK_URI, pos), context: { includeDeclaration: false } });
  assert.deepEqual(
    refs.map((l) => covered(STACK, l.range)),
    ['db_password@42', 'db_password@60'],
  );
});

test('rename of a network: the WorkspaceEdit renames the definition and every reference, nothing else', async () => {
  const out = await rename(STACK_URI, STACK, at(STACK, '      - back', 0, 9), 'backend');
  const changed = out.split('\n').flatMap((l, i) => (l === STACK.split('\n')[i] ? [] : [`${i + 1}: ${l}`]));
  assert.deepEqual(changed, ['39:       backend:', '54:       - backend', '69:   backend:']);
  assert.deepEqual(withCode(check(out, 'stack', { fs: FS }), 'stack-undefined-reference'), []);
  // The server agrees once the edited text is open.
  const uri = 'file:///work/nav/renamed-stack.yml';
  await client.open(uri, out);
  assert.deepEqual(
    (await client.diagnostics(uri)).filter((d) => d.code === 'stack-undefined-reference'),
    [],
  );
  assert.deepEqual(
    (await client.diagnostics(uri)).map((d) => d.code),
    (await client.diagnostics(STACK_URI)).map((d) => d.code),
  );
});

test('anchor rename renames the anchor and all its aliases', async () => {
  const out = await rename(STACK_URI, STACK, at(STACK, '&default-logging', 0, 2), 'logs');
  assert.equal(out, STACK.replace('&default-logging', '&logs').replaceAll('*default-logging', '*logs'));
});

test('prepareRename: a name gives its range and text; a plain value is refused; a bad new name is an error', async () => {
  const ok = await client.request<{ range: Range; placeholder: string } | null>(
    'textDocument/prepareRename',
    params(STACK_URI, at(STACK, 'source: nginx_conf', 0, 10)),
  );
  assert.deepEqual(ok && [covered(STACK, ok.range), ok.placeholder], ['nginx_conf@26', 'nginx_conf']);
  assert.equal(await client.request('textDocument/prepareRename', params(STACK_URI, at(STACK, 'image: postgres:16', 0, 9))), null);
  assert.equal(await client.request('textDocument/prepareRename', params(STACK_URI, at(STACK, 'replicas: 2', 0, 2))), null);
  await assert.rejects(
    client.request('textDocument/rename', { ...params(STACK_URI, at(STACK, '[front]', 0, 1)), newName: 'front end' }),
    /not a valid network name/,
  );
  await assert.rejects(client.request('textDocument/rename', { ...params(STACK_URI, at(STACK, 'image: postgres', 0, 8)), newName: 'x' }), /can be renamed/);
});

test('foldingRange: nested YAML and a JSON file', async () => {
  const yamlUri = 'file:///work/nav/fold-stack.yml';
  const yaml =
    '# one\n# two\nservices:\n  web:\n    image: a\n    deploy:\n      replicas: 1\n      placement:\n        constraints:\n          - node.role == worker\n';
  await client.open(yamlUri, yaml);
  const folds = await client.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri: yamlUri } });
  assert.deepEqual(folds, [
    { startLine: 0, endLine: 1, kind: 'comment' },
    { startLine: 2, endLine: 9 },
    { startLine: 3, endLine: 9 },
    { startLine: 5, endLine: 9 },
    { startLine: 7, endLine: 9 },
    { startLine: 8, endLine: 9 },
  ]);
  const jsonUri = 'file:///work/nav/etc/docker/daemon.json';
  await client.open(jsonUri, '{\n  "runtimes": {\n    "crun": {\n      "path": "/usr/bin/crun"\n    }\n  },\n  "debug": true\n}\n', 'json');
  const jsonFolds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: jsonUri } });
  assert.deepEqual(jsonFolds, [
    { startLine: 0, endLine: 6 },
    { startLine: 1, endLine: 4 },
    { startLine: 2, endLine: 3 },
  ]);
  const jsonSyms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: jsonUri } });
  assert.deepEqual(
    jsonSyms.map((s) => `${s.name}/${s.kind}`),
    ['runtimes/2', 'debug/7'],
  );
});

test('a 1000-service stack answers documentSymbol and references quickly, and correctly', { skip: sharedSkip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarm-pilot-nav-'));
  const file = join(dir, 's1000.yml');
  const generator = join(SHARED, 'bench', 'gen-compose.mjs');
  assert.ok(existsSync(generator), `the shared benchmark generator is missing at ${generator}`);
  execFileSync(process.execPath, [generator, '--services', '1000', '--out', file]);
  const text = readFileSync(file, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const uri = 'file:///work/nav/perf-stack-1000.yml';
  await client.open(uri, text);
  await client.diagnostics(uri, 60_000); // parsed and validated: what every request reads

  let t = performance.now();
  const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const symbolMs = performance.now() - t;
  const services = syms.find((s) => s.name === 'services')?.children ?? [];
  assert.equal(services.length, 1000);
  assert.equal(services[0].name, 'api-0000');
  assert.equal(covered(text, services[999].selectionRange), `${services[999].name}@${services[999].selectionRange.start.line + 1}`);

  const expected = [...text.matchAll(/^ {6}- backend$/gm)].length + 1;
  const pos = at(text, '      - backend', 0, 8);
  t = performance.now();
  const refs = await client.request<{ range: Range }[]>('textDocument/references', { ...params(uri, pos), context: { includeDeclaration: true } });
  const refsMs = performance.now() - t;
  t = performance.now();
  await client.request('textDocument/references', { ...params(uri, at(text, '      - monitoring', 0, 8)), context: { includeDeclaration: true } });
  const refsWarmMs = performance.now() - t;
  assert.equal(refs.length, expected);
  assert.ok(refs.every((r) => covered(text, r.range).startsWith('backend@')));
  // Aliases across the whole file resolve to their anchor (the server parses large files by segment).
  const anchorDef = await client.request<{ range: Range }[]>('textDocument/definition', params(uri, at(text, 'logging: *default-logging', 500, 12)));
  assert.deepEqual(
    anchorDef.map((l) => covered(text, l.range)),
    [`&default-logging@${at(text, 'x-logging: &default-logging').line + 1}`],
  );
  const aliases = await client.request<{ range: Range }[]>('textDocument/references', {
    ...params(uri, anchorDef[0].range.start),
    context: { includeDeclaration: false },
  });
  assert.equal(aliases.length, [...text.matchAll(/\*default-logging\b/g)].length);
  assert.equal(aliases.length, 1000);
  console.log(
    `1000 services: documentSymbol ${symbolMs.toFixed(1)} ms (${services.length} services), references ${refsMs.toFixed(1)} ms first (index built), ${refsWarmMs.toFixed(1)} ms next (${refs.length} locations)`,
  );
  // Generous ceilings against pathological regressions on a loaded CI machine; the log has the figures.
  assert.ok(symbolMs < 1000, `documentSymbol took ${symbolMs} ms`);
  assert.ok(refsMs < 1000 && refsWarmMs < 1000, `references took ${refsMs} / ${refsWarmMs} ms`);
});
