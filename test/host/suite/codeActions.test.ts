import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openInEditor, waitFor, WORKSPACE, waitForDiagnostics } from './helpers';

/** The quick fixes VS Code would show in the light bulb for the first diagnostic with `code`. */
/**
 * The quick fixes offered for the `code` diagnostic. Waits until there are some: right after a file changes on
 * disk the diagnostics can already show while the server is still answering for the text before the change.
 */
async function fixesFor(uri: vscode.Uri, code: string): Promise<vscode.CodeAction[]> {
  return waitFor(`quick fixes for ${code}`, async () => {
    const d = vscode.languages.getDiagnostics(uri).find((x) => String(typeof x.code === 'object' ? x.code.value : x.code) === code);
    assert.ok(d, `a ${code} diagnostic`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    return actions.length ? actions : undefined;
  });
}

describe('quick fixes applied through the VS Code API', () => {
  before(activateExtension);
  after(closeAllEditors);

  it('moves restart into deploy.restart_policy and the warning goes away', async () => {
    const file = join(WORKSPACE, 'stack', 'fix-me-stack.yml');
    writeFileSync(file, 'services:\n  web:\n    image: nginx:1.27\n    restart: on-failure:2\n    deploy:\n      replicas: 2\n');
    const uri = vscode.Uri.file(file);
    await openInEditor(uri);
    await waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'stack-unsupported-key'), 'the restart warning');
    const actions = await fixesFor(uri, 'stack-unsupported-key');
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Move restart to deploy.restart_policy');
    assert.ok(await vscode.workspace.applyEdit(preferred!.edit!));
    await waitForDiagnostics(uri, (d) => !d.some((x) => x.severity === 'error' || x.severity === 'warning'), 'no errors or warnings after the fix');
    const text = vscode.window.activeTextEditor!.document.getText();
    assert.match(text, /restart_policy:\n {8}condition: on-failure\n {8}max_attempts: 2\n/);
  });

  it('turns a daemon.json hooks key into a wrapper runtime and writes the hooks file beside it', async () => {
    const dir = join(WORKSPACE, 'daemon');
    const file = join(dir, 'daemon.json');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, '{\n  "log-driver": "json-file",\n  "hooks": {"prestart": [{"path": "/usr/local/bin/h"}]}\n}\n');
      const uri = vscode.Uri.file(file);
      const doc = await openInEditor(uri);
      await waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'daemon-hooks'), 'the hooks error');
      const [action] = await fixesFor(uri, 'daemon-hooks');
      assert.match(action.title, /wrapper runtime/);
      assert.ok(await vscode.workspace.applyEdit(action.edit!));
      await waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'daemon-hooks'), 'the hooks error to go away');
      assert.equal(JSON.parse(doc.document.getText()).runtimes['oci-add-hooks'].path, 'oci-add-hooks');
      const hooksFile = vscode.Uri.file(join(dir, 'oci-hooks.json'));
      const created = await vscode.workspace.openTextDocument(hooksFile);
      assert.deepEqual(JSON.parse(created.getText()), { hooks: { prestart: [{ path: '/usr/local/bin/h' }] } });
      await vscode.workspace.saveAll(false);
      assert.ok(existsSync(hooksFile.fsPath));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      writeFileSync(file, original);
    }
  });
});
