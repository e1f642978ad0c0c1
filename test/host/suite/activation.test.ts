import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, languageServerPids, openInEditor, recordMetric, waitFor, wsUri } from './helpers';

describe('activation', () => {
  it('activates by itself in a workspace with stack files (workspaceContains)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension under development is loaded');
    assert.equal(vscode.window.visibleTextEditors.length, 0, 'no editor is open yet');
    await waitFor('the extension to be active', () => (ext.isActive ? true : undefined));
  });

  it('starts the language server and reports its timings', async () => {
    const api = await activateExtension();
    assert.ok(api.timings.activateMs >= 0);
    assert.ok(typeof api.timings.serverReadyMs === 'number', 'server ready time is known once ready resolves');
    recordMetric('client activate() ms', api.timings.activateMs);
    recordMetric('activation start → server initialized ms', api.timings.serverReadyMs!);
    await openInEditor(wsUri('stack/docker-stack.yml'));
    const [pid] = await waitFor('the language server process', () => {
      const p = languageServerPids();
      return p.length === 1 ? p : undefined;
    });
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    recordMetric('language server RSS with one stack file open MB', (Number(rss) / 1024).toFixed(0));
  });

  it('contributes its commands', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of ['swarmPilot.setMode', 'swarmPilot.restartServer', 'swarmPilot.showOutput', 'swarmPilot.openExample']) assert.ok(all.has(c), c);
  });
});
