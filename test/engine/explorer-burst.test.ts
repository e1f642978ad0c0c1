// An event burst on the real 3-node swarm: one service scaled 0 → 50 → 0 three times, one replica per update (a
// ramp of 50 service updates each way, 300 events in all), while the explorer's model (SwarmWatcher, as the views
// use it with no service row expanded) follows. It must end each phase on the true state (the running task IDs
// and nodes docker reports), and its refresh count must stay bounded: one refresh per event (no debounce) would be
// 300. Everything is named fz_burst… and removed at the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient, type EventStream } from '../../client/src/engine';
import { scaleService, SwarmWatcher } from '../../client/src/swarm';
import { docker, dockerOk, waitUntil } from './docker';

const NAME = `fz_burst${process.pid}`;
const PEAK = 50;
const ROUNDS = 3;
const DEBOUNCE_MS = 300;
const POLL_MS = 3000;
let client: EngineClient;
let serviceId: string;

/** docker's truth: `id@node` of every running task of the service, sorted. */
async function runningTasks(): Promise<string[]> {
  const out = await dockerOk(['service', 'ps', NAME, '--no-trunc', '--filter', 'desired-state=running', '--format', '{{.ID}}@{{.Node}}|{{.CurrentState}}']);
  return out
    .split('\n')
    .filter((l) => / *Running /.test(l.split('|')[1] ?? ''))
    .map((l) => l.split('|')[0])
    .sort();
}

before(async () => {
  client = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }));
  serviceId = (
    await dockerOk([
      'service',
      'create',
      '--detach',
      '--quiet',
      '--name',
      NAME,
      '--replicas',
      '0',
      '--stop-grace-period',
      '1s',
      'probe/busybox:1',
      'sleep',
      '3600',
    ])
  ).trim();
});

after(async () => {
  await docker(['service', 'rm', NAME]);
  client?.close();
});

test(`a 0 → ${PEAK} → 0 burst ×${ROUNDS}: the explorer model ends on the true state with a bounded refresh count`, { timeout: 600_000 }, async () => {
  const watcher = new SwarmWatcher(async () => client, { debounceMs: DEBOUNCE_MS, taskPollMs: POLL_MS });
  let changes = 0;
  watcher.onChange(() => changes++);
  // The same event subscription the watcher has, counted: what a refresh-per-event implementation would do.
  const events: EventStream = await client.events({ filters: { type: ['service', 'node', 'secret', 'config'] } });
  let eventCount = 0;
  const counting = (async () => {
    for await (const _e of events) eventCount++;
  })().catch(() => undefined);
  const nameToNode = new Map<string, string>();
  for (const n of await client.listNodes()) nameToNode.set(n.ID, n.Description?.Hostname ?? n.ID);
  /** The watcher's view: `id@node` of the running tasks of the service, and its running/desired counts. */
  const modelTasks = () => {
    const s = watcher.lastSnapshot;
    if (!s) return { tasks: [] as string[], counts: 'none' };
    const svc = s.services.find((x) => x.id === serviceId);
    const tasks = s.tasks
      .filter((t) => t.ServiceID === serviceId && t.DesiredState === 'running' && t.Status?.State === 'running')
      .map((t) => `${t.ID}@${nameToNode.get(t.NodeID ?? '') ?? t.NodeID}`)
      .sort();
    return { tasks, counts: `${svc?.running}/${svc?.desired}` };
  };
  /** Waits for docker to converge on `want` running tasks, then for the model to show exactly docker's tasks. */
  const settle = async (want: number) => {
    const truth = await waitUntil(`${want} running tasks of ${NAME}`, async () => ((await runningTasks()).length === want ? runningTasks() : undefined), {
      timeoutMs: 180_000,
      intervalMs: 1000,
    });
    const stillTrue = async () => JSON.stringify(await runningTasks()) === JSON.stringify(truth);
    await waitUntil(
      `the explorer model on docker's ${want} tasks`,
      async () => {
        const m = modelTasks();
        return m.counts === `${want}/${want}` && JSON.stringify(m.tasks) === JSON.stringify(truth) && (await stillTrue()) ? true : undefined;
      },
      {
        timeoutMs: POLL_MS * 3 + 5000,
        intervalMs: 250,
        describe: () => `model ${modelTasks().counts} (${modelTasks().tasks.length} tasks), docker ${truth.length}`,
      },
    );
    return truth;
  };

  watcher.start();
  try {
    await waitUntil('the first load', async () => (watcher.current.kind === 'ready' ? true : undefined), { timeoutMs: 20_000 });
    const refreshesBefore = watcher.refreshes;
    const changesBefore = changes;
    const eventsBefore = eventCount;
    const started = Date.now();
    const nodesAtPeak = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      for (let r = 1; r <= PEAK; r++) await scaleService(client, serviceId, r);
      const peak = await settle(PEAK);
      peak.forEach((t) => nodesAtPeak.add(t.split('@')[1]));
      for (let r = PEAK - 1; r >= 0; r--) await scaleService(client, serviceId, r);
      await settle(0);
    }
    const seconds = (Date.now() - started) / 1000;
    const refreshes = watcher.refreshes - refreshesBefore;
    const events = eventCount - eventsBefore;
    // Debounced (one refresh per pause in the events) plus the convergence polls: ~2 per ramp and one per poll interval.
    const bound = 2 * 2 * ROUNDS + Math.ceil((seconds * 1000) / POLL_MS) + 4;
    console.log(`burst: ${events} events, ${refreshes} refreshes, ${changes - changesBefore} listener calls in ${seconds.toFixed(1)} s (bound ${bound})`);
    assert.ok(nodesAtPeak.size >= 2, `the ${PEAK} tasks spread across nodes: ${[...nodesAtPeak].join(', ')}`);
    assert.ok(events >= 2 * PEAK * ROUNDS, `the burst emitted ${events} events (a refresh per event would be that many)`);
    assert.ok(refreshes <= bound, `${refreshes} refreshes for ${events} events in ${seconds.toFixed(1)} s: more than ${bound}`);
    assert.ok(bound < events / 2, `the bound (${bound}) is far below one refresh per event (${events})`);
    assert.equal(changes - changesBefore, refreshes, 'one listener call per refresh');
  } finally {
    watcher.stop();
    events.close();
    await counting;
  }
});
