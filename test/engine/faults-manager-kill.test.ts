// Fault: the daemon of the manager the CLI talks to (sp-m1, the leader of the namespaced swarm) SIGKILLed in the
// middle of `swarm-pilot deploy --wait`. The CLI exits non-zero within 10 s naming the connection failure; the
// revision store keeps the previous revision and stays readable; the explorer's watcher keeps its last snapshot
// while the daemon is gone and recovers by itself; once the daemon is back (ns-up), the same deploy converges with
// no duplicate service, network, secret or config. Two managers remain, so the swarm keeps its quorum throughout.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileRevisionStore } from '../../client/src/deploy/revisions';
import type { EngineClient } from '../../client/src/engine/engineClient';
import { SwarmWatcher } from '../../client/src/swarm';
import { waitUntil } from './docker';
import { runCli } from './support/runCli';
import { nsClient, nsDockerOk, nsHost, nsLeaderBackToM1, nsSwarmMissing, nsUp, ownDefaultNetwork, removeNsStack, stopNsDaemon } from './support/nsSwarm';

const missing = nsSwarmMissing();
if (missing) console.log(`faults-manager-kill skipped: ${missing}`);

const STACK = `spmkill${process.pid}`;
const HOST = nsHost('sp-m1');
const CONNECTION = `setting:${HOST}`; // how the CLI names a -H connection in the revision store

const service = (name: string, extra = '') => `  ${name}:
    image: probe/busybox:1
    command: ["sleep", "3600"]
    stop_grace_period: 1s
${extra}`;

const NETWORK = ownDefaultNetwork();

// Revision 1: two services, a secret and a config. Revision 2 adds a secret and four services (created one by one).
const REV1 = `services:
${service('a')}${service('b', '    secrets: [s1]\n    configs: [c1]\n')}secrets:
  s1: { file: ./data.txt }
configs:
  c1: { file: ./data.txt }
${NETWORK}`;
const REV2 = `services:
${service('a')}${service('b', '    secrets: [s1]\n    configs: [c1]\n')}${service('c', '    secrets: [s2]\n')}${service('d')}${service('e')}${service('f')}secrets:
  s1: { file: ./data.txt }
  s2: { file: ./data.txt }
configs:
  c1: { file: ./data.txt }
${NETWORK}`;

/** The stack's objects by kind, as `kind name` rows (ids dropped), from the namespace label. */
async function stackObjects(): Promise<string[]> {
  const rows: string[] = [];
  for (const kind of ['service', 'network', 'secret', 'config']) {
    const out = await nsDockerOk([kind, 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Name}}']);
    rows.push(
      ...out
        .split('\n')
        .filter(Boolean)
        .map((n) => `${kind} ${n}`),
    );
  }
  return rows.sort();
}

/** sp-m1 answers as a manager again, the swarm has a leader, and it lists the nodes. */
const managerBack = (m1: EngineClient) =>
  waitUntil(
    'sp-m1 back as a manager of the five-node swarm with a leader',
    async () => {
      // All five nodes: sp-m1 rejoined its swarm (not a new one of its own) and the swarm has a leader.
      const nodes = await m1.listNodes(undefined, { timeoutSeconds: 5 }).catch(() => undefined);
      return nodes?.length === 5 && nodes.some((n) => n.ManagerStatus?.Leader) ? true : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 1000 },
  );

describe("faults: the CLI's manager daemon SIGKILLed mid-deploy", { skip: missing, timeout: 300_000 }, () => {
  let m1: EngineClient;
  let dir: string;
  let stateDir: string;
  let watcher: SwarmWatcher;
  const deployArgs = () => [
    'deploy',
    '-c',
    join(dir, 'stack.yml'),
    '-H',
    HOST,
    '--state-dir',
    stateDir,
    '--parallel',
    '1',
    '--wait',
    '--timeout',
    '120',
    '-y',
    STACK,
  ];

  before(async () => {
    nsUp();
    m1 = nsClient('sp-m1', 5);
    dir = mkdtempSync(join(tmpdir(), 'spmkill-'));
    stateDir = join(dir, 'state');
    writeFileSync(join(dir, 'data.txt'), 'fault test data\n');
    writeFileSync(join(dir, 'stack.yml'), REV1);
    const r = await runCli(deployArgs(), 120_000);
    assert.equal(r.code, 0, `revision 1: ${r.stdout}${r.stderr}`);
  });

  after(async () => {
    watcher?.stop();
    nsUp();
    if (m1) await managerBack(m1).catch((err) => console.log(`faults-manager-kill clean-up: ${err}`));
    // Killing the leader moved Raft leadership: put it back on sp-m1, where ns-up had it.
    await nsLeaderBackToM1().catch((err) => console.log(`faults-manager-kill clean-up: ${err}`));
    await removeNsStack(STACK).catch((err) => console.log(`faults-manager-kill clean-up: ${err}`));
    if (dir) rmSync(dir, { recursive: true, force: true });
    m1?.close();
  });

  let killedAt = 0;
  let run: Awaited<ReturnType<typeof runCli>>;
  let exitedAt = 0;
  let before2: { nodes: number; services: string[] };

  test('the explorer watcher has a snapshot with the stack before the kill', async () => {
    watcher = new SwarmWatcher(async () => m1, { debounceMs: 200, taskPollMs: 2000, maxBackoffMs: 1000 });
    watcher.start();
    const s = await waitUntil(
      'the watcher ready with the stack',
      async () =>
        watcher.current.kind === 'ready' && watcher.current.snapshot.services.some((x) => x.name === `${STACK}_b`) ? watcher.current.snapshot : undefined,
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    before2 = {
      nodes: s.nodes.length,
      services: s.services
        .map((x) => x.name)
        .filter((n) => n.startsWith(STACK))
        .sort(),
    };
    assert.equal(before2.nodes, 5);
    assert.deepEqual(before2.services, [`${STACK}_a`, `${STACK}_b`]);
  });

  test('deploy --wait: sp-m1 killed after the first new service; the CLI exits 1 within 10 s naming the connection failure', async () => {
    writeFileSync(join(dir, 'stack.yml'), REV2);
    let out = '';
    run = await runCli(deployArgs(), 60_000, (chunk) => {
      out += chunk;
      if (!killedAt && /done: create service /.test(out)) {
        stopNsDaemon('sp-m1', 'SIGKILL');
        killedAt = Date.now();
      }
    });
    exitedAt = Date.now();
    assert.ok(killedAt, `the deploy created a service (the kill happened): ${run.stdout}${run.stderr}`);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(exitedAt - killedAt <= 10_000, `exited ${exitedAt - killedAt} ms after the kill`);
    const said = run.stdout + run.stderr;
    assert.match(
      said,
      /swarm-pilot: (The connection to|Cannot connect to) the Docker daemon at unix:\/\/\/var\/run\/docker-sp-m1\.sock( broke off|: connection refused|: the socket)/,
      'names the connection failure',
    );
    assert.match(said, /The deploy stopped after \d+ of 6 services were submitted/);
    assert.match(said, /run the same deploy again once it is back/);
  });

  test('the revision store is intact: parseable, revision 1 still there', async () => {
    const files = readdirSync(join(stateDir, 'revisions'));
    assert.ok(
      files.every((f) => f.endsWith('.json')),
      `no temp files left: ${files.join(', ')}`,
    );
    for (const f of files) JSON.parse(readFileSync(join(stateDir, 'revisions', f), 'utf8'));
    const revisions = await new FileRevisionStore(stateDir).list(CONNECTION, STACK);
    assert.ok(revisions.length >= 1, 'revision 1 kept');
    assert.match(revisions[0].files[0].text, /^services:/);
    assert.doesNotMatch(revisions[0].files[0].text, /\n {2}c:/, 'the first revision is the one before the failed deploy');
  });

  test('the watcher keeps its last snapshot while sp-m1 is gone (error state, not emptied)', async () => {
    const s = await waitUntil('the watcher in its error state', async () => (watcher.current.kind === 'error' ? watcher.current : undefined), {
      timeoutMs: 30_000,
      intervalMs: 300,
    });
    assert.ok(s.snapshot, 'a snapshot is kept');
    assert.equal(s.snapshot.nodes.length, before2.nodes);
    for (const name of before2.services)
      assert.ok(
        s.snapshot.services.some((x) => x.name === name),
        `${name} still shown`,
      );
    assert.match(s.error.message, /not running|connection|refused|closed|reset|no such file|socket hang up/i);
    assert.equal(watcher.lastSnapshot, s.snapshot);
  });

  test('after ns-up: the watcher recovers by itself and the same deploy converges with no duplicates', async () => {
    nsUp();
    await managerBack(m1);
    await waitUntil('the watcher ready again', async () => (watcher.current.kind === 'ready' ? true : undefined), { timeoutMs: 60_000, intervalMs: 500 });
    const r = await runCli(deployArgs(), 150_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`Stack ${STACK} converged`));
    assert.match(
      r.stdout,
      new RegExp(`unchanged services:\\n {4}${STACK}_a\\n {4}${STACK}_b\\n {4}${STACK}_c\\n`),
      'the service created before the kill is kept',
    );
    // The deploy watches the services it changed; an unchanged one whose task sat on the killed node may still be
    // restarting its task for a moment, so every service must run its task within a bound, not at this instant.
    const replicas = () => nsDockerOk(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Replicas}}']);
    await waitUntil('every service runs its task', async () => ((await replicas()).split('\n').filter((l) => l === '1/1').length === 6 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 1000,
    }).catch(async (err: Error) => assert.fail(`${err.message}: ${(await replicas()).replace(/\n/g, ' ')}`));
    const objects = await stackObjects();
    assert.deepEqual(objects, [
      `config ${STACK}_c1`,
      `network ${STACK}_default`,
      `secret ${STACK}_s1`,
      `secret ${STACK}_s2`,
      ...['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `service ${STACK}_${n}`),
    ]);
    const revisions = await new FileRevisionStore(stateDir).list(CONNECTION, STACK);
    assert.equal(revisions.length, 2, 'revision 1 and the converged revision 2');
    await waitUntil(
      'the watcher shows the six services',
      async () =>
        watcher.current.kind === 'ready' && watcher.current.snapshot.services.filter((x) => x.name.startsWith(STACK)).length === 6 ? true : undefined,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  });
});
