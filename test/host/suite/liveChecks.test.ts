// The rest of "the stack file knows its swarm", inside the real VS Code against the real test swarm: the live-*
// diagnostics ("Swarm Pilot (live)") on a constraint no node satisfies and a missing external secret, gone with
// swarmPilot.live.enabled = false; completion from the cluster beside the language server's; the Stacks view marking
// a service drifted from its open stack file.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, removeStackQuietly, swarmManagerUp, waitFor, WORKSPACE } from './helpers';

const STACK = 'splive2host';
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 120_000 }).trim();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const FILE = join(WORKSPACE, 'splive2-checks.yml');
const TEXT = `# swarm-pilot: stack ${STACK}
services:
  web:
    image: probe/busybox:1
    command: [sh, -c, exec sleep 100000]
    secrets: [missing]
    deploy:
      replicas: 2
      placement:
        constraints:
          - node.labels.splive2-nowhere == yes
          - node.hostname != vm-w9
secrets:
  missing:
    external: true
    name: splive2-host-missing
`;
const DEPLOYED = `# swarm-pilot: stack ${STACK}
services:
  web:
    image: probe/busybox:1
    command: [sh, -c, exec sleep 100000]
    deploy:
      replicas: 2
`;

const engineUp = swarmManagerUp;
const removeStack = () => removeStackQuietly(STACK);

const liveDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Swarm Pilot (live)');

describe('Live checks, completion from the cluster and drift marks on the real test swarm', function () {
  this.timeout(180_000);
  const uri = vscode.Uri.file(FILE);
  let api: Awaited<ReturnType<typeof activateExtension>>;

  before(async function () {
    if (!engineUp()) {
      if (ci) throw new Error('no swarm manager answers on the default Docker socket');
      console.log('SKIPPED live checks tests: no swarm manager on the default Docker socket (run test/engine/docker-ci.sh up as root)');
      this.skip();
    }
    api = await activateExtension();
    removeStack();
    writeFileSync(FILE, DEPLOYED);
    docker('stack', 'deploy', '--detach=false', '--resolve-image', 'never', '-c', FILE, STACK);
    writeFileSync(FILE, TEXT);
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

  it('publishes live-constraint-unsatisfiable and live-external-secret-missing on the values at fault, naming the swarm', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const found = await waitFor(
      'the live diagnostics',
      async () => {
        const d = liveDiagnostics(uri);
        return d.length >= 2 ? d : undefined;
      },
      60_000,
    );
    const byCode = new Map(found.map((d) => [String(d.code), d]));
    assert.equal(doc.getText(byCode.get('live-constraint-unsatisfiable')!.range), 'node.labels.splive2-nowhere == yes');
    assert.equal(doc.getText(byCode.get('live-external-secret-missing')!.range), 'splive2-host-missing');
    for (const d of found) assert.match(d.message, /\(on swarm .+\)$/);
  });

  it('completes node hostnames after node.hostname != (detail "on swarm …"), beside the language server', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('node.hostname != '));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(line, doc.lineAt(line).text.indexOf('vm-w9')),
    );
    const ours = list.items.filter((i) => /^on swarm /.test(i.detail ?? ''));
    assert.ok(
      ours.some((i) => i.label === 'vm'),
      `hostnames offered: ${ours.map((i) => i.label).join(', ')}`,
    );
  });

  it('marks the service drifted in the Stacks view (the file is open)', async () => {
    const row = await waitFor(
      'the drift mark',
      async () => {
        await api.swarm.watcher.refresh();
        const stack = api.swarm.rows('stacks').find((r) => r.label === STACK);
        const web = stack ? api.swarm.rows('stacks', stack.element).find((r) => r.label === 'web') : undefined;
        return web && /drifted: /.test(web.description) ? web : undefined;
      },
      60_000,
    );
    assert.match(row.description, /drifted: .*placement\.constraints/);
  });

  it('clears the live diagnostics with swarmPilot.live.enabled = false', async () => {
    await vscode.workspace.getConfiguration('swarmPilot.live').update('enabled', false, vscode.ConfigurationTarget.Global);
    await waitFor('the live diagnostics to go', async () => (liveDiagnostics(uri).length === 0 ? true : undefined));
  });
});
