// Fault: a worker's network link cut (the host side of sp-w2's veth down) while `swarm-pilot deploy --wait` runs, after
// the plan and before the services are created, so swarm still assigns tasks to the node it has not yet marked down.
// The deploy says the node went down and where its tasks went, then either converges on the remaining nodes or, when
// they have no room (max_replicas_per_node), fails at its --timeout with that reason; it never runs past the timeout.
// The link is put back up and the stacks removed in `after`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { EngineClient } from '../../client/src/engine/engineClient';
import { waitUntil } from './docker';
import { runCli, type CliRun } from './support/runCli';
import { nsClient, nsHost, nsSwarmMissing, nsUp, ownDefaultNetwork, removeNsStack, setNsLink } from './support/nsSwarm';

const missing = nsSwarmMissing();
if (missing) console.log(`faults-link-cut skipped: ${missing}`);

const VICTIM = 'sp-w2';
const stackFile = (maxPerNode: string) => `services:
  web:
    image: probe/busybox:1
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      replicas: 4
      placement:
        constraints: ["node.role == worker"]
${maxPerNode}${ownDefaultNetwork()}`;

describe("faults: a worker's link cut during deploy --wait", { skip: missing, timeout: 300_000 }, () => {
  let m1: EngineClient;
  let dir: string;
  let victimId = '';
  const stacks: string[] = [];

  /** Runs the deploy and cuts the victim's link once the plan is applied up to the network (services not yet created). */
  async function deployCuttingLink(stack: string, file: string, timeoutSeconds: number): Promise<{ run: CliRun; cutAt: number; endedAt: number }> {
    stacks.push(stack);
    let out = '';
    let cutAt = 0;
    const args = ['deploy', '-c', file, '-H', nsHost('sp-m1'), '--state-dir', join(dir, 'state'), '--timeout', String(timeoutSeconds), '--wait', '-y', stack];
    const run = await runCli(args, (timeoutSeconds + 60) * 1000, (chunk) => {
      out += chunk;
      if (!cutAt && /done: create network /.test(out)) {
        setNsLink(VICTIM, 'down');
        cutAt = Date.now();
      }
    });
    return { run, cutAt, endedAt: Date.now() };
  }

  before(async () => {
    nsUp();
    m1 = nsClient('sp-m1');
    victimId = (await m1.listNodes()).find((n) => n.Description?.Hostname === VICTIM)!.ID;
    dir = mkdtempSync(join(tmpdir(), 'splink-'));
  });

  /** Link up again and the node back to ready before the next case (and at the end). */
  const mend = async () => {
    setNsLink(VICTIM, 'up');
    await waitUntil(
      `${VICTIM} ready again`,
      async () => ((await m1.inspectNode(victimId).catch(() => undefined))?.Status?.State === 'ready' ? true : undefined),
      {
        timeoutMs: 90_000,
        intervalMs: 1000,
      },
    );
  };
  afterEach(async () => {
    await mend().catch((err) => console.log(`faults-link-cut clean-up: ${err}`));
  });

  after(async () => {
    if (m1) await mend().catch((err) => console.log(`faults-link-cut clean-up: ${err}`));
    for (const s of stacks) await removeNsStack(s).catch((err) => console.log(`faults-link-cut clean-up: ${err}`));
    if (dir) rmSync(dir, { recursive: true, force: true });
    m1?.close();
  });

  test('room on the other worker: the deploy names the node down and where its tasks went, and converges there', async () => {
    const stack = `splinka${process.pid}`;
    const file = join(dir, 'a.yml');
    writeFileSync(file, stackFile(''));
    const { run, cutAt, endedAt } = await deployCuttingLink(stack, file, 120);
    const said = run.stdout + run.stderr;
    assert.ok(cutAt, `the link was cut during the deploy: ${said}`);
    assert.equal(run.code, 0, said);
    assert.ok(endedAt - cutAt < 120_000, 'within its timeout');
    assert.match(said, new RegExp(`${stack}_web\\.\\d on ${VICTIM} \\(node down\\) → running on sp-w1`), 'progress says where a task went');
    assert.match(
      run.stdout,
      new RegExp(
        `Stack ${stack} converged: 1/1 services\\. Node down during the deploy: ${VICTIM}; ${stack}_web\\.\\d on ${VICTIM} \\(node down\\) → running on sp-w1`,
      ),
    );
    const tasks = (await m1.listTasks({ service: [`${stack}_web`], 'desired-state': ['running'] })).filter((t) => t.Status?.State === 'running');
    assert.equal(tasks.length, 4);
    assert.ok(
      tasks.every((t) => t.NodeID !== victimId),
      'all four run on the remaining worker',
    );
  });

  test('no room elsewhere (max_replicas_per_node: 2): the deploy fails at its timeout naming the node down and why its tasks wait', async () => {
    const stack = `splinkb${process.pid}`;
    const file = join(dir, 'b.yml');
    writeFileSync(file, stackFile('        max_replicas_per_node: 2\n'));
    const timeout = 45;
    const { run, cutAt, endedAt } = await deployCuttingLink(stack, file, timeout);
    const said = run.stdout + run.stderr;
    assert.ok(cutAt, `the link was cut during the deploy: ${said}`);
    assert.equal(run.code, 1, said);
    assert.ok(endedAt - cutAt <= (timeout + 10) * 1000, `ended ${endedAt - cutAt} ms after the cut: not past its ${timeout} s timeout`);
    assert.match(
      run.stderr,
      new RegExp(
        `Not converged within ${timeout} s: ${stack}_web \\(starting, 2/4 running\\)\\. Node down during the deploy: ${VICTIM}; ${stack}_web\\.\\d on ${VICTIM} \\(node down\\) → pending: no suitable node`,
      ),
    );
  });
});
