import * as assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { after, afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SwarmPilotApi } from '../../../client/src/api';
import { activateExtension, cliDiagnostics, closeAllEditors, openInEditor, ourDiagnostics, waitFor, wsUri, type PlainDiagnostic } from './helpers';

function waitForEqual(uri: vscode.Uri, expected: PlainDiagnostic[], what: string) {
  return waitFor(what, () => (isDeepStrictEqual(ourDiagnostics(uri), expected) ? true : undefined), 15_000).catch(() => {
    assert.deepEqual(ourDiagnostics(uri), expected, what);
  });
}

describe('stack mode and compose mode', () => {
  let api: SwarmPilotApi;
  before(async () => {
    api = await activateExtension();
  });
  afterEach(closeAllEditors);
  after(() => vscode.commands.executeCommand('swarmPilot.setMode', 'auto', wsUri('compose/compose.yaml')));

  it('swarmPilot.setMode switches compose.yaml to stack mode and back', async () => {
    const uri = wsUri('compose/compose.yaml');
    await openInEditor(uri);
    const asCompose = cliDiagnostics(uri.fsPath);
    const asStack = cliDiagnostics(uri.fsPath, ['--kind', 'stack']);
    assert.ok(
      asStack.diagnostics.some((d) => d.code.startsWith('stack-')),
      'the compose example has stack-only problems',
    );
    await waitFor('compose kind', async () => ((await api.documentInfo(uri.toString())).kind === 'compose' ? true : undefined));
    await waitForEqual(uri, asCompose.diagnostics, 'compose-mode diagnostics');

    assert.equal(await vscode.commands.executeCommand('swarmPilot.setMode', 'stack'), 'stack');
    const info = await api.documentInfo(uri.toString());
    assert.deepEqual([info.kind, info.forced], ['stack', true]);
    await waitForEqual(uri, asStack.diagnostics, 'stack-mode diagnostics (same as --kind stack)');
    const status = await api.modeStatus();
    assert.equal(status?.text, 'Stack file (swarm) (set manually)');

    await vscode.commands.executeCommand('swarmPilot.setMode', 'auto');
    const back = await api.documentInfo(uri.toString());
    assert.deepEqual([back.kind, back.forced], ['compose', false]);
    await waitForEqual(uri, asCompose.diagnostics, 'compose-mode diagnostics again');
  });

  it('a `# swarm-pilot: compose` comment switches a stack file to compose mode', async () => {
    const uri = wsUri('stack/broken-stack.yml');
    const editor = await openInEditor(uri);
    const original = editor.document.getText();
    await waitForEqual(uri, cliDiagnostics(uri.fsPath).diagnostics, 'stack-mode diagnostics');

    // The CLI's view of the edited text: the same content in a sibling file.
    const edited = '# swarm-pilot: compose\n' + original;
    const sibling = wsUri('stack/broken-stack.compose-mode.yml');
    writeFileSync(sibling.fsPath, edited);
    let expected: ReturnType<typeof cliDiagnostics>;
    try {
      expected = cliDiagnostics(sibling.fsPath);
    } finally {
      rmSync(sibling.fsPath);
    }
    assert.equal(expected.kind, 'compose');
    assert.ok(!expected.diagnostics.some((d) => d.code.startsWith('stack-')));

    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# swarm-pilot: compose\n')));
    await waitForEqual(uri, expected.diagnostics, 'compose-mode diagnostics after adding the comment');
    assert.equal((await api.documentInfo(uri.toString())).kind, 'compose');
    assert.equal((await api.modeStatus())?.text, 'Compose file');

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
    await waitForEqual(uri, cliDiagnostics(uri.fsPath).diagnostics, 'stack-mode diagnostics after removing the comment');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
