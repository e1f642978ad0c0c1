// The Fleet view and its commands inside the real VS Code, against two independent single-node swarms
// (unix:///var/run/docker-f1.sock and -f2.sock: `DOCKER_CI_FLEET=2 test/engine/docker-ci.sh fleet`, which
// test/host/run.mjs starts when they are not up). The fleet file is a workspace file: its third target's host is in
// no user connection, so it is shown "not allowed" and never reached. Compared with what docker says on each target.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SwarmPilotApi } from '../../../client/src/api';
import type { FleetResult } from '../../../client/src/fleet';
import { activateExtension, closeAllEditors, ROOT, waitFor, WORKSPACE } from './helpers';

const STACK = 'spfleethost';
const F = [1, 2].map((i) => `unix:///var/run/docker-f${i}.sock`);
const on = (host: string, ...args: string[]) => execFileSync('docker', ['--host', host, ...args], { encoding: 'utf8', timeout: 60_000 }).trim();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const fleetPath = join(WORKSPACE, 'host-test.fleet.yaml');
const stackPath = join(WORKSPACE, 'host-fleet-stack.yml');

const stackText = (tag: string) => `services:\n  web:\n    image: probe/busybox:${tag}\n    command: ["sleep", "86400"]\n`;
const images = (host: string) => on(host, 'service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Image}}');

function fleetUp(): boolean {
  try {
    return F.every((h) => on(h, 'info', '--format', '{{.Swarm.ControlAvailable}}') === 'true');
  } catch {
    return false;
  }
}

function removeStacks(): void {
  for (const h of F) {
    try {
      on(h, 'stack', 'rm', STACK);
    } catch {
      /* not there */
    }
  }
}

describe('Fleet view and Deploy to Fleet on two loopback swarms', function () {
  this.timeout(300_000);
  let api: SwarmPilotApi;
  let activeBefore: string;
  const config = () => vscode.workspace.getConfiguration('swarmPilot');
  const row = (name: string) => api.fleet.rows().find((r) => r.name === name);

  before(async function () {
    if (!fleetUp()) {
      if (ci) throw new Error('no fleet swarms on /var/run/docker-f1|2.sock: test/host/run.mjs did not start them');
      console.log('SKIPPED fleet tests: no single-node swarms on /var/run/docker-f1|2.sock (run DOCKER_CI_FLEET=2 test/engine/docker-ci.sh fleet as root)');
      this.skip();
    }
    api = await activateExtension();
    activeBefore = api.swarm.connections.active().id;
    removeStacks();
    writeFileSync(stackPath, stackText('1'));
    copyFileSync(join(ROOT, 'test', 'host', 'fixtures', 'fleet', 'two-lines.fleet.yaml'), fleetPath);
    // The user's connections: line-1 by its host, line-2 by its name. line-3's host is in none of them.
    await config().update(
      'connections',
      [
        { name: 'fleet one', host: F[0] },
        { name: 'line-2', host: F[1] },
      ],
      vscode.ConfigurationTarget.Global,
    );
  });

  after(async () => {
    if (!api) return;
    await api.swarm.connections.choose(activeBefore);
    await config().update('connections', undefined, vscode.ConfigurationTarget.Global);
    removeStacks();
    rmSync(fleetPath, { force: true });
    rmSync(stackPath, { force: true });
    await closeAllEditors();
  });

  it('Deploy to Fleet deploys wave by wave through the user connections; a host no user setting names is not allowed', async () => {
    const result = (await vscode.commands.executeCommand(
      'swarmPilot.deployToFleet',
      vscode.Uri.file(stackPath),
      vscode.Uri.file(fleetPath),
      STACK,
      true,
    )) as FleetResult;
    assert.ok(result, 'the command returned the rollout result');
    const t = result.state!.targets;
    assert.equal(t['line-1'].status, 'succeeded', t['line-1'].message);
    assert.equal(t['line-2'].status, 'succeeded', t['line-2'].message);
    assert.equal(t['line-3'].status, 'skipped');
    assert.match(t['line-3'].message ?? '', /not allowed: add it to swarmPilot\.connections in your user settings/);
    assert.equal(result.outcome, 'failed', 'a skipped target makes the rollout incomplete');
    assert.ok(Date.parse(t['line-1'].finishedAt!) <= Date.parse(t['line-2'].startedAt!), 'the canary wave finished before the next started');
    for (const h of F) assert.equal(images(h), 'probe/busybox:1', h);
    // The wave plan preview was shown before anything changed.
    const preview = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'swarm-pilot-fleet-plan');
    assert.ok(preview, 'the wave plan document was opened');
    assert.match(
      preview.getText(),
      /wave 1 \(failure budget 0\)\n {2}line-1 +1 to create, 0 to update, 0 unchanged via user setting "fleet one" \(same host\)/,
    );
    assert.match(preview.getText(), /line-3 +not allowed: add it to swarmPilot\.connections/);
  });

  it('the view shows each target: connection state, the revision it runs, this rollout’s result', async () => {
    await vscode.commands.executeCommand('swarmPilot.refreshFleet');
    const one = await waitFor('line-1 probed', () => (row('line-1')?.live ? row('line-1') : undefined));
    const revision = one.state?.revision;
    assert.ok(revision, 'the rollout recorded a revision');
    assert.equal(one.live?.reachable, true);
    assert.equal(one.live?.revision, revision, 'the revision label on the target is the recorded one');
    assert.equal(row('line-3')?.connection.allowed, false);
    assert.equal(row('line-3')?.live, undefined, 'a target that is not allowed is never asked');
  });

  it('clicking a target switches the Nodes view to its swarm', async () => {
    const id = await vscode.commands.executeCommand('swarmPilot.openFleetTarget', 'line-1');
    assert.equal(id, 'setting:fleet one');
    assert.equal(api.swarm.connections.active().id, 'setting:fleet one');
    const hostname = on(F[0], 'info', '--format', '{{.Name}}');
    await waitFor(`the Nodes view shows ${hostname}`, () => (api.swarm.rows('nodes').some((r) => r.label === hostname) ? true : undefined), 30_000);
    assert.equal(await vscode.commands.executeCommand('swarmPilot.openFleetTarget', 'line-3'), undefined, 'a target that is not allowed is not opened');
    assert.equal(api.swarm.connections.active().id, 'setting:fleet one');
  });

  it('Pause stops a running rollout (interrupted), Resume finishes it without redeploying finished targets', async () => {
    writeFileSync(stackPath, stackText('2'));
    // Deploy to Fleet reads the stack file through VS Code: wait until an open document has the new text from disk.
    const current = () => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === stackPath);
    await waitFor('the stack file at release 2', () => (!current() || current()!.getText() === stackText('2') ? true : undefined), 20_000);
    const running = vscode.commands.executeCommand('swarmPilot.deployToFleet', vscode.Uri.file(stackPath), vscode.Uri.file(fleetPath), STACK, true);
    await waitFor('line-1 deploying', () => (api.fleet.session.run?.targets['line-1']?.status === 'deploying' ? true : undefined), 60_000);
    await vscode.commands.executeCommand('swarmPilot.pauseFleet');
    const paused = (await running) as FleetResult;
    assert.equal(paused.outcome, 'interrupted', paused.message);
    assert.notEqual(paused.state!.targets['line-2'].status, 'succeeded', 'the second wave did not run');
    const resumed = (await vscode.commands.executeCommand('swarmPilot.resumeFleet', true)) as FleetResult;
    assert.equal(resumed.state!.targets['line-1'].status, 'succeeded');
    assert.equal(resumed.state!.targets['line-2'].status, 'succeeded');
    for (const h of F) assert.equal(images(h), 'probe/busybox:2', h);
  });

  it('Roll Back Fleet takes every target the rollout changed back to its previous revision', async () => {
    const result = (await vscode.commands.executeCommand('swarmPilot.rollbackFleet', true)) as FleetResult;
    assert.equal(result.outcome, 'rolled-back', result.message);
    for (const h of F) assert.equal(images(h), 'probe/busybox:1', h);
  });
});
