// UI scenarios for the day-2 operations (issue #15) against the real test swarm: the Rebalance preview after a
// worker came back, Show Stack Logs, Open Shell on a running task. Same shape as ./scenarios.mjs; every `spui*`
// object is removed and the drained worker made active again in `finally`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contextMenu, docker, expandPane, labelled, notification, openSwarmPilot, removeQuietly, row, until } from './explorerScenarios.mjs';
import { quickOpen, runCommand, screenshot } from './workbench.mjs';

const WORKER = 'vm-w1';
const stackLabel = (stack) => ['--label', `com.docker.stack.namespace=${stack}`];

/** A service of `stack` made with the docker CLI (as `docker stack deploy` would label it), not waited for. */
function createService(stack, name, { replicas = 1, extra = [], command = ['sleep', '86400'] } = {}) {
  removeQuietly('service', `${stack}_${name}`);
  const mode = extra.includes('--mode') ? [] : ['--replicas', String(replicas)];
  docker(
    'service',
    'create',
    '-d',
    '--name',
    `${stack}_${name}`,
    ...stackLabel(stack),
    ...mode,
    '--stop-grace-period',
    '1s',
    ...extra,
    'probe/busybox:1',
    ...command,
  );
  return `${stack}_${name}`;
}

/** The nodes of the service's running tasks (one entry per task). */
const runningNodes = (service) =>
  docker('service', 'ps', '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}', service)
    .split('\n')
    .filter((l) => / Running /.test(` ${l} `))
    .map((l) => l.split(' ')[0]);

/** The rows of the open QuickPick (label, description, detail; checked state when it has checkboxes). */
async function quickPickRows(page) {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => {
      const box = r.querySelector('input[type=checkbox], .monaco-custom-toggle, [role=checkbox]');
      const checked = box
        ? box instanceof HTMLInputElement
          ? box.checked
          : box.getAttribute('aria-checked') === 'true' || box.classList.contains('checked')
        : undefined;
      return { text: r.textContent ?? '', aria: r.getAttribute('aria-label') ?? '', checked: checked ?? r.getAttribute('aria-checked') === 'true' };
    }),
  );
}

/** The text of the active editor as shown (what the user sees, unsaved edits included). */
const editorText = async (page) =>
  (await page.locator('.editor-instance .view-lines').first().locator('.view-line').allTextContents()).map((l) => l.replace(/\u00a0/g, ' ')).join('\n');

/** Clicks the button of the notification whose text matches (in the notification center: toasts of this headless workbench may not show). */
async function notificationButton(page, text, button) {
  const item = await notification(page, text, 60_000);
  await item.getByRole('button', { name: button, exact: true }).click();
}

export const day2Scenarios = [
  {
    name: 'rebalance-preview',
    title: 'Rebalance after a worker came back: the Recovery view row and the preview of the moves (cancelled)',
    async run({ page }) {
      const service = createService('spuirb', 'web', { replicas: 4 });
      const shots = [];
      try {
        await until(`4 running tasks of ${service}`, () => runningNodes(service).length === 4, 90_000);
        // The view follows node events from here on: it sees the worker leave and come back.
        await openSwarmPilot(page);
        await expandPane(page, 'Recovery');
        await row(page, 'Recovery', /Raft:/).waitFor({ timeout: 30_000 });
        docker('node', 'update', '--availability', 'drain', WORKER);
        await until(
          `no task of ${service} on ${WORKER}`,
          () => {
            const nodes = runningNodes(service);
            return nodes.length === 4 && !nodes.includes(WORKER);
          },
          90_000,
        );
        docker('node', 'update', '--availability', 'active', WORKER);
        const before = runningNodes(service);
        assert.ok(!before.includes(WORKER), `swarm does not move tasks back by itself: ${before.join(', ')}`);

        const returned = row(page, 'Recovery', new RegExp(`node ${WORKER} returned .*: \\d+ service\\(s\\) skewed`));
        await returned.waitFor({ timeout: 30_000 });
        await page.waitForTimeout(500);
        shots.push(await screenshot(page, 'rebalance-recovery-row'));
        // The row's command is Rebalance Swarm.
        await returned.click();
        const picker = page.locator('.quick-input-widget').filter({ hasText: 'rebalance the swarm' });
        await picker.waitFor({ timeout: 30_000 });
        await picker.locator('.monaco-list-row').filter({ hasText: service }).first().waitFor({ timeout: 10_000 });
        const rows = await quickPickRows(page);
        const ours = rows.find((r) => r.text.includes(service));
        assert.ok(ours, `the preview lists ${service}: ${JSON.stringify(rows)}`);
        // `vm 2, vm-w2 2 → vm 2, vm-w1 1, vm-w2 1`: the expected spread uses the worker that came back.
        assert.match(ours.text, new RegExp(`→ .*${WORKER} \\d`), `the preview shows the move to ${WORKER}: ${ours.text}`);
        assert.equal(ours.checked, true, `a service without local data is ticked: ${JSON.stringify(ours)}`);
        await page.waitForTimeout(500);
        shots.push(await screenshot(page, 'rebalance-preview'));
        await page.keyboard.press('Escape');
        await picker.waitFor({ state: 'hidden', timeout: 10_000 });
        // Cancelled: nothing was force-updated.
        await page.waitForTimeout(1500);
        assert.equal(docker('service', 'inspect', '--format', '{{.Spec.TaskTemplate.ForceUpdate}}', service), '0');
      } finally {
        docker('node', 'update', '--availability', 'active', WORKER);
        removeQuietly('service', service);
      }
      return shots;
    },
  },
  {
    name: 'stack-logs',
    title: 'Show Stack Logs follows both services of a stack in one output channel',
    async run({ page }) {
      const loop = (what) => ['sh', '-c', `i=0; while true; do i=$((i+1)); echo "${what} $i"; sleep 1; done`];
      const api = createService('spuilogs', 'api', { command: loop('GET /orders/ 200 request') });
      const worker = createService('spuilogs', 'worker', { command: loop('job done:') });
      const shots = [];
      try {
        await until('both services logging', () => [api, worker].every((s) => docker('service', 'logs', '--tail', '1', s).length > 0), 90_000);
        await runCommand(page, 'Swarm Pilot: Show Stack Logs');
        const picker = page.locator('.quick-input-widget').filter({ hasText: 'Show Stack Logs' });
        await picker.waitFor({ timeout: 20_000 });
        await page.locator('.quick-input-widget input').fill('spuilogs');
        await picker.locator('.monaco-list-row').filter({ hasText: 'spuilogs' }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        const output = page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
        await output.waitFor({ timeout: 20_000 });
        const lines = async () => (await page.locator('.part.panel .view-lines .view-line').allTextContents()).map((l) => l.replace(/\u00a0/g, ' '));
        // `service.slot@node | line` (the service without its stack prefix).
        const pattern = (s) => new RegExp(`^${s.replace('spuilogs_', '')}\\.1@vm(-w\\d)? \\| `);
        await until(
          'lines of both services in the channel',
          async () => {
            const l = await lines();
            return l.some((x) => pattern(api).test(x)) && l.some((x) => pattern(worker).test(x));
          },
          30_000,
        );
        await page.waitForTimeout(3000); // a few more followed lines
        const shown = (await lines()).filter((l) => l.trim());
        for (const l of shown) assert.match(l, /^(api|worker)\.1@vm(-w\d)? \| (GET \/orders\/ 200 request|job done:) \d+$/, `a stack log line: ${l}`);
        // The channel keeps following: the counters grow.
        const last = async () => Math.max(...(await lines()).filter((l) => pattern(api).test(l)).map((l) => Number(l.split(' ').pop())));
        const first = await last();
        await until('more followed lines', async () => (await last()) > first, 15_000);
        // A late startup Welcome page may have opened: not part of the picture; the channel gets the room.
        await runCommand(page, 'View: Close All Editors');
        await runCommand(page, 'View: Toggle Maximized Panel');
        await page.mouse.move(1000, 600); // over the channel's empty part: no tooltip
        await page.waitForTimeout(1500);
        shots.push(await screenshot(page, 'stack-logs'));
      } finally {
        removeQuietly('service', api, worker);
      }
      return shots;
    },
  },
  {
    name: 'task-shell',
    title: 'Open Shell on running tasks of the manager and of a worker: `hostname` answers in the terminal, `exit` closes it',
    async run({ page, workspace }) {
      // xterm's DOM renderer, so that the terminal's text can be read (headless Chromium may lack WebGL anyway).
      const settingsFile = join(workspace, '.vscode', 'settings.json');
      const settings = readFileSync(settingsFile, 'utf8');
      writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(settings), 'terminal.integrated.gpuAcceleration': 'off' }, null, 2));
      // The workers' daemons, as the README shows, in the user (remote machine) settings of this server: the
      // manager's task goes through the active connection (its own daemon), a worker's through this entry.
      // (the server's --user-data-dir holds them: see test/host/lib/server.mjs).
      const machineSettings = join(dirname(workspace), 'user-data', 'Machine', 'settings.json');
      mkdirSync(dirname(machineSettings), { recursive: true });
      const nodeConnections = ['vm-w1', 'vm-w2'].map((node) => ({ node, host: `unix:///var/run/docker-${node.replace('vm-', '')}.sock` }));
      writeFileSync(machineSettings, JSON.stringify({ 'swarmPilot.nodeConnections': nodeConnections }, null, 2));
      const service = createService('spuishell', 'shellbox', { extra: ['--mode', 'global', '--hostname', 'shellbox-on-{{.Node.Hostname}}'] });
      const shots = [];
      const panelText = async () =>
        (
          await page
            .locator('.part.panel .terminal-wrapper.active .xterm-rows')
            .first()
            .innerText()
            .catch(() => '')
        ).replace(/\u00a0/g, ' ');
      const terminalTab = (node) =>
        page
          .locator('.part.panel')
          .getByText(new RegExp(`${service}\\.\\w+@${node}(?![-\\w])`))
          .first();
      /** Open Shell on the service's task on `node`, `hostname` in it; returns the terminal. */
      const shellOn = async (node) => {
        const task = labelled(page, 'Stacks', `${service}\\.${node}`, /running/);
        // The tree redraws as the swarm changes: click the service until its task rows show.
        await until(
          `the task row on ${node}`,
          async () => {
            if (await task.isVisible().catch(() => false)) return true;
            const box = labelled(page, 'Stacks', 'shellbox');
            if ((await box.getAttribute('aria-expanded')) !== 'true') await box.click().catch(() => undefined);
            return task.waitFor({ timeout: 3000 }).then(
              () => true,
              () => false,
            );
          },
          30_000,
        );
        await (await contextMenu(page, task, 'Open Shell')).click();
        await terminalTab(node)
          .waitFor({ timeout: 20_000 })
          .catch(async (err) => {
            await runCommand(page, 'Notifications: Show Notifications');
            await page.waitForTimeout(1000);
            throw new Error(
              `${err.message}\nnotifications: ${await page
                .locator('.notifications-center')
                .textContent()
                .catch(() => '?')}`,
            );
          });
        const term = page.locator('.part.panel .terminal-wrapper.active .xterm').first();
        await until(`the shell prompt on ${node}`, async () => /[#$] *$/m.test(await panelText()), 30_000);
        await term.click();
        await page.keyboard.type('hostname\n', { delay: 30 });
        await until(`the answer shellbox-on-${node}`, async () => new RegExp(`^shellbox-on-${node}\\s*$`, 'm').test(await panelText()), 20_000);
        return term;
      };
      const exit = async (term, node) => {
        await term.click();
        await page.keyboard.type('exit\n', { delay: 30 });
        // The shell's exit closes the terminal.
        await until(
          `the terminal on ${node} closed`,
          async () =>
            !(await terminalTab(node)
              .isVisible()
              .catch(() => false)),
          20_000,
        );
      };
      try {
        await until(`${service} running on the 3 nodes`, () => runningNodes(service).length === 3, 90_000);
        await openSwarmPilot(page);
        await labelled(page, 'Stacks', 'spuishell').waitFor({ timeout: 30_000 });
        await exit(await shellOn('vm'), 'vm');
        const term = await shellOn(WORKER);
        // A late startup Welcome page may have opened in the editor area: not part of the picture.
        await runCommand(page, 'View: Close All Editors');
        await page.waitForTimeout(600);
        shots.push(await screenshot(page, 'task-shell'));
        await exit(term, WORKER);
      } finally {
        removeQuietly('service', service);
        writeFileSync(settingsFile, settings);
        rmSync(machineSettings, { force: true });
      }
      return shots;
    },
  },
  {
    name: 'rotate-secret-edit-offer',
    title: 'Rotate Secret on a secret named by the open stack file: the offer to update the file, accepted, makes it say name: <new>',
    async run({ page, workspace }) {
      const secret = 'fz_uirot_sec';
      const service = 'fz_uirot_web';
      const rel = 'fz-rotate-stack.yml';
      const file = join(workspace, rel);
      const removeAll = () => {
        removeQuietly('service', service);
        const names = docker('secret', 'ls', '--filter', `name=${secret}`, '--format', '{{.Name}}').split('\n').filter(Boolean);
        removeQuietly('secret', ...names);
      };
      removeAll();
      execFileSync('docker', ['secret', 'create', secret, '-'], { input: 'old-content', encoding: 'utf8', timeout: 60_000 });
      docker('service', 'create', '-d', '--name', service, '--secret', secret, '--stop-grace-period', '1s', 'probe/busybox:1', 'sleep', '86400');
      writeFileSync(
        file,
        [
          'services:',
          '  web:',
          '    image: probe/busybox:1',
          '    secrets: [token]',
          'secrets:',
          '  token:',
          '    external: true',
          `    name: ${secret}`,
          '',
        ].join('\n'),
      );
      const shots = [];
      try {
        await until(`${service} running`, () => runningNodes(service).length === 1, 90_000);
        await quickOpen(page, rel);
        await runCommand(page, 'Swarm Pilot: Rotate Secret');
        const input = page.locator('.quick-input-widget input');
        await page.locator('.quick-input-widget').filter({ hasText: 'Rotate secret' }).waitFor({ timeout: 20_000 });
        await input.fill(secret);
        await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: secret }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        // Content: typed in (a password box), never from disk.
        await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Type it in' }).first().click({ timeout: 20_000 });
        await page.locator('.quick-input-widget').filter({ hasText: 'Content of the secret' }).waitFor({ timeout: 10_000 });
        await input.fill('new-content');
        await page.keyboard.press('Enter');
        const dialog = page.locator('.monaco-dialog-box').filter({ hasText: `Rotate secret ${secret}?` });
        await dialog.waitFor({ timeout: 20_000 });
        await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
        // The rotation converges, then the open file that names the old secret is offered the edit.
        const newName = `${secret}_v2`;
        await notificationButton(page, `still names secret ${secret}`, 'Update');
        await until('the editor says the new name', async () => (await editorText(page)).includes(`name: ${newName}`), 20_000);
        assert.ok(!(await editorText(page)).includes(`name: ${secret}\n`), 'the old name is gone from the file');
        assert.equal(docker('secret', 'ls', '--filter', `name=${newName}`, '--format', '{{.Name}}'), newName, 'the new secret exists');
        assert.equal(
          docker('service', 'inspect', '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}}{{end}}', service),
          newName,
          'the service uses the new secret',
        );
        await page.waitForTimeout(800);
        shots.push(await screenshot(page, 'rotate-secret-edit-offer'));
        await runCommand(page, 'File: Revert File');
      } finally {
        removeAll();
        rmSync(file, { force: true });
      }
      return shots;
    },
  },
  {
    name: 'stack-logs-stop-on-close',
    title: 'Stack logs stop following when the Output view shows another channel, and Stop Following Stack Logs stops them',
    async run({ page }) {
      const service = createService('fz_uilogs', 'ticker', { command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 1; done'] });
      const lines = async () => (await page.locator('.part.panel .view-lines .view-line').allTextContents()).map((l) => l.replace(/\u00a0/g, ' '));
      const showStackLogs = async () => {
        await runCommand(page, 'Swarm Pilot: Show Stack Logs');
        await page.locator('.quick-input-widget').filter({ hasText: 'Show Stack Logs' }).waitFor({ timeout: 20_000 });
        await page.locator('.quick-input-widget input').fill('fz_uilogs');
        await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'fz_uilogs' }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        // The new follow's ticks: a restart clears the channel, so the earlier follow's "stopped" line is gone first
        // (until then the follow may not have started, and its Stop command is not in the palette yet).
        await until(
          'ticks of a running follow in the channel',
          async () => {
            const now = await lines();
            return now.some((l) => /ticker\.1@.* \| tick \d+/.test(l)) && !now.some((l) => /--- stopped following/.test(l));
          },
          30_000,
        );
      };
      const shots = [];
      try {
        await until('the ticker logging', () => docker('service', 'logs', '--tail', '1', service).length > 0, 90_000);
        await showStackLogs();
        // Another channel in the Output view closes this one's document: the follow stops.
        await runCommand(page, 'Swarm Pilot: Show Output');
        await page.waitForTimeout(2000);
        // Back on the stack channel (through the Output view's channel list): it says it stopped, and stays put.
        await runCommand(page, 'Output: Show Output Channels...');
        await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'stack fz_uilogs logs' }).first().click({ timeout: 20_000 });
        await until('the stopped line', async () => (await lines()).some((l) => /--- stopped following \(the channel was closed\)/.test(l)), 20_000);
        const count = async () => (await lines()).filter((l) => /\| tick \d+/.test(l)).length;
        const before = await count();
        await page.waitForTimeout(4000);
        assert.equal(await count(), before, 'no line arrives after the channel was closed');
        // Following again, then the Stop command (palette) stops it at once.
        await showStackLogs();
        await runCommand(page, 'Swarm Pilot: Stop Following Stack Logs');
        await until('the stopped line', async () => (await lines()).some((l) => /--- stopped following \(Stop Following Stack Logs\)/.test(l)), 20_000);
        shots.push(await screenshot(page, 'stack-logs-stopped'));
      } finally {
        removeQuietly('service', service);
      }
      return shots;
    },
  },
];
