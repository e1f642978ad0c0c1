// UI scenarios for the stack file that knows its swarm (issue #18) against the real test swarm: the drift code
// lenses (in sync, then drifted behind the editor's back), Compare with Running, and a live check in the Problems
// panel. Same shape as ./scenarios.mjs; the stack and the files written into the workspace are removed in `finally`.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, until } from './explorerScenarios.mjs';
import { quickOpen, screenshot } from './workbench.mjs';

const STACK = 'spuilive';

const LIVE_FILE = `# swarm-pilot: stack ${STACK}
services:
  web:
    image: probe/busybox:1
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      replicas: 3
  worker:
    image: probe/busybox:1
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      replicas: 1
`;

// Not deployed: the live checks run on every stack file open in the editor.
const PINNED_FILE = `services:
  trainer:
    image: probe/busybox:1
    command: ["sleep", "86400"]
    deploy:
      placement:
        constraints:
          - node.labels.gpu == true
`;

function removeStack() {
  try {
    docker('stack', 'rm', STACK);
  } catch {
    /* not there */
  }
}

const replicas = () =>
  docker('service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Name}} {{.Replicas}}').split('\n').filter(Boolean).sort();

/** The texts of the code lenses shown in the active editor. */
async function lensTexts(page) {
  return (await page.locator('.editor-instance .codelens-decoration').allTextContents()).map((t) => t.replace(/\u00a0/g, ' ').trim());
}

async function waitForLenses(page, wanted, timeoutMs = 60_000) {
  return until(
    `the lenses ${wanted.join(' | ')}`,
    async () => {
      const shown = await lensTexts(page);
      return wanted.every((w) => shown.some((s) => (w instanceof RegExp ? w.test(s) : s.includes(w)))) && shown;
    },
    timeoutMs,
  ).catch(async (err) => {
    throw new Error(`${err.message}; shown: ${JSON.stringify(await lensTexts(page))}`);
  });
}

export const liveScenarios = [
  {
    name: 'live-drift',
    title: 'drift lenses on a deployed stack file (in sync, then drifted behind its back) and Compare with Running',
    async run({ page, workspace }) {
      const file = join(workspace, 'stack', `${STACK}-stack.yml`);
      writeFileSync(file, LIVE_FILE);
      removeStack();
      const shots = [];
      try {
        docker('stack', 'deploy', '--detach=true', '--resolve-image', 'never', '-c', file, STACK);
        await until('the stack running', () => replicas().join(',') === `${STACK}_web 3/3,${STACK}_worker 1/1`, 120_000);
        await quickOpen(page, `stack/${STACK}-stack.yml`);
        const inSync = await waitForLenses(page, [`stack ${STACK} on`, '3/3 running · in sync', '1/1 running · in sync']);
        assert.equal(inSync.length, 3, `one lens on services: and one per service: ${JSON.stringify(inSync)}`);
        await page.waitForTimeout(500);
        shots.push(await screenshot(page, 'live-lenses-in-sync'));

        // Behind the editor's back: a label added by hand (what a text diff of the files would never show).
        docker('service', 'update', '--detach', '--label-add', 'owner=ops-team', `${STACK}_worker`);
        const drifted = await waitForLenses(page, ['3/3 running · in sync', /^1\/1 running · drifted: deploy\.labels \(Compare\)$/]);
        assert.ok(!drifted.some((t) => t.startsWith('3/3') && /drifted/.test(t)), `web stays in sync: ${JSON.stringify(drifted)}`);
        await page.waitForTimeout(500);
        shots.push(await screenshot(page, 'live-lenses'));

        // The drifted lens opens the diff editor: the stack as it runs (left, with the differences on top), the file.
        await page.locator('.editor-instance .codelens-decoration a').filter({ hasText: 'drifted' }).first().click();
        const diff = page.locator('.monaco-diff-editor').first();
        await diff.waitFor({ timeout: 20_000 });
        await page
          .locator('.tabs-container .tab')
          .filter({ hasText: `${STACK} (running)` })
          .first()
          .waitFor({ timeout: 10_000 });
        const original = diff.locator('.editor.original .view-lines');
        await until(
          'the running side rendered',
          async () => /owner: ops-team/.test((await original.textContent().catch(() => '')).replace(/\u00a0/g, ' ')),
          20_000,
        );
        const left = (await original.textContent()).replace(/\u00a0/g, ' ');
        assert.match(left, new RegExp(`Stack ${STACK} as it runs on`), 'the header names the stack');
        assert.match(left, /worker: .*labels/, `the header lists the worker's drifted field: ${left.slice(0, 400)}`);
        // Only the label differs: unchanged values are written as the file writes them, the default network left out.
        assert.match(left, /command: \["sleep", "86400"\]/, 'the command as the file writes it');
        assert.doesNotMatch(left, /networks:/, 'no default network on the running side');
        const right = (await diff.locator('.editor.modified .view-lines').textContent()).replace(/\u00a0/g, ' ');
        assert.match(right, /swarm-pilot: stack spuilive/, 'the right side is the file');
        await page.keyboard.press('Control+B'); // room for the differences block
        await page.waitForTimeout(800);
        shots.push(await screenshot(page, 'compare-with-running'));
      } finally {
        removeStack();
        rmSync(file, { force: true });
      }
      return shots;
    },
  },
  {
    name: 'live-diagnostics',
    title: 'a placement constraint no node satisfies: a live diagnostic in the Problems panel',
    async run({ page, workspace }) {
      const file = join(workspace, 'stack', 'spuilive-pinned-stack.yml');
      writeFileSync(file, PINNED_FILE);
      const shots = [];
      try {
        assert.ok(!docker('node', 'ls', '-q', '--filter', 'node.label=gpu').trim(), 'no node of the test swarm has a gpu label');
        await quickOpen(page, 'stack/spuilive-pinned-stack.yml');
        await page.keyboard.press('Control+Shift+M');
        await page.locator('.markers-panel').waitFor();
        const marker = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'node.labels.gpu' }).first();
        await marker.waitFor({ timeout: 60_000 });
        const text = (await marker.getAttribute('aria-label')) ?? (await marker.textContent());
        assert.match(text, /no (current )?node/i, `the message says no node matches: ${text}`);
        assert.match(text, /\(on swarm [^)]+\)/, `the message names the swarm: ${text}`);
        const code = await page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'live-constraint-unsatisfiable' }).count();
        assert.ok(code > 0, 'the row shows the code live-constraint-unsatisfiable');
        // Room for the whole message: no side bar, and the squiggle's hover.
        await page.keyboard.press('Control+B');
        // The hover from the keyboard (cursor on the value), so that the mouse can stay out of the picture.
        await page.locator('.editor-instance .view-line').filter({ hasText: 'node.labels.gpu' }).locator('span', { hasText: 'node.labels.gpu' }).last().click();
        await page.mouse.move(900, 420); // an empty part of the editor
        await page.waitForTimeout(300);
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        const hover = page.locator('.monaco-hover').filter({ hasText: 'live-constraint-unsatisfiable' }).first();
        await hover.waitFor({ timeout: 15_000 });
        assert.match(await hover.textContent(), /gpu/, 'the hover shows the message');
        await page.waitForTimeout(600);
        shots.push(await screenshot(page, 'live-diagnostics'));
      } finally {
        rmSync(file, { force: true });
      }
      return shots;
    },
  },
];
