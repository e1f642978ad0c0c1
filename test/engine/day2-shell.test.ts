// A shell in a task on a worker, through the Node API on the real swarm: the task's node is reached through a
// swarmPilot.nodeConnections entry (its per-node socket), an exec with a TTY runs `hostname` and `exit`, and the
// output is the container's hostname. Without the entry, the active unix connection cannot reach the worker and the
// reason names the setting; a task on the active daemon's own node needs no entry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import { clientForRoute, openShell, routeToNode } from '../../client/src/swarm';
import { docker, dockerOk, swarmProblem, waitUntil } from './docker';

const P = `spopssh${process.pid}`;
let client: EngineClient;

describe('Open Shell (real swarm)', async () => {
  const problem = await swarmProblem();
  before(async () => {
    if (problem) return;
    client = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }));
    await dockerOk([
      'service',
      'create',
      '--detach',
      '--name',
      P,
      '--constraint',
      'node.hostname==vm-w1',
      '--stop-grace-period',
      '1s',
      'probe/busybox:1',
      'sleep',
      '3600',
    ]);
  });
  after(async () => {
    if (problem) return;
    await docker(['service', 'rm', P]);
    client.close();
  });

  test('exec hostname and exit in a task on vm-w1 through its per-node socket', { skip: problem }, async () => {
    const task = await waitUntil(
      'the task to run on vm-w1',
      async () =>
        (await client.listTasks({ service: [P], 'desired-state': ['running'] })).find(
          (t) => t.Status?.State === 'running' && (t.Status as { ContainerStatus?: { ContainerID?: string } }).ContainerStatus?.ContainerID,
        ),
      { timeoutMs: 60_000 },
    );
    const containerId = (task.Status as { ContainerStatus: { ContainerID: string } }).ContainerStatus.ContainerID;
    const [node, info] = await Promise.all([client.inspectNode(task.NodeID!), client.info()]);
    const activeNodeId = (info as { Swarm?: { NodeID?: string } }).Swarm?.NodeID;

    const refused = routeToNode(node, client.endpoint, [], activeNodeId, {}, '/nonexistent');
    assert.equal(refused.kind, 'none');
    assert.match(refused.kind === 'none' ? refused.reason : '', /swarmPilot\.nodeConnections/);

    const route = routeToNode(node, client.endpoint, [{ node: 'vm-w1', host: 'unix:///var/run/docker-w1.sock' }], activeNodeId, {}, '/nonexistent');
    assert.equal(route.kind, 'endpoint');
    const { client: nodeClient } = clientForRoute(route, client);
    try {
      const shell = await openShell(nodeClient, containerId, { cols: 120, rows: 30 });
      let out = '';
      shell.stream.on('data', (d: Buffer) => (out += d.toString('utf8')));
      const ended = new Promise<void>((r) => shell.stream.on('end', r).on('close', r));
      shell.stream.write('hostname\n');
      await waitUntil('the hostname to be printed', async () => (out.includes(containerId.slice(0, 12)) ? true : undefined), {
        timeoutMs: 15_000,
        describe: () => JSON.stringify(out),
      });
      shell.stream.write('exit 3\n');
      await ended;
      assert.equal(await shell.exitCode(), 3, 'exit ends the session with its status');
    } finally {
      nodeClient.close();
    }
  });
});
