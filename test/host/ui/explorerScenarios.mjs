// UI scenarios for the Swarm explorer (nodes, services) and node operations from its context menu, against the
// real test swarm (test/engine/docker-ci.sh; run.mjs makes sure it is up). Same shape as ./scenarios.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { runCommand, screenshot } from './workbench.mjs';

const STACK = 'spui';
export const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8', timeout: 60_000 }).trim();

/** Polls `check` (sync or async) every second until it returns a truthy value; throws after `timeoutMs`. */
export async function until(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Removes swarm objects, ignoring the ones already gone. */
export function removeQuietly(kind, ...names) {
  for (const name of names) {
    try {
      docker(kind, 'rm', name);
    } catch {
      /* gone */
    }
  }
}

/** Expands a pane of the Swarm Pilot container (by its title) when it is collapsed. */
export async function expandPane(page, title) {
  const header = page
    .locator('.part.sidebar .pane-header')
    .filter({ has: page.locator('h3.title', { hasText: new RegExp(`^${title}$`, 'i') }) })
    .first();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
}

/** Opens the Swarm Pilot container in the activity bar. */
export async function openSwarmPilot(page) {
  await page.locator('.activitybar .action-item a[aria-label^="Swarm Pilot"], .activitybar .action-item[aria-label^="Swarm Pilot"] a').first().click();
  await page.locator('.part.sidebar .title-label').filter({ hasText: 'Swarm Pilot' }).first().waitFor();
  // Room for the live views: collapse the welcome pane, and widen the side bar so descriptions show.
  const start = page
    .locator('.part.sidebar .pane-header')
    .filter({ has: page.locator('h3.title', { hasText: /^Start$/i }) })
    .first();
  if ((await start.getAttribute('aria-expanded')) === 'true') await start.click();
  const box = await page.locator('.part.sidebar').boundingBox();
  if (box && box.width < 500) {
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width + 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 560, y, { steps: 5 });
    await page.mouse.up();
  }
}

/** The pane of one of our views, by its title. */
export function pane(page, title) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`, 'i') }) });
}

/** A row of a view (first one whose text matches). */
export function row(page, title, text) {
  return pane(page, title).locator('.monaco-list-row').filter({ hasText: text }).first();
}

/** The row whose label is exactly `label`, optionally with a description matching `description`. */
export function labelled(page, title, label, description) {
  let rows = pane(page, title)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
  if (description) rows = rows.filter({ has: page.locator('.label-description', { hasText: description }) });
  return rows.first();
}

/**
 * Waits for a notification with `text`, looked up in the notification center (toasts of this headless workbench
 * do not always show), which stays open for the screenshot.
 */
export async function notification(page, text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const center = page.locator('.notifications-center');
  for (;;) {
    if (!(await center.isVisible().catch(() => false))) await runCommand(page, 'Notifications: Show Notifications');
    const item = center.locator('.notification-list-item').filter({ hasText: text }).first();
    if (await item.isVisible().catch(() => false)) return item;
    if (Date.now() > deadline) throw new Error(`no notification "${text}" within ${timeoutMs} ms; shown: ${await center.textContent().catch(() => '?')}`);
    await page.waitForTimeout(1000);
  }
}

/** Opens a row's context menu and returns its (enabled) entry, for the caller to click. */
export async function contextMenu(page, rowLocator, entry) {
  // Right after the window opens, the workbench may not have set `isWorkspaceTrusted` yet, so the swarm
  // commands (enablement: isWorkspaceTrusted) show disabled for a moment: open the menu again until enabled.
  const deadline = Date.now() + 20_000;
  for (;;) {
    await rowLocator.click({ button: 'right' });
    const item = page.locator('.context-view .action-item, .monaco-menu .action-item').filter({ hasText: entry }).first();
    await item.waitFor({ timeout: 10_000 });
    const disabled = await item.evaluate((el) => el.classList.contains('disabled') || !!el.querySelector('.disabled'));
    if (!disabled) {
      await page.waitForTimeout(300);
      return item;
    }
    if (Date.now() > deadline) throw new Error(`context menu entry "${entry}" stayed disabled for 20 s`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
}

const availability = (hostname) => docker('node', 'inspect', '--format', '{{.Spec.Availability}}', hostname);

function ensureService() {
  try {
    docker('service', 'inspect', `${STACK}_web`);
  } catch {
    docker(
      'service',
      'create',
      '-d',
      '--name',
      `${STACK}_web`,
      '--label',
      `com.docker.stack.namespace=${STACK}`,
      '--replicas',
      '3',
      '--stop-grace-period',
      '1s',
      'probe/busybox:1',
      'sleep',
      '86400',
    );
  }
}

export const explorerScenarios = [
  {
    name: 'explorer',
    title: 'the Swarm explorer lists the nodes and services of the real test swarm',
    async run({ page }) {
      ensureService();
      await openSwarmPilot(page);
      const nodes = docker('node', 'ls', '--format', '{{.Hostname}}').split('\n');
      for (const n of nodes) await labelled(page, 'Nodes', n).waitFor({ timeout: 30_000 });
      await row(page, 'Nodes', /manager \(leader\)/).waitFor();
      const web = row(page, 'Stacks', /web.*replicated 3\/3/);
      await web.waitFor({ timeout: 60_000 });
      await row(page, 'Stacks', STACK).waitFor();
      // Expanding a service lists its tasks (polled only while expanded).
      await web.click();
      await row(page, 'Stacks', new RegExp(`${STACK}_web\\.1`)).waitFor({ timeout: 20_000 });
      // The Recovery view: Raft health and the root CA's expiry.
      await expandPane(page, 'Recovery');
      await row(page, 'Recovery', /Raft: 1\/1 managers reachable/).waitFor({ timeout: 20_000 });
      await row(page, 'Recovery', /root CA expires in \d+ days/).waitFor({ timeout: 20_000 });
      await page.waitForTimeout(600);
      const shots = [await screenshot(page, 'explorer')];
      // The status bar item names the connection and the node count.
      const status = page
        .locator('.statusbar-item')
        .filter({ hasText: `${nodes.length} nodes` })
        .first();
      await status.waitFor({ timeout: 10_000 });
      return shots;
    },
  },
  {
    name: 'drain-node',
    title: 'drain a worker from its context menu: impact dialog, progress, then activate it again',
    async run({ page }) {
      ensureService();
      const worker = docker('node', 'ls', '--filter', 'role=worker', '--format', '{{.Hostname}}').split('\n').sort()[0];
      assert.equal(availability(worker), 'active');
      await openSwarmPilot(page);
      const nodeRow = labelled(page, 'Nodes', worker);
      await nodeRow.waitFor({ timeout: 30_000 });
      await row(page, 'Stacks', /web.*replicated 3\/3/).waitFor({ timeout: 60_000 });
      const shots = [];
      try {
        const drain = await contextMenu(page, nodeRow, 'Drain Node');
        shots.push(await screenshot(page, 'drain-context-menu'));
        await drain.click();
        const dialog = page.locator('.monaco-dialog-box').filter({ hasText: `Drain ${worker}?` });
        await dialog.waitFor({ timeout: 20_000 });
        assert.match(await dialog.textContent(), /task|move|nothing/i, 'the dialog says what moves');
        await page.waitForTimeout(400);
        shots.push(await screenshot(page, 'drain-confirmation'));
        await dialog.getByRole('button', { name: 'Drain', exact: true }).click();
        await notification(page, `${worker} drained`, 90_000);
        assert.equal(availability(worker), 'drain');
        await labelled(page, 'Nodes', worker, /drain/).waitFor({ timeout: 20_000 });
        await page.waitForTimeout(500);
        shots.push(await screenshot(page, 'drain-done'));
        const activate = await contextMenu(page, labelled(page, 'Nodes', worker), 'Activate Node');
        await activate.click();
        await labelled(page, 'Nodes', worker, /active/).waitFor({ timeout: 20_000 });
        assert.equal(availability(worker), 'active');
      } finally {
        docker('node', 'update', '--availability', 'active', worker);
        try {
          docker('service', 'rm', `${STACK}_web`);
        } catch {
          /* gone */
        }
      }
      return shots;
    },
  },
];
