// Rebalance on the real 3-node swarm: a 4-replica service and a 3-replica service with a bind mount; drain vm-w1
// until their tasks moved, activate it again: both are skewed (vm-w1 has none of their tasks); the bind-mounted one
// is left out of the default selection; `swarm-pilot rebalance --yes` spreads the other back (counts per node
// before/after) and leaves the bind-mounted one where it was. Node availability is restored in `after`, always.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveEndpoint } from '../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../client/src/engine/engineClient';
import { setAvailability, skewedServices, takeSnapshot } from '../../client/src/swarm';
import { docker, dockerOk, swarmProblem, waitUntil } from './docker';
import { runCli as cli } from './support/runCli';

const P = `spopsrb${process.pid}`;
let client: EngineClient;
let w1: string | undefined;

/** Running tasks of a service per node hostname. */
async function perNode(service: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const l of (await dockerOk(['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}'])).split('\n'))
    if (/ Running /.test(l)) out[l.split(' ')[0]] = (out[l.split(' ')[0]] ?? 0) + 1;
  return out;
}
const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

describe('rebalance (real swarm)', async () => {
  const problem = await swarmProblem();
  before(async () => {
    if (problem) return;
    client = createEngineClient(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, homedir: '/nonexistent' }));
    w1 = (await client.listNodes()).find((n) => n.Description?.Hostname === 'vm-w1')?.ID;
    const create = (name: string, replicas: number, extra: string[] = []) =>
      dockerOk([
        'service',
        'create',
        '--detach',
        '--name',
        name,
        '--replicas',
        String(replicas),
        '--stop-grace-period',
        '1s',
        '--update-parallelism',
        '2',
        '--update-delay',
        '0s',
        ...extra,
        'probe/busybox:1',
        'sleep',
        '3600',
      ]);
    await create(`${P}-spread`, 4);
    await create(`${P}-bound`, 3, ['--mount', 'type=bind,source=/tmp,target=/data']);
    for (const [s, n] of [
      [`${P}-spread`, 4],
      [`${P}-bound`, 3],
    ] as const)
      await waitUntil(`${s} to run ${n}`, async () => (total(await perNode(s)) === n ? true : undefined), { timeoutMs: 90_000 });
  });
  after(async () => {
    if (problem) return;
    if (w1) await setAvailability(client, w1, 'active').catch(() => undefined);
    const names = (await dockerOk(['service', 'ls', '--format', '{{.Name}}', '--filter', `name=${P}`])).split('\n').filter(Boolean);
    if (names.length) await docker(['service', 'rm', ...names]);
    client.close();
  });

  test(
    'drain vm-w1 and activate it: skew detected, rebalance spreads the tasks back, the bind-mounted service stays',
    { skip: problem, timeout: 400_000 },
    async () => {
      assert.ok(w1, 'the test swarm has a worker vm-w1');
      await setAvailability(client, w1, 'drain');
      for (const s of [`${P}-spread`, `${P}-bound`])
        await waitUntil(
          `${s} to leave vm-w1`,
          async () => {
            const r = await perNode(s);
            return !r['vm-w1'] && total(r) === (s.endsWith('spread') ? 4 : 3) ? true : undefined;
          },
          { timeoutMs: 120_000 },
        );
      await setAvailability(client, w1, 'active');
      const before = await perNode(`${P}-spread`);
      assert.equal(before['vm-w1'], undefined, `nothing on vm-w1 before: ${JSON.stringify(before)}`);

      const skewed = skewedServices(await takeSnapshot(client), (s) => s.name.startsWith(P));
      assert.deepEqual(skewed.map((s) => s.name).sort(), [`${P}-bound`, `${P}-spread`]);
      const spread = skewed.find((s) => s.name === `${P}-spread`)!;
      assert.equal(spread.caution, undefined);
      assert.equal(
        Object.values(spread.expected).reduce((a, b) => a + b, 0),
        4,
      );
      assert.ok(spread.expected['vm-w1'] >= 1, JSON.stringify(spread.expected));
      assert.match(skewed.find((s) => s.name === `${P}-bound`)!.caution ?? '', /bind mount \/tmp/);

      const dry = await cli(['rebalance', '--dry-run', `${P}-spread`, `${P}-bound`]);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, new RegExp(`${P}-spread: .* → .*vm-w1 [12]`));
      assert.match(dry.stdout, new RegExp(`Left out \\(--all includes it\\): ${P}-bound: bind mount`));
      assert.deepEqual(await perNode(`${P}-spread`), before, 'a dry run changes nothing');

      const boundBefore = await perNode(`${P}-bound`);
      const run = await cli(['rebalance', '--yes', `${P}-spread`, `${P}-bound`], 300_000);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`${P}-spread: converged; now .*vm-w1 [12]`));
      const afterSpread = await perNode(`${P}-spread`);
      assert.equal(total(afterSpread), 4);
      assert.ok((afterSpread['vm-w1'] ?? 0) >= 1, `vm-w1 runs tasks again: ${JSON.stringify(afterSpread)}`);
      assert.ok(Math.max(...Object.values(afterSpread)) <= 2, `spread evenly: ${JSON.stringify(afterSpread)}`);
      assert.deepEqual(await perNode(`${P}-bound`), boundBefore, 'the bind-mounted service was left where it was');
    },
  );
});
