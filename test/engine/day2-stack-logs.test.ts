// Stack logs on the real swarm: two services printing interleaved lines, one task that already exited and a
// service that keeps printing; the merged backlog is in the Engine's timestamp order, prefixed service.slot@node,
// includes the exited task's line; --tail keeps the stack's last lines; following adds new lines, in order, once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import { splitTimestamp, stackLogs, type StackLogLine } from '../../client/src/swarm';
import { dockerOk, removeStack, swarmProblem, waitUntil } from './docker';
import { runCli as cli } from './support/runCli';

const NS = `spopslogs${process.pid}`;
let client: EngineClient;

const create = (name: string, command: string, extra: string[] = []) =>
  dockerOk([
    'service',
    'create',
    '--detach',
    '--name',
    `${NS}_${name}`,
    '--label',
    `com.docker.stack.namespace=${NS}`,
    '--stop-grace-period',
    '1s',
    ...extra,
    'probe/busybox:1',
    'sh',
    '-c',
    command,
  ]);

const key = (l: StackLogLine) => splitTimestamp(l.timestamp)!.key;

describe('stack logs (real swarm)', async () => {
  const problem = await swarmProblem();
  before(async () => {
    if (problem) return;
    client = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }));
    await create('tick', 'for i in 1 2 3 4 5; do echo tick-$i; sleep 1; done; sleep 3600');
    await create('tock', 'for i in 1 2 3 4 5; do echo tock-$i; sleep 1; done; sleep 3600');
    await create('once', 'echo once-done; exit 0', ['--restart-condition', 'none']);
    await waitUntil(
      'tick, tock and once to print',
      async () => {
        const all: StackLogLine[] = [];
        await stackLogs(client, NS, (l) => all.push(l), { tail: 'all' });
        const texts = all.map((l) => l.text);
        return ['tick-5', 'tock-5', 'once-done'].every((t) => texts.includes(t)) ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 2000 },
    );
    await waitUntil(
      'the once task to have exited',
      async () => ((await dockerOk(['service', 'ps', `${NS}_once`, '--format', '{{.CurrentState}}'])).startsWith('Complete') ? true : undefined),
      { timeoutMs: 30_000 },
    );
  });
  after(async () => {
    if (problem) return;
    await removeStack(NS);
    client.close();
  });

  test('the backlog merges the services in timestamp order and includes the exited task', { skip: problem }, async () => {
    const lines: StackLogLine[] = [];
    await stackLogs(client, NS, (l) => lines.push(l), { tail: 'all' });
    for (let i = 1; i < lines.length; i++)
      assert.ok(key(lines[i - 1]) <= key(lines[i]), `line ${i} is not older than line ${i - 1}: ${lines[i - 1].timestamp} ${lines[i].timestamp}`);
    const ours = lines.filter((l) => /^(tick|tock)-/.test(l.text)).map((l) => l.text.slice(0, 4));
    assert.equal(ours.length, 10);
    // Both ran at once for five seconds: a merge, not one service after the other.
    const switches = ours.filter((s, i) => i > 0 && s !== ours[i - 1]).length;
    assert.ok(switches >= 3, `tick and tock interleave: ${ours.join(' ')}`);
    const once = lines.find((l) => l.text === 'once-done');
    assert.ok(once, 'the exited task is included');
    assert.match(once.source, /^once\.1@vm(-w\d)?$/);
    assert.match(lines.find((l) => l.text === 'tick-1')!.source, /^tick\.1@vm(-w\d)?$/);
  });

  test("swarm-pilot logs --tail N prints the stack's last N lines with the prefix", { skip: problem }, async () => {
    const r = await cli(['logs', '--tail', '2', NS]);
    assert.equal(r.code, 0, r.stderr);
    const printed = r.stdout.split('\n').filter(Boolean);
    assert.equal(printed.length, 2, r.stdout);
    assert.deepEqual(
      printed.map((l) => l.replace(/@\S+/, '')),
      ['tick.1 | tick-5', 'tock.1 | tock-5'].sort((a, b) =>
        printed.findIndex((p) => p.endsWith(a.slice(-6))) < printed.findIndex((p) => p.endsWith(b.slice(-6))) ? -1 : 1,
      ),
    );
  });

  test('following shows new lines after the backlog, in order, each once', { skip: problem }, async () => {
    await create('beat', 'i=0; while true; do i=$((i+1)); echo beat-$i; sleep 0.5; done');
    await waitUntil(
      'beat to run',
      async () => ((await dockerOk(['service', 'ps', `${NS}_beat`, '--format', '{{.CurrentState}}'])).startsWith('Running') ? true : undefined),
      { timeoutMs: 60_000 },
    );
    const lines: StackLogLine[] = [];
    const stop = new AbortController();
    const done = stackLogs(client, NS, (l) => lines.push(l), { tail: 3, follow: true, signal: stop.signal, reorderMs: 200 });
    await waitUntil('six lines', async () => (lines.length >= 6 ? true : undefined), { timeoutMs: 30_000 });
    stop.abort();
    await done;
    const beats = lines.filter((l) => l.text.startsWith('beat-')).map((l) => Number(l.text.slice(5)));
    assert.ok(beats.length >= 4, lines.map((l) => l.text).join(', '));
    for (let i = 1; i < beats.length; i++) assert.equal(beats[i], beats[i - 1] + 1, `each beat once, in order: ${beats.join(' ')}`);
    for (let i = 1; i < lines.length; i++) assert.ok(key(lines[i - 1]) <= key(lines[i]));
  });
});
