// Restricted mode (run by test/host/run.mjs's `untrusted` phase: workspace trust on, the workspace never trusted).
// Validation works; every command that would change the swarm refuses, even when called through executeCommand
// (the manifest's `enablement` only hides them from menus and the palette), and the swarm is left as it was.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SwarmPilotApi } from '../../../client/src/api';
import type { SwarmElement } from '../../../client/src/views/swarmItems';
import { activateExtension, openInEditor, ROOT, waitFor, waitForDiagnostics, wsUri } from './helpers';

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 60_000 }).trim();

function isManager(): boolean {
  try {
    return docker('info', '--format', '{{.Swarm.ControlAvailable}}') === 'true';
  } catch {
    return false;
  }
}

describe('untrusted workspace (restricted mode)', function () {
  this.timeout(120_000);
  let api: SwarmPilotApi;

  before(async () => {
    api = await activateExtension();
  });

  it('the workspace is untrusted and files are still validated', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'restricted mode');
    const uri = wsUri('stack/broken-stack.yml');
    await openInEditor(uri);
    await waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'stack-forbidden-key'), 'diagnostics in restricted mode');
  });

  it('swarm-changing commands refuse, even through executeCommand, and change nothing', async function () {
    if (!isManager()) {
      if (process.env.CI === 'true' || process.env.CI === '1')
        throw new Error('no swarm manager on the default Docker socket: test/engine/docker-ci.sh up did not run');
      console.log('SKIPPED: no swarm manager on the default Docker socket (run test/engine/docker-ci.sh up as root)');
      this.skip();
    }
    await vscode.commands.executeCommand('swarmPilot.refreshSwarm');
    const worker = await waitFor('a worker row (reading the swarm is allowed)', async () => {
      await api.swarm.watcher.refresh();
      return api.swarm.rows('nodes').find((r) => r.contextValue === 'swarmPilot.node.active.worker');
    });
    const node = (worker.element as Extract<SwarmElement, { type: 'node' }>).node;
    await vscode.commands.executeCommand('swarmPilot.pauseNode', worker.element);
    await vscode.commands.executeCommand('swarmPilot.addNodeLabel', worker.element, 'sp-untrusted=1');
    assert.equal(docker('node', 'inspect', '--format', '{{.Spec.Availability}}', node.ID), 'active');
    assert.equal(docker('node', 'inspect', '--format', '{{index .Spec.Labels "sp-untrusted"}}', node.ID), '');
    await vscode.commands.executeCommand('swarmPilot.deployStack', wsUri('stack/local-stack.yml'), 'spuntrusted');
    assert.equal(docker('service', 'ls', '--filter', 'label=com.docker.stack.namespace=spuntrusted', '--format', '{{.Name}}'), '');
  });

  it('day-2 commands refuse too: Remove Stack, Remove / Rotate Secret, Rebalance, Open Shell', async function () {
    if (!isManager()) {
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error('no swarm manager on the default Docker socket');
      console.log('SKIPPED: no swarm manager on the default Docker socket (run test/engine/docker-ci.sh up as root)');
      this.skip();
    }
    const ns = 'spopsuntrusted';
    const secretId = execFileSync('docker', ['secret', 'create', `${ns}-sec`, '-'], { input: 'x', encoding: 'utf8', timeout: 60_000 }).trim();
    try {
      docker(
        'service',
        'create',
        '--detach',
        '--name',
        `${ns}_web`,
        '--label',
        `com.docker.stack.namespace=${ns}`,
        '--secret',
        `${ns}-sec`,
        'probe/busybox:1',
        'sleep',
        '3600',
      );
      const secret: SwarmElement = { type: 'object', kind: 'secret', id: secretId, name: `${ns}-sec` };
      await vscode.commands.executeCommand('swarmPilot.removeStack', ns);
      await vscode.commands.executeCommand('swarmPilot.removeSecret', secret);
      await vscode.commands.executeCommand('swarmPilot.rotateSecret', secret);
      await vscode.commands.executeCommand('swarmPilot.rebalanceSwarm');
      await vscode.commands.executeCommand('swarmPilot.openShell');
      assert.equal(docker('service', 'ls', '--filter', `name=${ns}_web`, '--format', '{{.Name}}'), `${ns}_web`, 'the stack is still there');
      assert.equal(docker('secret', 'ls', '--filter', `name=${ns}-sec`, '--format', '{{.Name}}'), `${ns}-sec`, 'the secret is still there, not rotated');
    } finally {
      execFileSync('docker', ['service', 'rm', `${ns}_web`], { timeout: 60_000, stdio: 'ignore' });
      await waitFor('the service to go', async () => (docker('service', 'ls', '-q', '--filter', `name=${ns}_web`) ? undefined : true));
      execFileSync('docker', ['secret', 'rm', `${ns}-sec`], { timeout: 60_000, stdio: 'ignore' });
    }
  });

  it('Deploy to Fleet refuses too, even with the targets in the user connections', async function () {
    const f1 = 'unix:///var/run/docker-f1.sock';
    const onF1 = (...args: string[]) => execFileSync('docker', ['--host', f1, ...args], { encoding: 'utf8', timeout: 60_000 }).trim();
    let up = false;
    try {
      up = onF1('info', '--format', '{{.Swarm.ControlAvailable}}') === 'true';
    } catch {
      /* not up */
    }
    if (!up) {
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error('no fleet swarm on /var/run/docker-f1.sock: test/host/run.mjs did not start it');
      console.log('SKIPPED: no fleet swarm on /var/run/docker-f1.sock (run DOCKER_CI_FLEET=2 test/engine/docker-ci.sh fleet as root)');
      this.skip();
    }
    const config = vscode.workspace.getConfiguration('swarmPilot');
    await config.update('connections', [{ name: 'line-1', host: f1 }], vscode.ConfigurationTarget.Global);
    const fleet = join(ROOT, 'test', 'host', 'fixtures', 'fleet', 'two-lines.fleet.yaml');
    try {
      const result = await vscode.commands.executeCommand(
        'swarmPilot.deployToFleet',
        wsUri('stack/local-stack.yml'),
        vscode.Uri.file(fleet),
        'spuntrustedfleet',
        true,
      );
      assert.equal(result, undefined, 'the command refused');
      assert.equal(onF1('service', 'ls', '--filter', 'label=com.docker.stack.namespace=spuntrustedfleet', '--format', '{{.Name}}'), '');
    } finally {
      await config.update('connections', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
