// UI scenario: a quick fix applied from the light bulb menu (Ctrl+.), then the Problems panel re-checked.
import assert from 'node:assert/strict';
import { quickOpen, runCommand, screenshot } from './workbench.mjs';

export const quickFixScenarios = [
  {
    name: 'quick-fix',
    title: 'a quick fix from the light bulb moves mem_limit where swarm reads it',
    async run({ page }) {
      await quickOpen(page, 'stack/broken-stack.yml');
      await page.keyboard.press('Control+Shift+M');
      const forbidden = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'mem_limit is forbidden' });
      await forbidden.first().waitFor({ timeout: 30_000 });
      // Cursor onto `mem_limit` (line 26 of the example), then the quick fix menu.
      await page.locator('.editor-instance .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').fill(':26:7');
      await page.keyboard.press('Enter');
      // The status bar confirms where the cursor is before the menu is asked for.
      await page.locator('.statusbar-item').filter({ hasText: 'Ln 26, Col 7' }).first().waitFor({ timeout: 10_000 });
      const item = page
        .locator('.action-widget .action-item, .action-widget .monaco-list-row')
        .filter({ hasText: 'Move mem_limit to deploy.resources.limits.memory' })
        .first();
      // Ctrl+. can land while the editor is still taking focus back from the input box: ask again if no menu came.
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+.');
        try {
          await item.waitFor({ timeout: 7_000 });
          break;
        } catch (err) {
          if (attempt === 3) throw err;
          await page.keyboard.press('Escape');
        }
      }
      await page.waitForTimeout(400); // the menu fades in
      const shots = [await screenshot(page, 'quick-fix-menu')];
      await item.click();
      // The error disappears from the Problems panel and the editor holds the moved key.
      await forbidden.first().waitFor({ state: 'detached', timeout: 20_000 });
      const text = await page.locator('.editor-instance .view-lines').first().textContent();
      assert.match(text.replace(/\u00a0/g, ' '), /memory: 512m/);
      await page.waitForTimeout(500);
      shots.push(await screenshot(page, 'quick-fix-applied'));
      // Leave the example as it was for anything that runs later.
      await runCommand(page, 'File: Revert File');
      return shots;
    },
  },
];
