import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { ADVICE_OFF } from '../support/advice';
import { TestLspClient } from '../support/lspClient';

let client: TestLspClient;
before(async () => {
  client = await TestLspClient.start({ pull: true, settings: { rules: ADVICE_OFF } });
});
after(async () => {
  await client.stop();
});

/** Applies edits as an editor does: last position first, each as an incremental change. */
async function applyAll(uri: string, edits: TextEdit[]): Promise<void> {
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  for (const e of sorted) await client.edit(uri, e.range, e.newText);
}

test('code actions for a stack diagnostic: preferred move, applied, re-validated clean', async () => {
  const uri = 'file:///work/actions/docker-stack.yml';
  await client.open(uri, 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    deploy:\n      replicas: 2\n');
  const [d] = await client.diagnostics(uri);
  assert.equal(d.code, 'stack-unsupported-key');
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
    [
      ['Move restart to deploy.restart_policy', 'quickfix', true],
      ['Remove restart (ignored by swarm)', 'quickfix', false],
    ],
  );
  assert.equal(actions[0].diagnostics?.[0].code, 'stack-unsupported-key');
  await applyAll(uri, actions[0].edit!.changes![uri]);
  assert.deepEqual(await client.diagnostics(uri), []);
});

test('no actions away from a diagnostic, and none when only source actions are asked for', async () => {
  const uri = 'file:///work/actions/other-stack.yml';
  await client.open(uri, 'services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n    labels: [a=b]\n');
  const [d] = await client.diagnostics(uri);
  const far = { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
  assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: far, context: { diagnostics: [] } }), []);
  assert.deepEqual(
    await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['source'] } }),
    [],
  );
});

test('the daemon.json hooks fix creates the hook config file beside daemon.json and edits daemon.json', async () => {
  const uri = 'file:///work/actions/etc/docker/daemon.json';
  await client.open(uri, '{\n  "hooks": {"prestart": [{"path": "/usr/bin/h"}]}\n}\n', 'json');
  const d = (await client.diagnostics(uri)).find((x) => x.code === 'daemon-hooks')!;
  const [action] = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const changes = action.edit!.documentChanges!;
  assert.deepEqual(changes[0], { kind: 'create', uri: 'file:///work/actions/etc/docker/oci-hooks.json', options: { ignoreIfExists: true } });
  const fileEdit = changes[1] as { edits: TextEdit[] };
  assert.deepEqual(JSON.parse(fileEdit.edits[0].newText), { hooks: { prestart: [{ path: '/usr/bin/h' }] } });
  const own = changes[2] as { textDocument: { uri: string }; edits: TextEdit[] };
  assert.equal(own.textDocument.uri, uri);
  await applyAll(uri, own.edits);
  assert.deepEqual(
    (await client.diagnostics(uri)).filter((x) => x.severity === 1),
    [],
  );
});
