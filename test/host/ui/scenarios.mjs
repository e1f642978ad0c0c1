// UI scenarios in real Chromium against the VS Code server with the extension installed.
// Each scenario gets a fresh browser context (a fresh workbench) and saves PNGs to test-results/screenshots/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../lib/paths.mjs';
import { quickOpen, runCommand, screenshot } from './workbench.mjs';
import { explorerScenarios } from './explorerScenarios.mjs';
import { deployScenarios } from './deployScenarios.mjs';
import { day2Scenarios } from './day2Scenarios.mjs';
import { liveScenarios } from './liveScenarios.mjs';
import { quickFixScenarios } from './quickFixScenarios.mjs';
import { fleetScenarios } from './fleetScenarios.mjs';

/** `swarm-pilot check --format json` for one file: the messages the Problems panel must show. */
export function cliMessages(file) {
  let out;
  try {
    out = execFileSync(process.execPath, [join(ROOT, 'bin', 'swarm-pilot.js'), 'check', '--format', 'json', file], { encoding: 'utf8' });
  } catch (err) {
    out = err.stdout;
  }
  return JSON.parse(out).files[0].diagnostics.map((d) => d.message);
}

async function markerLabels(page) {
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

/** Clicks the `{}` language status item and waits for its hover to show `text`; returns the hover. */
async function openLanguageStatus(page, text) {
  const item = page.locator('#status\\.languageStatus');
  await item.waitFor();
  await page.mouse.move(10, 10);
  await item.click();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: text }).first();
  await hover.waitFor({ timeout: 15_000 });
  await page.waitForTimeout(400); // the hover fades in
  return hover;
}

export const scenarios = [
  {
    name: 'problems-panel',
    title: 'a broken stack file shows our diagnostics in the Problems panel',
    async run({ page, workspace, metric, t0 }) {
      const expected = cliMessages(join(workspace, 'stack', 'broken-stack.yml'));
      assert.ok(expected.length >= 8, `the example has many problems (${expected.length})`);
      await quickOpen(page, 'stack/broken-stack.yml');
      const shown = Date.now();
      metric('workbench opened → editor shown ms', shown - t0);
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor();
      const firstRow = page
        .locator('.markers-panel .monaco-list-row')
        .filter({ hasText: /stack-/ })
        .first();
      await firstRow.waitFor({ timeout: 30_000 });
      metric('editor shown → first Problems row ms', Date.now() - shown);
      await page.waitForFunction((n) => document.querySelectorAll('.markers-panel .monaco-list-row').length >= Math.min(n, 6), expected.length, {
        timeout: 20_000,
      });
      await page.waitForTimeout(800); // let squiggles render for the screenshot
      const shots = [await screenshot(page, 'problems-panel')];
      // Maximize the panel so every row is rendered (the list is virtual), then compare with the CLI.
      await runCommand(page, 'View: Toggle Maximized Panel');
      await page.waitForTimeout(500);
      await page.mouse.move(640, 5);
      await page.waitForTimeout(700); // let a row's hover fade
      const labels = await markerLabels(page);
      for (const msg of expected)
        assert.ok(
          labels.some((l) => l.includes(msg.slice(0, 60))),
          `Problems panel shows "${msg}"\nrows:\n${labels.join('\n')}`,
        );
      shots.push(await screenshot(page, 'problems-panel-all-rows'));
      return shots;
    },
  },
  {
    name: 'language-status',
    title: 'the language status item shows the file kind and switches the mode',
    async run({ page }) {
      await quickOpen(page, 'stack/broken-stack.yml');
      await page.waitForTimeout(1000);
      const hover = await openLanguageStatus(page, 'Stack file (swarm)');
      assert.match(await hover.textContent(), /\d+ errors, \d+ warnings · file name matches swarmPilot\.stackGlobs/);
      const shots = [await screenshot(page, 'language-status-stack')];
      // The item's command opens the mode picker.
      await hover.getByText('Change Mode').first().click();
      const picker = page.locator('.quick-input-widget');
      await picker.getByText('Compose file').first().waitFor();
      await page.waitForTimeout(500); // the picker fades in
      shots.push(await screenshot(page, 'language-status-mode-picker'));
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');

      await quickOpen(page, 'compose/compose.yaml');
      await page.waitForTimeout(1000);
      await openLanguageStatus(page, 'Compose file');
      shots.push(await screenshot(page, 'language-status-compose'));
      await page.keyboard.press('Escape');
      return shots;
    },
  },
  {
    name: 'swarm-view',
    title: 'the Swarm Pilot view container opens with its welcome content',
    async run({ page }) {
      await page.locator('.activitybar .action-item a[aria-label^="Swarm Pilot"], .activitybar .action-item[aria-label^="Swarm Pilot"] a').first().click();
      const welcome = page.locator('.welcome-view-content').filter({ hasText: 'Open an Example Stack File' });
      await welcome.waitFor({ timeout: 20_000 });
      await page.locator('.part.sidebar .title-label').filter({ hasText: 'Swarm Pilot' }).first().waitFor();
      const shots = [await screenshot(page, 'swarm-view')];
      // The welcome button opens the example in the extension's storage, where it is validated.
      await welcome.getByRole('button', { name: 'Open an Example Stack File' }).click();
      await page.locator('.tabs-container .tab[aria-label*="example-stack.yml"]').first().waitFor();
      await page.keyboard.press('Control+Shift+M');
      await page
        .locator('.markers-panel .monaco-list-row')
        .filter({ hasText: /stack-forbidden-key|forbidden/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.waitForTimeout(800);
      shots.push(await screenshot(page, 'swarm-view-example-opened'));
      // The walkthrough link in the welcome content (panel closed to show more of it).
      await page.keyboard.press('Control+J');
      await welcome.getByText('Get Started with Swarm Pilot').first().click();
      await page.locator('.gettingStartedContainer').filter({ hasText: 'Open an example stack file' }).first().waitFor({ timeout: 20_000 });
      await page.waitForTimeout(800);
      shots.push(await screenshot(page, 'walkthrough'));
      return shots;
    },
  },
  // Scenarios against the live test swarm (the engine test group leaves it running), one module per area.
  ...explorerScenarios,
  ...deployScenarios,
  ...day2Scenarios,
  ...liveScenarios,
  // Last: it edits (then reverts) the broken example the first scenarios read.
  ...quickFixScenarios,
  // After the others: it changes the user connections (and the active one) for its two fleet swarms, then removes them.
  ...fleetScenarios,
];
