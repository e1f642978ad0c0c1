import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import { serverCapabilities } from '../../server/src/lsp/capabilities';
import { startServer } from '../../server/src/lsp/server';
import * as serverCore from '../../server/src/lsp/serverCore';
import { SERVER_JS, type LspDiagnostic } from '../support/lspClient';

// The startup split: server.ts answers `initialize` from static capabilities and loads the validation core on
// `initialized`. Run in-process over in-memory streams with a counting core loader.

const BROKEN_STACK = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    container_name: web\n    deploy:\n      mode: replicatd\n';

function inMemoryServer(): { client: MessageConnection; loads: () => number; dispose: () => void } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let loads = 0;
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, () => {
    loads++;
    return serverCore;
  });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  return {
    client,
    loads: () => loads,
    dispose: () => {
      client.dispose();
      server.dispose();
    },
  };
}

test('initialize is answered before the core loads; the core loads once on initialized and serves the next messages', async () => {
  const { client, loads, dispose } = inMemoryServer();
  try {
    const diagnostics = new Promise<LspDiagnostic[]>((resolve) =>
      client.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: LspDiagnostic[] }) => resolve(p.diagnostics)),
    );
    const init = (await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} })) as { capabilities: unknown };
    assert.equal(loads(), 0, 'the core is not loaded to answer initialize');
    assert.deepEqual(init.capabilities, serverCapabilities(false));
    // Sent back to back, as a client does: didOpen must find the core's handlers.
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'file:///w/docker-stack.yml', languageId: 'yaml', version: 1, text: BROKEN_STACK },
    });
    const got = await diagnostics;
    assert.equal(loads(), 1);
    assert.ok(
      got.some((d) => /replicatd/.test(d.message)),
      `deploy.mode typo reported: ${got.map((d) => d.message).join(' | ')}`,
    );
    assert.ok(
      got.some((d) => /container_name/.test(d.message)),
      'container_name reported',
    );
  } finally {
    dispose();
  }
});

test('every provider announced in initialize has a handler once the core is loaded', async () => {
  const { client, dispose } = inMemoryServer();
  try {
    const init = (await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { textDocument: { diagnostic: {} } } })) as {
      capabilities: Record<string, unknown>;
    };
    await client.sendNotification('initialized', {});
    const uri = 'file:///w/docker-stack.yml';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: BROKEN_STACK } });
    const doc = { textDocument: { uri } };
    const at = { ...doc, position: { line: 2, character: 3 } };
    const range = { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } };
    const requests: Record<string, [string, unknown][]> = {
      documentSymbolProvider: [['textDocument/documentSymbol', doc]],
      definitionProvider: [['textDocument/definition', at]],
      referencesProvider: [['textDocument/references', { ...at, context: { includeDeclaration: true } }]],
      renameProvider: [
        ['textDocument/prepareRename', at],
        ['textDocument/rename', { ...at, newName: 'www' }],
      ],
      foldingRangeProvider: [['textDocument/foldingRange', doc]],
      completionProvider: [['textDocument/completion', at]],
      hoverProvider: [['textDocument/hover', at]],
      codeActionProvider: [['textDocument/codeAction', { ...doc, range, context: { diagnostics: [] } }]],
      diagnosticProvider: [['textDocument/diagnostic', doc]],
    };
    const announced = Object.keys(init.capabilities).filter((k) => k !== 'textDocumentSync');
    assert.deepEqual(announced.sort(), Object.keys(requests).sort(), 'a request for every announced provider');
    for (const [cap, calls] of Object.entries(requests)) {
      for (const [method, params] of calls) {
        try {
          await client.sendRequest(method, params);
        } catch (err) {
          // A handler may refuse (rename where nothing can be renamed), but it must exist.
          assert.ok(err instanceof ResponseError, `${method}: ${err}`);
          assert.notEqual(err.code, -32601, `${cap}: no handler for ${method}`);
        }
      }
    }
  } finally {
    dispose();
  }
});

test('a server whose core cannot be loaded still answers initialize, then says why and exits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sp-shell-'));
  copyFileSync(SERVER_JS, join(dir, 'server.js')); // without serverCore.js beside it
  const proc = spawn(process.execPath, [join(dir, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (b) => (stderr += String(b)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onError(() => undefined);
  conn.listen();
  try {
    const init = (await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} })) as { serverInfo?: { name: string } };
    assert.equal(init.serverInfo?.name, 'swarm-pilot');
    await conn.sendNotification('initialized', {});
    assert.equal(await exited, 1);
    assert.match(stderr, /cannot load the validation core: .*serverCore/);
  } finally {
    conn.dispose();
    proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the server node flags are accepted by node and cap the young generation', async () => {
  const { SERVER_NODE_FLAGS } = await import('../../server/src/protocol');
  // Allocates young garbage for a while, then reports the new space's committed size (default: up to 32 MB or more).
  const script =
    "let k = []; for (let i = 0; i < 3e6; i++) { k.push({ i }); if (k.length > 5e4) k = []; } console.log(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size)";
  const run = (flags: readonly string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, [...flags, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      p.stdout.on('data', (b) => (out += String(b)));
      p.stderr.on('data', (b) => (err += String(b)));
      p.on('close', (code) => resolve({ code, out, err }));
    });
  const flagged = await run(SERVER_NODE_FLAGS);
  assert.equal(flagged.code, 0, `node refused the server flags ${SERVER_NODE_FLAGS.join(' ')}: ${flagged.err}`);
  assert.equal(flagged.err, '', 'node warned about a flag');
  const plain = await run([]);
  assert.ok(Number(flagged.out) <= 8 * 1024 * 1024, `new space ${flagged.out} bytes with the flags`);
  assert.ok(Number(flagged.out) < Number(plain.out), `new space ${flagged.out} with the flags, ${plain.out} without`);
});
