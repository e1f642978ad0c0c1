// UI scenario for Deploy to Fleet, against two independent single-node swarms (unix:///var/run/docker-f1|2.sock:
// `DOCKER_CI_FLEET=2 test/engine/docker-ci.sh fleet`, started by test/host/run.mjs when they are not up). Same shape
// as ./scenarios.mjs. The user settings (the server's Machine settings) allow both targets; a third target of the
// workspace's fleet file names a host that no user setting has and shows as "not allowed".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { ROOT } from '../lib/paths.mjs';
import { dirname, join } from 'node:path';
import { expandPane, labelled, notification, openSwarmPilot, until } from './explorerScenarios.mjs';
import { quickOpen, runCommandUntilPrompt, screenshot } from './workbench.mjs';

const STACK = 'spuifleet';
const F = [1, 2].map((i) => `unix:///var/run/docker-f${i}.sock`);
const on = (host, ...args) => execFileSync('docker', ['--host', host, ...args], { encoding: 'utf8', timeout: 60_000 }).trim();

function removeStacks() {
  for (const h of F) {
    try {
      on(h, 'stack', 'rm', STACK);
    } catch {
      /* not there */
    }
  }
}

export const fleetScenarios = [
  {
    name: 'fleet-deploy',
    title: 'Deploy to Fleet: the wave plan and the confirmation, per-target progress in the Fleet view, a target click switches Nodes',
    async run({ page, workspace }) {
      for (const h of F) {
        if (on(h, 'info', '--format', '{{.Swarm.ControlAvailable}}') !== 'true')
          throw new Error(`no fleet swarm on ${h}: run DOCKER_CI_FLEET=2 test/engine/docker-ci.sh fleet`);
      }
      removeStacks();
      const machineSettings = join(dirname(workspace), 'user-data', 'Machine', 'settings.json');
      mkdirSync(dirname(machineSettings), { recursive: true });
      writeFileSync(
        machineSettings,
        JSON.stringify(
          {
            'swarmPilot.connections': [
              { name: 'line-1', host: F[0] },
              { name: 'line-2', host: F[1] },
            ],
          },
          null,
          2,
        ),
      );
      mkdirSync(join(workspace, 'fleet'), { recursive: true });
      copyFileSync(join(ROOT, 'test', 'host', 'fixtures', 'fleet', 'two-lines.fleet.yaml'), join(workspace, 'fleet', 'lines.fleet.yaml'));
      writeFileSync(join(workspace, 'fleet', 'web-stack.yml'), 'services:\n  web:\n    image: probe/busybox:1\n    command: ["sleep", "86400"]\n');
      const shots = [];
      try {
        await quickOpen(page, 'fleet/web-stack.yml');
        await runCommandUntilPrompt(page, 'Swarm Pilot: Deploy to Fleet', 'Stack name on every target');
        await page.locator('.quick-input-widget input').fill(STACK);
        await page.keyboard.press('Enter');
        const dialog = page.locator('.monaco-dialog-box').filter({ hasText: `Deploy stack ${STACK} to fleet` });
        await dialog.waitFor({ timeout: 90_000 });
        assert.match(await dialog.textContent(), /2 target\(s\) to change, 1 not allowed/);
        // The wave plan document behind the dialog.
        const plan = page.locator('.editor-instance .view-lines');
        assert.match((await plan.textContent()).replace(/\u00a0/g, ' '), /not allowed: add it to swarmPilot\.connections/);
        await page.waitForTimeout(400);
        shots.push(await screenshot(page, 'fleet-wave-plan'));
        await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();
        await openSwarmPilot(page);
        await expandPane(page, 'Fleet');
        await labelled(page, 'Fleet', 'line-1').waitFor({ timeout: 30_000 });
        shots.push(await screenshot(page, 'fleet-progress'));
        await notification(page, 'skipped (unreachable): line-3', 240_000);
        await until('line-2 succeeded in the Fleet view', () => labelled(page, 'Fleet', 'line-2', /succeeded/).isVisible(), 60_000);
        await labelled(page, 'Fleet', 'line-3', /not allowed/).waitFor({ timeout: 10_000 });
        shots.push(await screenshot(page, 'fleet-view'));
        for (const h of F)
          assert.equal(
            on(h, 'service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Name}} {{.Replicas}}'),
            `${STACK}_web 1/1`,
          );
        // A target's click: the Nodes view shows that swarm's only node.
        await labelled(page, 'Fleet', 'line-1').click();
        await expandPane(page, 'Nodes');
        const hostname = on(F[0], 'info', '--format', '{{.Name}}');
        await labelled(page, 'Nodes', hostname).waitFor({ timeout: 30_000 });
        await page.waitForTimeout(800);
        shots.push(await screenshot(page, 'fleet-target-nodes'));
      } finally {
        removeStacks();
        // Without these entries the active connection (line-1 now) no longer exists: the next scenarios are back on
        // the docker default, the test swarm.
        writeFileSync(machineSettings, '{}\n');
      }
      return shots;
    },
  },
];
