// The main test swarm of docker-ci.sh up: its workers run in their own network namespaces on the bridge br-spw, so a
// stack's default overlay network spans the manager and both workers. One responder per node answers with its node's
// hostname; from each task, the tasks on the other nodes answer over the overlay. The stack is removed in `after`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, docker, dockerOk, removeStack, swarmProblem, waitUntil } from './docker';
import { echoStackFile } from './support/echoStack';

const STACK = `spovl${process.pid}`;
const PORT = 8080;
const STACK_FILE = echoStackFile(PORT, 3);

interface Placed {
  node: string;
  addr: string;
  container: string;
}

/** The daemon socket of a node of the main swarm: the manager's, or worker i's /var/run/docker-w<i>.sock. */
const nodeHost = (hostname: string, manager: string) =>
  hostname === manager ? 'unix:///var/run/docker.sock' : `unix:///var/run/docker-${hostname.slice(manager.length + 1)}.sock`;

describe('main swarm: the default overlay network spans all nodes', { timeout: 150_000 }, () => {
  let dir: string;
  let manager: string;
  let placed: Placed[] = [];

  before(async () => {
    const problem = await swarmProblem();
    if (problem) throw new Error(problem);
    manager = (await dockerOk(['info', '--format', '{{.Name}}'])).trim();
    const nodes = (await dockerOk(['node', 'ls', '--format', '{{.Hostname}} {{.Status}}'])).trim().split('\n');
    assert.equal(nodes.filter((n) => n.endsWith(' Ready')).length, 3, `three nodes Ready (DOCKER_CI_WORKERS=2): ${nodes.join(', ')}`);
    dir = mkdtempSync(join(tmpdir(), 'spovl-'));
    writeFileSync(join(dir, 'stack.yml'), STACK_FILE);
    await dockerOk(['stack', 'deploy', '-c', join(dir, 'stack.yml'), STACK]);
    placed = await waitUntil(
      'one running echo task on each of the three nodes',
      async () => {
        const ids = (await dockerOk(['service', 'ps', '-q', '--filter', 'desired-state=running', `${STACK}_echo`])).trim().split('\n').filter(Boolean);
        if (ids.length !== 3) return undefined;
        const tasks = JSON.parse(await dockerOk(['inspect', ...ids])) as Array<{
          NodeID: string;
          Status: { State: string; ContainerStatus?: { ContainerID?: string } };
          NetworksAttachments?: Array<{ Network: { Spec: { Name: string } }; Addresses: string[] }>;
        }>;
        const rows: Placed[] = [];
        for (const t of tasks) {
          if (t.Status.State !== 'running') return undefined;
          const node = (await dockerOk(['node', 'inspect', t.NodeID, '--format', '{{.Description.Hostname}}'])).trim();
          const addr = t.NetworksAttachments?.find((a) => a.Network.Spec.Name === `${STACK}_default`)?.Addresses[0]?.split('/')[0] ?? '';
          rows.push({ node, addr, container: t.Status.ContainerStatus?.ContainerID ?? '' });
        }
        return new Set(rows.map((r) => r.node)).size === 3 && rows.every((r) => r.addr && r.container) ? rows : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
  });

  after(async () => {
    await removeStack(STACK).catch((err) => console.log(`main-swarm-overlay clean-up: ${err}`));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('workers advertise their own addresses on the bridge, not loopback ones', async () => {
    const addrs = (await dockerOk(['node', 'ls', '-q'])).trim().split('\n');
    const rows = await Promise.all(addrs.map(async (id) => (await dockerOk(['node', 'inspect', id, '--format', '{{.Status.Addr}}'])).trim()));
    assert.deepEqual(rows.sort(), ['10.212.0.1', '10.212.0.11', '10.212.0.12']);
  });

  test('from each node, the tasks on the other nodes answer over the overlay with their hostname', async () => {
    for (const from of placed) {
      const others = placed.filter((p) => p !== from);
      const script = others.map((p) => `echo | nc -w 3 ${p.addr} ${PORT}`).join('; ');
      const r = await docker(['exec', from.container, 'sh', '-c', script], { env: cleanEnv({ DOCKER_HOST: nodeHost(from.node, manager) }), timeoutMs: 30_000 });
      assert.equal(r.code, 0, `${from.node}: ${r.stderr}`);
      assert.deepEqual(
        r.stdout.split('\n').filter(Boolean),
        others.map((p) => p.node),
        `from ${from.node}`,
      );
    }
  });
});
