// The stack file knows its swarm, inside the real VS Code against the real test swarm: drift code lenses on a
// deployed stack file (`# swarm-pilot: stack NAME`), following `docker service scale` behind the editor's back, off
// with swarmPilot.live.enabled = false, and "Compare with Running" opening the diff editor with the live stack
// rendered on the left.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, removeStackQuietly, swarmManagerUp, waitFor, WORKSPACE } from './helpers';

const STACK = 'splivehost';
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 120_000 }).trim();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const FILE = join(WORKSPACE, 'splive-stack.yml');
const TEXT = `# swarm-pilot: stack ${STACK}
services:
  web:
    image: probe/busybox:1
    command: [sh, -c, exec sleep 100000]
    deploy:
      replicas: 2
`;

const engineUp = swarmManagerUp;
const removeStack = () => removeStackQuietly(STACK);

/** The lens titles of the file, by line. */
async function lenses(uri: vscode.Uri): Promise<Map<number, string>> {
  const list = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
  return new Map(list.filter((l) => l.command?.title).map((l) => [l.range.start.line, l.command!.title]));
}

describe('Live drift lenses and Compare with Running on the real test swarm', function () {
  this.timeout(180_000);
  const uri = vscode.Uri.file(FILE);

  before(async function () {
    if (!engineUp()) {
      if (ci) throw new Error('no swarm manager answers on the default Docker socket');
      console.log('SKIPPED live tests: no swarm manager on the default Docker socket (run test/engine/docker-ci.sh up as root)');
      this.skip();
    }
    const api = await activateExtension();
    removeStack();
    writeFileSync(FILE, TEXT);
    docker('stack', 'deploy', '--detach=false', '--resolve-image', 'never', '-c', FILE, STACK);
    api.swarm.watcher.start();
    await api.swarm.watcher.refresh();
    await vscode.window.showTextDocument(uri);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('swarmPilot.live').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
    removeStack();
    rmSync(FILE, { force: true });
  });

  it('shows running and in sync on the service, the stack on services:', async () => {
    const shown = await waitFor(
      'the lenses',
      async () => {
        const l = await lenses(uri);
        return l.get(2) === '2/2 running · in sync' ? l : undefined;
      },
      60_000,
    );
    assert.match(shown.get(1) ?? '', new RegExp(`^stack ${STACK} on `));
  });

  it('follows docker service scale behind the editor: drifted: replicas (Compare)', async () => {
    docker('service', 'scale', '--detach', `${STACK}_web=1`);
    const title = await waitFor(
      'the drift lens',
      async () => {
        const t = (await lenses(uri)).get(2);
        return t && /drifted: replicas \(Compare\)$/.test(t) ? t : undefined;
      },
      60_000,
    );
    assert.match(title, /^1\/1 running|^2\/1 running/);
  });

  it('Compare with Running opens the diff: live stack (replicas 1, the differences on top) ↔ the file', async () => {
    assert.equal(await vscode.commands.executeCommand('swarmPilot.compareWithRunning', uri), true);
    const left = await waitFor('the live side', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'swarm-pilot-live'));
    const text = left.getText();
    assert.match(text, /^# Stack splivehost as it runs on /);
    assert.match(text, /# +Mode\.Replicated\.Replicas: 1 → 2/);
    assert.match(text, /\n {2}web:\n {4}image: probe\/busybox:1\n[\s\S]*\n {4}deploy:\n {6}replicas: 1\n/);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
    assert.equal((tab.input as vscode.TabInputTextDiff).modified.toString(), uri.toString());
  });

  it('no lenses with swarmPilot.live.enabled = false', async () => {
    await vscode.workspace.getConfiguration('swarmPilot.live').update('enabled', false, vscode.ConfigurationTarget.Global);
    await waitFor('the lenses to go', async () => ((await lenses(uri)).size === 0 ? true : undefined));
  });
});
