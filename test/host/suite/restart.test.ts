import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SwarmPilotApi } from '../../../client/src/api';
import { activateExtension, cliDiagnostics, closeAllEditors, languageServerPids, openInEditor, ourDiagnostics, recordMetric, waitFor, wsUri } from './helpers';

describe('language server restarts', () => {
  let api: SwarmPilotApi;
  const broken = () => wsUri('stack/broken-stack.yml');
  const compose = () => wsUri('compose/compose.yaml');
  before(async () => {
    api = await activateExtension();
  });
  after(async () => {
    await vscode.commands.executeCommand('swarmPilot.setMode', 'auto', compose());
    await closeAllEditors();
  });

  async function expectDiagnosticsBack() {
    const expected = cliDiagnostics(broken().fsPath).diagnostics;
    await waitFor('diagnostics from the new server', () => (isDeepStrictEqual(ourDiagnostics(broken()), expected) ? true : undefined), 30_000).catch(() =>
      assert.deepEqual(ourDiagnostics(broken()), expected),
    );
  }

  /** The one language server process once it is not `old` any more. */
  async function freshServer(old: number): Promise<number> {
    const [fresh] = await waitFor(
      'one new language server process',
      () => {
        const p = languageServerPids();
        return p.length === 1 && p[0] !== old ? p : undefined;
      },
      30_000,
    );
    return fresh;
  }

  it('comes back after its process is killed, with forced modes restored', async () => {
    await openInEditor(compose());
    await vscode.commands.executeCommand('swarmPilot.setMode', 'stack');
    await openInEditor(broken());
    await expectDiagnosticsBack();
    const [old] = await waitFor('one language server process', () => {
      const p = languageServerPids();
      return p.length === 1 ? p : undefined;
    });
    const t0 = Date.now();
    process.kill(old, 'SIGKILL');
    assert.notEqual(await freshServer(old), old);
    await expectDiagnosticsBack();
    recordMetric('server killed → diagnostics back ms', Date.now() - t0);
    const info = await waitFor('the forced mode to be re-sent', async () => {
      const i = await api.documentInfo(compose().toString());
      return i.forced ? i : undefined;
    });
    assert.equal(info.kind, 'stack');
  });

  it('restarts with "Swarm Pilot: Restart Language Server"', async () => {
    await openInEditor(broken());
    const [old] = languageServerPids();
    assert.ok(old);
    await vscode.commands.executeCommand('swarmPilot.restartServer');
    assert.notEqual(await freshServer(old), old);
    await expectDiagnosticsBack();
  });

  it('restarts a hung server: the old process is killed and a fresh one serves', async () => {
    await openInEditor(broken());
    const [old] = languageServerPids();
    assert.ok(old);
    process.kill(old, 'SIGSTOP'); // answers nothing, not even shutdown
    try {
      await vscode.commands.executeCommand('swarmPilot.restartServer');
      assert.notEqual(await freshServer(old), old);
      await expectDiagnosticsBack();
    } finally {
      if (languageServerPids().includes(old)) process.kill(old, 'SIGKILL');
    }
  });
});
