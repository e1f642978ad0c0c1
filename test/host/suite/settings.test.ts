import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SwarmPilotApi } from '../../../client/src/api';
import { activateExtension, closeAllEditors, openInEditor, ourDiagnostics, waitFor, waitForDiagnostics, wsUri } from './helpers';

const config = () => vscode.workspace.getConfiguration('swarmPilot');

describe('settings take effect without a reload', () => {
  let api: SwarmPilotApi;
  before(async () => {
    api = await activateExtension();
  });
  afterEach(async () => {
    await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('stackGlobs', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  it('swarmPilot.rules turns a rule off and changes a severity', async () => {
    const uri = wsUri('stack/broken-stack.yml');
    await openInEditor(uri);
    const before = await waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'stack-forbidden-key'), 'stack-forbidden-key to be reported');
    const unsupported = before.filter((d) => d.code === 'stack-unsupported-key');
    assert.ok(unsupported.length > 0 && unsupported.every((d) => d.severity === 'warning'));

    await config().update('rules', { 'stack-forbidden-key': 'off', 'stack-unsupported-key': 'error' }, vscode.ConfigurationTarget.Workspace);
    const after = await waitForDiagnostics(
      uri,
      (d) => !d.some((x) => x.code === 'stack-forbidden-key') && d.some((x) => x.code === 'stack-unsupported-key' && x.severity === 'error'),
      'the rules setting to apply',
    );
    assert.equal(after.length, before.length - before.filter((d) => d.code === 'stack-forbidden-key').length, 'only the forbidden-key diagnostics went away');

    await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, (d) => d.length === before.length && d.some((x) => x.code === 'stack-forbidden-key'), 'the default rules to come back');
  });

  it('swarmPilot.stackGlobs decides which files are stack files', async () => {
    const uri = wsUri('stack/docker-stack.yml');
    await openInEditor(uri);
    await waitFor('stack kind', async () => ((await api.documentInfo(uri.toString())).kind === 'stack' ? true : undefined));
    await config().update('stackGlobs', ['**/production/*.yml'], vscode.ConfigurationTarget.Workspace);
    await waitFor('compose kind once the file no longer matches the globs', async () =>
      (await api.documentInfo(uri.toString())).kind === 'compose' ? true : undefined,
    );
    assert.ok(!ourDiagnostics(uri).some((d) => d.code.startsWith('stack-')));
  });
});
