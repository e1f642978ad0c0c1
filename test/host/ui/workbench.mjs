// Small helpers for driving the VS Code web workbench with Playwright.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/paths.mjs';

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export async function openWorkbench(browser, server, workspace) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${server.url}/?folder=${encodeURI(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
  const loadMs = Date.now() - t0;
  // The secondary side bar (chat) opens by default and its setting is application-scoped: close it.
  const aux = page.locator('.part.auxiliarybar');
  if (await aux.isVisible().catch(() => false)) {
    await page.keyboard.press('Control+Alt+B');
    await aux.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  }
  // A startup Welcome page may open late (before workspace settings apply) and steal focus: close it.
  await page.waitForTimeout(1500);
  await closeTabs(page, /Welcome/);
  return { context, page, loadMs };
}

async function closeTabs(page, label) {
  for (const tab of await page.locator('.tabs-container .tab').filter({ hasText: label }).all()) {
    await tab.hover().catch(() => undefined);
    await tab
      .locator('.action-label.codicon-close, .codicon-close')
      .first()
      .click()
      .catch(() => undefined);
  }
}

/** Ctrl+P, type the path, Enter; waits for the editor tab (retries: a late startup editor can steal focus). */
export async function quickOpen(page, relPath) {
  const name = relPath.split('/').pop();
  const tab = page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill(relPath);
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(200);
      await page.keyboard.press('Enter');
      await tab.waitFor({ timeout: 10_000 });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      await closeTabs(page, /Welcome/);
    }
  }
  await page.locator('.editor-instance .view-lines').first().waitFor();
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page, title, timeout = 30_000) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('>' + title);
  // The row with this title, not the first row: the palette lists recently used commands first, and a fuzzy
  // match (e.g. "Choose the Deployed Stack…" for "Deploy Stack") may be one of them.
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await row.waitFor({ timeout });
  await page.waitForTimeout(300);
  await row.click();
}

/**
 * Runs a trust-gated command from the palette until its first prompt (a quick input containing `promptText`) opens:
 * the palette hides such a command until the workbench has set `isWorkspaceTrusted` (its enablement), which can lag
 * behind the first editor.
 */
export async function runCommandUntilPrompt(page, title, promptText) {
  for (let attempt = 1; ; attempt++) {
    const ran = await runCommand(page, title, 5_000).then(
      () => true,
      () => false,
    );
    const prompt = page.locator('.quick-input-widget').filter({ hasText: promptText });
    if (
      ran &&
      (await prompt.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      ))
    )
      return;
    if (attempt >= 5) throw new Error(`the ${title} prompt did not open after 5 attempts`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
