// The editor's live-* diagnostics computed as the extension does (the explorer's SwarmWatcher snapshot →
// convertStack → snapshotChecks → liveDiagnostics) on the real swarm: a constraint on a label no node has, an external
// secret that does not exist, a published port another service holds; and none once there is no snapshot (the
// watcher reset by a connection change, or a daemon that cannot be reached).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { convertStack, loadStackConfig } from '../../client/src/deploy';
import { createEngineClient, resolveEndpoint, type EngineClient } from '../../client/src/engine';
import { fileLiveDiagnostics } from '../../client/src/live/liveDiagnostics';
import { stackOutline } from '../../client/src/live/stackOutline';
import { SwarmWatcher, type SwarmSnapshot } from '../../client/src/swarm';
import { docker, dockerOk, swarmProblem, waitUntil } from './docker';

describe('live checks from the explorer snapshot (real swarm)', async () => {
  const problem = await swarmProblem();
  const holder = `splive2-port-${process.pid}`;
  const port = 38000 + (process.pid % 1000);
  const stack = `splive2-checks-${process.pid}`;
  const text = `services:
  web:
    image: probe/busybox:1
    ports:
      - "${port}:80"
    secrets: [missing]
    deploy:
      placement:
        constraints:
          - node.labels.splive2-nowhere == yes
secrets:
  missing:
    external: true
    name: splive2-missing-${process.pid}
`;
  let client: EngineClient;
  let watcher: SwarmWatcher;

  const diagnostics = (snapshot: SwarmSnapshot | undefined) => {
    const desired = convertStack(loadStackConfig({ files: [{ path: '/tmp/splive2/stack.yml', text }], env: {} }), stack);
    return fileLiveDiagnostics(desired, stackOutline(text).document, snapshot, { stack, swarm: 'local' }).map((d) => ({
      code: d.code,
      at: text.slice(d.start, d.end),
      message: d.message,
    }));
  };

  before(async () => {
    if (problem) return;
    client = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }), { timeoutSeconds: 15 });
    await docker(['service', 'rm', holder]);
    await dockerOk(['service', 'create', '--detach', '--name', holder, '--publish', `${port}:80`, 'probe/busybox:1', 'sleep', '3600']);
    watcher = new SwarmWatcher(async () => client, { debounceMs: 200 });
    watcher.start();
    await waitUntil('a snapshot with the port holder', async () => (watcher.lastSnapshot?.services.some((s) => s.name === holder) ? true : undefined), {
      timeoutMs: 30_000,
    });
  });
  after(async () => {
    watcher?.stop();
    if (!problem) await docker(['service', 'rm', holder]);
    client?.close();
  });

  test('a constraint no node satisfies, a missing external secret and an occupied port appear, on the values at fault', { skip: problem }, () => {
    const found = diagnostics(watcher.lastSnapshot);
    assert.deepEqual(found.map((d) => `${d.code} ${d.at}`).sort(), [
      `live-constraint-unsatisfiable node.labels.splive2-nowhere == yes`,
      `live-external-secret-missing splive2-missing-${process.pid}`,
      `live-port-in-use "${port}:80"`,
    ]);
    for (const d of found) assert.match(d.message, /\(on swarm local\)$/);
    assert.match(
      found.find((d) => d.code === 'live-constraint-unsatisfiable')!.message,
      /node\.labels\.splive2-nowhere on the nodes: vm=\(none\), vm-w1=\(none\), vm-w2=\(none\)/,
    );
    assert.match(found.find((d) => d.code === 'live-port-in-use')!.message, new RegExp(`used by service ${holder}`));
  });

  test('no snapshot: the connection changed (watcher reset) or the daemon cannot be reached → no diagnostics', { skip: problem }, async () => {
    watcher.reset();
    watcher.stop();
    assert.equal(watcher.lastSnapshot, undefined);
    assert.deepEqual(diagnostics(watcher.lastSnapshot), []);
    const gone = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///tmp/splive2-no-daemon.sock' }, homedir: '/nonexistent' }), {
      timeoutSeconds: 2,
    });
    const unreachable = new SwarmWatcher(async () => gone);
    await unreachable.refresh();
    assert.equal(unreachable.current.kind, 'error');
    assert.deepEqual(diagnostics(unreachable.lastSnapshot), []);
    gone.close();
  });
});
