// Fault: a worker's daemon (sp-w2 of the namespaced swarm) SIGKILLed. Once swarm marks the node down, the Recovery
// view's model (downNodes over the explorer watcher's snapshot, as the view builds it, without any view polling tasks)
// shows the node down and each task that ran there running on another node, within 15 s. The daemon is started
// again (ns-up) and the stack removed in `after`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EngineClient } from '../../client/src/engine/engineClient';
import { downNodes, SwarmWatcher } from '../../client/src/swarm';
import { waitUntil } from './docker';
import { nsClient, nsDockerOk, nsSwarmMissing, nsUp, ownDefaultNetwork, removeNsStack, stopNsDaemon } from './support/nsSwarm';

const missing = nsSwarmMissing();
if (missing) console.log(`faults-node-down skipped: ${missing}`);

const STACK = `spndown${process.pid}`;
const VICTIM = 'sp-w2';
// Six replicas, at most two per node: the victim holds one or two, and there is room elsewhere for them.
const STACK_FILE = `services:
  web:
    image: probe/busybox:1
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      replicas: 6
      placement:
        max_replicas_per_node: 2
${ownDefaultNetwork()}`;

describe("faults: a worker's daemon SIGKILLed", { skip: missing, timeout: 240_000 }, () => {
  let m1: EngineClient;
  let dir: string;
  let victimId = '';
  let onVictim: number[] = [];
  let watcher: SwarmWatcher;

  before(async () => {
    nsUp();
    m1 = nsClient('sp-m1');
    dir = mkdtempSync(join(tmpdir(), 'spndown-'));
    writeFileSync(join(dir, 'stack.yml'), STACK_FILE);
    victimId = (await m1.listNodes()).find((n) => n.Description?.Hostname === VICTIM)!.ID;
    await nsDockerOk(['stack', 'deploy', '-c', join(dir, 'stack.yml'), STACK]);
    onVictim = await waitUntil(
      `six tasks running, some on ${VICTIM}`,
      async () => {
        const tasks = (await m1.listTasks({ service: [`${STACK}_web`], 'desired-state': ['running'] })).filter((t) => t.Status?.State === 'running');
        const mine = tasks.filter((t) => t.NodeID === victimId).map((t) => t.Slot!);
        return tasks.length === 6 && mine.length ? mine.sort() : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
  });

  after(async () => {
    watcher?.stop();
    nsUp();
    if (m1 && victimId)
      await waitUntil(
        `${VICTIM} ready again`,
        async () => ((await m1.inspectNode(victimId).catch(() => undefined))?.Status?.State === 'ready' ? true : undefined),
        {
          timeoutMs: 90_000,
          intervalMs: 1000,
        },
      ).catch((err) => console.log(`faults-node-down clean-up: ${err}`));
    await removeNsStack(STACK).catch((err) => console.log(`faults-node-down clean-up: ${err}`));
    if (dir) rmSync(dir, { recursive: true, force: true });
    m1?.close();
  });

  test('the Recovery model shows the node down and its tasks running elsewhere within 15 s of swarm marking it down', async () => {
    // The watcher as the extension runs it: default debounce, no view showing tasks (so no task polling asked for).
    watcher = new SwarmWatcher(async () => m1, { maxBackoffMs: 1000 });
    watcher.start();
    await waitUntil('the watcher ready', async () => (watcher.current.kind === 'ready' ? true : undefined), { timeoutMs: 30_000, intervalMs: 300 });

    stopNsDaemon(VICTIM, 'SIGKILL');
    await waitUntil(`swarm to mark ${VICTIM} down`, async () => ((await m1.inspectNode(victimId)).Status?.State === 'down' ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 250,
    });
    const markedDown = Date.now();
    let last = '';
    const rows = await waitUntil(
      `the Recovery rows: ${VICTIM} down, slots ${onVictim.join(',')} running elsewhere`,
      async () => {
        const snapshot = watcher.lastSnapshot;
        const down = snapshot ? downNodes(snapshot).find((d) => d.node.ID === victimId) : undefined;
        const mine = down?.tasks.filter((t) => t.service === `${STACK}_web`) ?? [];
        last = down ? mine.map((t) => `${t.slot}: ${t.now ?? 'no replacement'}`).join('; ') || 'down, no tasks listed' : 'node not shown down';
        return mine.length === onVictim.length && mine.every((t) => t.running) ? mine : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, describe: () => last },
    );
    const took = Date.now() - markedDown;
    assert.ok(took <= 15_000, `shown ${took} ms after the node was marked down`);
    assert.deepEqual(rows.map((t) => t.slot).sort(), onVictim, 'every slot that ran on the down node is listed');
    for (const t of rows) {
      assert.match(t.now ?? '', /^running on sp-/);
      assert.ok(!t.now!.endsWith(` ${VICTIM}`), `slot ${t.slot} runs elsewhere (${t.now})`);
    }
  });
});
