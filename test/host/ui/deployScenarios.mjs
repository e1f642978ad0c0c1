// UI scenarios for deploying a stack from the command palette against the real test swarm; same shape as
// ./scenarios.mjs. The workspace sets swarmPilot.deploy.resolveImage = never (no registry is reachable here).
import assert from 'node:assert/strict';
import { docker, labelled, notification, openSwarmPilot } from './explorerScenarios.mjs';
import { quickOpen, runCommandUntilPrompt, screenshot } from './workbench.mjs';

const STACK = 'spuideploy';

function removeStack() {
  try {
    docker('stack', 'rm', STACK);
  } catch {
    /* not there */
  }
}

export const deployScenarios = [
  {
    name: 'deploy-stack',
    title: 'Deploy Stack from the command palette: plan dialog, progress, "converged"',
    async run({ page }) {
      removeStack();
      const shots = [];
      try {
        await quickOpen(page, 'stack/local-stack.yml');
        const input = page.locator('.quick-input-widget input');
        await runCommandUntilPrompt(page, 'Swarm Pilot: Deploy Stack', 'Stack name');
        await input.fill(STACK);
        await page.keyboard.press('Enter');
        const dialog = page.locator('.monaco-dialog-box').filter({ hasText: `Deploy stack ${STACK}` });
        await dialog.waitFor({ timeout: 60_000 });
        const text = await dialog.textContent();
        assert.match(text, /2 to create/, 'the plan counts the services to create');
        assert.match(text, /create services:\s*spuideploy_web\s*spuideploy_worker|spuideploy_web/, 'the plan names the services');
        await page.waitForTimeout(400);
        shots.push(await screenshot(page, 'deploy-plan'));
        await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();
        // The progress notification (in the notification center: toasts of this headless workbench may not show).
        await notification(page, `Deploying stack ${STACK}`, 30_000).catch(() => undefined);
        shots.push(await screenshot(page, 'deploy-progress'));
        await notification(page, `Stack ${STACK} converged`, 180_000);
        await openSwarmPilot(page);
        await labelled(page, 'Stacks', STACK).waitFor({ timeout: 30_000 });
        await page.waitForTimeout(800);
        shots.push(await screenshot(page, 'deploy-converged'));
        const services = docker('service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Name}} {{.Replicas}}')
          .split('\n')
          .sort();
        assert.deepEqual(services, [`${STACK}_web 2/2`, `${STACK}_worker 1/1`]);
      } finally {
        removeStack();
      }
      return shots;
    },
  },
];
