#!/usr/bin/env node
// Host tests: the extension in a real VS Code (the server bundled in code-server) driven by Chromium.
//   node test/host/run.mjs [--only integration,untrusted,ui,vsix,first-run] [--no-build] [--no-swarm] [--keep]
//   npm run test:host
// Phases, each on its own VS Code server (own process group, throwaway HOME/XDG/user-data/extensions):
//   integration  mocha suites in the extension host (test/host/suite/*.test.ts), extension under development
//   ui           Playwright scenarios (test/host/ui/scenarios.mjs), PNGs in test-results/screenshots/
//   vsix         `npm run package`, --install-extension into a fresh extensions dir, test/host/suite/vsix.test.ts
//   first-run    `npm start` in a copy of the checkout with an empty .cache/, opened in Chromium, then Ctrl+C
//                (test/host/firstRun.mjs)
// The tooling is installed/reused by test/host/install-host-tooling.sh (.cache/host/). Ends with one
// `N passed, N failed` line; exit status 1 on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { firstRun } from './firstRun.mjs';
import { bundleSuites } from './lib/bundle.mjs';
import { runExtensionTests } from './lib/extensionTests.mjs';
import { INSTALL_SCRIPT, ROOT, toolingInstalled } from './lib/paths.mjs';
import { installExitHandlers } from './lib/processGroups.mjs';
import { makeSandbox } from './lib/sandbox.mjs';
import { startServer, tail } from './lib/server.mjs';
import { scenarios } from './ui/scenarios.mjs';
import { openWorkbench, screenshot } from './ui/workbench.mjs';

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const onlyArg = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const keep = flag('--keep') || process.env.SWARM_PILOT_HOST_KEEP === '1';
const want = (phase) => !onlyArg || onlyArg.includes(phase);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const EXT_DIR_NAME = `${pkg.publisher}.${pkg.name}-${pkg.version}`;

installExitHandlers();
const tStart = Date.now();
const results = [];
const metrics = [];
const secs = (t0) => ((Date.now() - t0) / 1000).toFixed(1);
const indent = (text, pad = '  ') =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

function step(title, cmd, cmdArgs) {
  const t0 = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${title}: ${cmd} ${cmdArgs.join(' ')} exited with ${r.status ?? r.signal}`);
  console.log(`[host] ${title} in ${secs(t0)} s`);
}

/** The extension's own log (the Swarm Pilot output channel) from a server's user-data dir. */
function extensionLog(sandbox) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Swarm Pilot.log') out.push(`--- ${p}\n${tail(p, 60)}`);
    }
  };
  walk(join(sandbox.userData, 'logs'));
  return out.join('\n');
}

function record(name, passed, failed, seconds, detail = '') {
  results.push({ name, passed, failed, seconds });
  console.log(`[host] ${name}: ${passed} passed, ${failed} failed in ${seconds} s${detail ? `\n${detail}` : ''}`);
}

async function mochaPhase(
  name,
  { browser, sandbox, workspace, extensionDevelopmentPath, installExtensions = [], suite, extraEnv = {}, workspaceTrust = false },
) {
  const t0 = Date.now();
  const testsIndex = join(ROOT, '.cache', 'host', 'build', 'suite', 'index.js');
  const report = join(sandbox.dir, 'report.txt');
  const metricsFile = join(sandbox.dir, 'metrics.txt');
  const server = await startServer({
    sandbox,
    name,
    installExtensions,
    workspaceTrust,
    env: {
      SWARM_PILOT_ROOT: ROOT,
      SWARM_PILOT_HOST_REPORT: report,
      SWARM_PILOT_HOST_METRICS: metricsFile,
      SWARM_PILOT_HOST_SUITE: suite,
      SWARM_PILOT_HOST_EXTENSIONS_DIR: sandbox.extensions,
      ...extraEnv,
    },
  });
  try {
    const r = await runExtensionTests({ browser, server, workspace, extensionDevelopmentPath, extensionTestsPath: testsIndex, report });
    if (existsSync(metricsFile)) metrics.push(...readFileSync(metricsFile, 'utf8').trim().split('\n').filter(Boolean));
    let failed = r.failed;
    let detail = indent(r.text || '(no report)');
    if (!r.complete) {
      failed = Math.max(1, failed);
      detail += `\n  the test run did not finish (exit code ${r.code}); page errors: ${r.pageErrors.join('; ') || 'none'}\n${indent(tail(server.log))}`;
    } else if (r.code !== 0 && failed === 0) {
      failed = 1;
      detail += `\n  the extension host exited with ${r.code} without a failing test`;
    }
    if (failed > 0) detail += `\n${indent(extensionLog(sandbox))}`;
    record(name, r.passed, failed, secs(t0), detail);
  } finally {
    await server.stop();
  }
}

async function uiPhase(browser) {
  const t0 = Date.now();
  const sandbox = makeSandbox('ui', { keep });
  try {
    const workspace = sandbox.workspace(join(ROOT, 'examples'), { 'swarmPilot.deploy.resolveImage': 'never' });
    // The extension as a user would have it: a folder in the extensions dir (a link to this checkout).
    symlinkSync(ROOT, join(sandbox.extensions, EXT_DIR_NAME));
    const server = await startServer({ sandbox, name: 'ui' });
    let passed = 0;
    let failed = 0;
    const lines = [];
    try {
      // SWARM_PILOT_HOST_ONLY=name,name runs only those scenarios (and suites), for working on one.
      const only = process.env.SWARM_PILOT_HOST_ONLY?.split(',').filter(Boolean);
      for (const s of scenarios.filter((x) => !only || only.includes(x.name))) {
        const ts = Date.now();
        const { context, page, loadMs } = await openWorkbench(browser, server, workspace);
        try {
          const shots = await s.run({ page, workspace, t0: ts, metric: (k, v) => metrics.push(`${k}: ${v}`) });
          passed++;
          lines.push(`✔ ${s.title} (${Date.now() - ts} ms; workbench ${loadMs} ms)\n    ${shots.map((p) => p.slice(ROOT.length + 1)).join('\n    ')}`);
        } catch (err) {
          failed++;
          const shot = await screenshot(page, `FAILED-${s.name}`).catch(() => '');
          lines.push(`✖ ${s.title}\n${indent(String(err?.stack ?? err), '    ')}\n    screenshot: ${shot}`);
        } finally {
          await context.close().catch(() => undefined);
        }
      }
    } finally {
      await server.stop();
    }
    record('ui', passed, failed, secs(t0), indent(lines.join('\n')) + (failed ? `\n${indent(extensionLog(sandbox))}` : ''));
  } finally {
    sandbox.cleanup();
  }
}

let startedFleet = false;

async function main() {
  if (!toolingInstalled() || !flag('--no-install')) step('host tooling', 'bash', [INSTALL_SCRIPT]);
  if (!flag('--no-build')) step('build (development)', process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
  // The explorer and deploy tests need the real test swarm; the engine group leaves it running, this starts it
  // when the host tests run alone (idempotent: a running swarm is only checked). Without root it cannot start,
  // and the swarm tests say so (CI runs as root).
  if ((want('integration') || want('untrusted') || want('ui')) && process.getuid?.() === 0 && !flag('--no-swarm')) {
    process.env.DOCKER_CI_WORKERS ??= '2';
    // As the engine group starts it (scripts/run-tests.mjs MAIN_SWARM): another setting would reconfigure and restart the manager.
    process.env.DOCKER_CI_REGISTRY ??= '1';
    step('test swarm', 'bash', [join(ROOT, 'test', 'engine', 'docker-ci.sh'), 'up']);
    // The Fleet suite and scenario deploy to two independent single-node swarms (unix:///var/run/docker-f1|2.sock).
    // Started here when they are not up, and stopped at the end only then (the fleet engine tests start their own).
    if (!existsSync('/var/run/docker-f2.sock')) {
      process.env.DOCKER_CI_FLEET = '2';
      step('fleet swarms', 'bash', [join(ROOT, 'test', 'engine', 'docker-ci.sh'), 'fleet']);
      startedFleet = true;
    }
  }
  const tb = Date.now();
  await bundleSuites();
  console.log(`[host] bundled the extension-host suites in ${secs(tb)} s`);
  // Screenshots of an earlier run (maybe of a failure) must not pass for this run's.
  if (want('ui')) rmSync(join(ROOT, 'test-results', 'screenshots'), { recursive: true, force: true });
  mkdirSync(join(ROOT, 'test-results', 'screenshots'), { recursive: true });

  const browserSandbox = makeSandbox('browser', { keep });
  const browser = await launchBrowser(browserSandbox);
  try {
    const phases = [
      [
        'integration',
        async () => {
          const sandbox = makeSandbox('integration', { keep });
          try {
            const workspace = sandbox.workspace(join(ROOT, 'examples'));
            await mochaPhase('integration', { browser, sandbox, workspace, extensionDevelopmentPath: ROOT, suite: 'integration' });
          } finally {
            sandbox.cleanup();
          }
        },
      ],
      [
        'untrusted',
        async () => {
          // Restricted mode: trust enabled and the workspace never trusted (nobody answers the trust prompt).
          const sandbox = makeSandbox('untrusted', { keep });
          try {
            const workspace = sandbox.workspace(join(ROOT, 'examples'), {
              'security.workspace.trust.enabled': true,
              'security.workspace.trust.startupPrompt': 'never',
            });
            await mochaPhase('untrusted', { browser, sandbox, workspace, extensionDevelopmentPath: ROOT, suite: 'untrusted', workspaceTrust: true });
          } finally {
            sandbox.cleanup();
          }
        },
      ],
      ['ui', () => uiPhase(browser)],
      [
        'vsix',
        async () => {
          const sandbox = makeSandbox('vsix', { keep });
          try {
            const vsix = join(sandbox.dir, `${pkg.name}-${pkg.version}.vsix`);
            step('npm run package', process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--out', vsix]);
            const workspace = sandbox.workspace(join(ROOT, 'test', 'host', 'fixtures', 'empty'));
            // No extensionDevelopmentPath: the installed package is what runs.
            await mochaPhase('vsix', { browser, sandbox, workspace, installExtensions: [vsix], suite: 'vsix' });
          } finally {
            sandbox.cleanup();
            // package.mjs left a production build in dist/; put the development build back.
            step('build (development)', process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
          }
        },
      ],
      [
        'first-run',
        async () => {
          const t0 = Date.now();
          const r = await firstRun(browser, { keep });
          record('first-run', r.passed, r.failed, secs(t0), indent(r.text));
        },
      ],
    ];
    for (const [name, run] of phases) {
      if (!want(name)) continue;
      try {
        await run();
      } catch (err) {
        record(name, 0, 1, '?', indent(String(err?.stack ?? err)));
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    browserSandbox.cleanup();
    if (startedFleet) step('fleet swarms stopped', 'bash', [join(ROOT, 'test', 'engine', 'docker-ci.sh'), 'fleet-stop']);
  }

  if (metrics.length) console.log(`[host] timings\n${indent(metrics.join('\n'))}`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`[host] ${results.map((r) => `${r.name} ${r.seconds} s`).join(', ')}; total ${secs(tStart)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
