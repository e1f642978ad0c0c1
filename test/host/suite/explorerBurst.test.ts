// An event burst inside the real VS Code (issue 19): a service of the test swarm scaled 0 → 50 → 0 three times,
// one replica per `docker service scale` (a child process, so the burst never runs on the extension host's thread),
// while the Stacks view follows with no row expanded. The extension host must stay responsive during the burst
// (timer lag and an API round trip to the workbench measured all along), and the service row must reach docker's
// count by itself (no refresh command) after every ramp.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SwarmPilotApi } from '../../../client/src/api';
import { activateExtension, removeServiceQuietly, sleep, swarmManagerUp, waitFor } from './helpers';

const STACK = 'fz_hburst';
const SERVICE = `${STACK}_web`;
const PEAK = 50;
const ROUNDS = 3;
/** Bounds: a timer 50 ms late is noticeable, 500 ms is a frozen UI; a workbench round trip should never take 2 s. */
const MAX_TIMER_LAG_MS = 500;
const MAX_ROUND_TRIP_MS = 2000;
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 60_000 }).trim();
const ci = process.env.CI === 'true' || process.env.CI === '1';

const removeService = () => removeServiceQuietly(SERVICE);

/** Scales the service step by step from `from` to `to` in a child process; resolves when the last step is sent. */
function ramp(from: number, to: number): Promise<void> {
  const steps = from < to ? `$(seq ${from + 1} ${to})` : `$(seq ${from - 1} -1 ${to})`;
  return new Promise((resolve, reject) => {
    const p = spawn('sh', ['-c', `for r in ${steps}; do docker service scale --detach ${SERVICE}=$r >/dev/null 2>&1 || exit 1; done`], { stdio: 'ignore' });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the scale ramp ${from}→${to} exited with ${code}`))));
  });
}

/** Running tasks of the service, as docker says (async: the host's thread is not blocked while it asks). */
function runningCount(): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn('docker', ['service', 'ps', SERVICE, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}']);
    let out = '';
    p.stdout.on('data', (b) => (out += String(b)));
    p.on('error', reject);
    p.on('exit', () => resolve(out.split('\n').filter((l) => /^Running /.test(l)).length));
  });
}

describe('Swarm explorer under an event burst (scale 0 → 50 → 0 ×3)', function () {
  this.timeout(600_000);
  let api: SwarmPilotApi;

  before(async function () {
    if (!swarmManagerUp()) {
      if (ci) throw new Error('no swarm manager answers on the default Docker socket: test/engine/docker-ci.sh up did not run');
      console.log('SKIPPED explorer burst test: no swarm manager on the default Docker socket (run test/engine/docker-ci.sh up as root)');
      this.skip();
    }
    api = await activateExtension();
    removeService();
    docker(
      'service',
      'create',
      '-d',
      '--name',
      SERVICE,
      '--label',
      `com.docker.stack.namespace=${STACK}`,
      '--replicas',
      '0',
      '--stop-grace-period',
      '1s',
      'probe/busybox:1',
      'sleep',
      '3600',
    );
  });

  after(() => removeService());

  it('the extension host stays responsive and the service row ends on docker’s count after every ramp', async () => {
    await vscode.commands.executeCommand('swarmPilot.refreshSwarm');
    const row = () => {
      const stack = api.swarm.rows('stacks').find((r) => r.element.type === 'stack' && r.label === STACK);
      return stack ? api.swarm.rows('stacks', stack.element).find((r) => r.label === 'web') : undefined;
    };
    await waitFor('the service row', () => row());

    // Responsiveness probes, running for the whole burst.
    let maxLag = 0;
    let maxRoundTrip = 0;
    let probing = true;
    const TICK = 50;
    // performance.now(), not Date.now(): a step of the wall clock (time sync on a VM) is not a late timer.
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - last - TICK);
      last = now;
    }, TICK);
    const roundTrips = (async () => {
      while (probing) {
        const t0 = performance.now();
        await vscode.commands.getCommands(true);
        maxRoundTrip = Math.max(maxRoundTrip, performance.now() - t0);
        await sleep(100);
      }
    })();

    const shown: string[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (const [from, to] of [
          [0, PEAK],
          [PEAK, 0],
        ]) {
          await ramp(from, to);
          await waitFor(`docker: ${to} running`, async () => ((await runningCount()) === to ? true : undefined), 180_000);
          // No refresh command: the view must get there by itself (events + convergence polling).
          const r = await waitFor(
            `the row at ${to}/${to}`,
            () => {
              const x = row();
              return x && new RegExp(`replicated ${to}/${to}\\b`).test(x.description) ? x : undefined;
            },
            15_000,
          );
          shown.push(r.description.split(' · ')[0]);
          assert.equal(await runningCount(), to, 'docker still says the same count');
        }
      }
    } finally {
      probing = false;
      clearInterval(timer);
      await roundTrips;
    }
    console.log(`burst: max timer lag ${Math.round(maxLag)} ms, max workbench round trip ${Math.round(maxRoundTrip)} ms, rows ${shown.join(', ')}`);
    assert.equal(shown.length, 2 * ROUNDS);
    assert.ok(maxLag < MAX_TIMER_LAG_MS, `the extension host's timers ran ${Math.round(maxLag)} ms late during the burst`);
    assert.ok(maxRoundTrip < MAX_ROUND_TRIP_MS, `a workbench round trip took ${Math.round(maxRoundTrip)} ms during the burst`);
  });
});
