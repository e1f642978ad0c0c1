// The namespaced swarm of docker-ci.sh ns-up is what the fault tests rely on: five nodes Ready with their own
// hostnames, an overlay network (a stack's default one) that spans them, and the ingress routing mesh where the
// kernel can run it (IPVS; skipped with the reason otherwise). The stack is removed in `after`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EngineClient } from '../../client/src/engine/engineClient';
import type { SwarmTask } from '../../client/src/engine';
import { waitUntil, type DockerResult } from './docker';
import { echoStackFile } from './support/echoStack';
import {
  ipvsMissing,
  NS_ADDR,
  NS_NODES,
  ncFrom,
  nsClient,
  nsDocker,
  nsDockerOk,
  nsNodeNames,
  nsSwarmMissing,
  nsUp,
  ownDefaultNetwork,
  removeNsStack,
  type NsNode,
} from './support/nsSwarm';

const missing = nsSwarmMissing();
if (missing) console.log(`faults-ns-swarm skipped: ${missing}`);
const noIpvs = missing ? undefined : ipvsMissing();

const STACK = `spnsnet${process.pid}`;
const PORT = 8080;
const PUBLISHED = 30_080 + (process.pid % 1000);
// One responder per node that answers with its node's hostname, on a default network with a subnet of its own.
const STACK_FILE = echoStackFile(PORT, 5, PUBLISHED) + ownDefaultNetwork();

interface Placed {
  node: NsNode;
  addr: string;
  container: string;
}

/** A task's address on the stack's default overlay network (without the prefix length). */
function overlayAddress(task: SwarmTask): string | undefined {
  const attachments = (task.NetworksAttachments ?? []) as Array<{ Network?: { Spec?: { Name?: string } }; Addresses?: string[] }>;
  return attachments.find((a) => a.Network?.Spec?.Name === `${STACK}_default`)?.Addresses?.[0]?.split('/')[0];
}

describe('faults: the namespaced swarm', { skip: missing, timeout: 180_000 }, () => {
  let m1: EngineClient;
  let dir: string;
  let placed: Placed[] = [];

  before(async () => {
    nsUp();
    m1 = nsClient('sp-m1');
    dir = mkdtempSync(join(tmpdir(), 'spnsnet-'));
    writeFileSync(join(dir, 'stack.yml'), STACK_FILE);
    await nsDockerOk(['stack', 'deploy', '-c', join(dir, 'stack.yml'), STACK]);
    const names = await nsNodeNames(m1);
    placed = await waitUntil(
      'one running echo task on each of the five nodes',
      async () => {
        const tasks = (await m1.listTasks({ service: [`${STACK}_echo`], 'desired-state': ['running'] })).filter((t) => t.Status?.State === 'running');
        const rows = tasks.map((t) => ({
          node: names.get(t.NodeID ?? '') as NsNode,
          addr: overlayAddress(t) ?? '',
          container: t.Status?.ContainerStatus?.ContainerID ?? '',
        }));
        return rows.length === 5 && new Set(rows.map((r) => r.node)).size === 5 && rows.every((r) => r.addr && r.container) ? rows : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
  });

  after(async () => {
    await removeNsStack(STACK).catch((err) => console.log(`faults-ns-swarm clean-up: ${err}`));
    if (dir) rmSync(dir, { recursive: true, force: true });
    m1?.close();
  });

  test('five nodes Ready: three managers, two workers, each with its own hostname and address', async () => {
    const nodes = await m1.listNodes();
    const rows = nodes.map((n) => `${n.Description?.Hostname} ${n.Spec.Role} ${n.Status?.State} ${n.Status?.Addr}`).sort();
    assert.deepEqual(
      rows,
      NS_NODES.map((h) => `${h} ${h.startsWith('sp-m') ? 'manager' : 'worker'} ready ${NS_ADDR[h]}`),
    );
  });

  test('the default overlay network spans the nodes: from each node, the tasks on every other node answer', async () => {
    // A task runs before every node has learnt its peers' overlay addresses (swarm spreads them by gossip), so
    // each node is asked again for up to 30 s; what it last answered is what the assertion reports.
    for (const from of placed) {
      const others = placed.filter((p) => p !== from);
      const script = others.map((p) => `echo | nc -w 3 ${p.addr} ${PORT}`).join('; ');
      const expected = others.map((p) => p.node);
      let last: DockerResult = { code: -1, stdout: '', stderr: '', timedOut: false, ms: 0 };
      const deadline = Date.now() + 30_000;
      do {
        last = await nsDocker(['exec', from.container, 'sh', '-c', script], from.node);
        if (last.code === 0 && last.stdout.split('\n').filter(Boolean).join(' ') === expected.join(' ')) break;
        await new Promise((r) => setTimeout(r, 1000));
      } while (Date.now() < deadline);
      assert.equal(last.code, 0, `${from.node}: ${last.stderr}`);
      assert.deepEqual(last.stdout.split('\n').filter(Boolean), expected, `from ${from.node}, each overlay address answers with its own node's hostname`);
    }
  });

  test('an overlay address no task holds does not answer', async () => {
    const used = new Set(placed.map((p) => p.addr));
    const prefix = placed[0].addr.split('.').slice(0, 3).join('.');
    const free = [...Array(200).keys()].map((i) => `${prefix}.${i + 50}`).find((a) => !used.has(a))!;
    const r = await nsDocker(['exec', placed[0].container, 'sh', '-c', `echo | nc -w 2 ${free} ${PORT}`], placed[0].node);
    assert.notEqual(r.code, 0, `nothing answers on ${free}: ${r.stdout}`);
    assert.equal(r.stdout.trim(), '');
  });

  test('the ingress routing mesh publishes the port on every node', { skip: noIpvs }, async () => {
    for (const node of NS_NODES) {
      const r = await waitUntil(
        `port ${PUBLISHED} answering on ${node}`,
        async () => {
          const a = ncFrom(node, NS_ADDR[node], PUBLISHED, '\n');
          return a.code === 0 && a.out.trim() ? a : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 1000 },
      );
      assert.ok(NS_NODES.includes(r.out.trim() as NsNode), `${node}: answered by a task (${r.out.trim()})`);
    }
  });
});
if (noIpvs) console.log(`faults-ns-swarm: the ingress routing mesh test is skipped: ${noIpvs}`);
