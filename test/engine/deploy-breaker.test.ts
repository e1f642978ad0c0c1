// The failure-rate circuit breaker on the real swarm: a deploy that updates two services, makes a third one crash,
// and creates a service, a network and a config is stopped when the crashing service's tasks fail; every change is
// rolled back (server-side rollback for the updated services, removal for what was created), and the swarm ends
// exactly where it started — same service specs, same networks, secrets and configs — with the tripping service and
// its task errors reported.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { MemoryRevisionStore, type StackSnapshot } from '../../client/src/deploy';
import { deploy, service, snapshot, stackFile, useStack } from '../cases/deploy/harness';
import { stackTasks, waitUntil } from './docker';

const specsOnly = (s: StackSnapshot) => ({
  services: Object.fromEntries(Object.entries(s.services).map(([k, v]) => [k, v.spec])),
  networks: s.networks,
  secrets: s.secrets,
  configs: s.configs,
});

describe('deploy: circuit breaker and rollback', () => {
  const ctx = useStack('brk');
  const { stack, fx } = ctx;
  const store = new MemoryRevisionStore();
  let start: StackSnapshot;

  before(async () => {
    fx.write('cfg.txt', 'a=1\n');
    fx.write('extra.txt', 'b=2\n');
    const v1 = fx.write(
      'v1.yml',
      stackFile([service('web', { replicas: 2, env: { MODE: 'one' } }), service('steady'), service('crash')], 'configs:\n  cfg:\n    file: ./cfg.txt\n'),
    );
    const r = await deploy(ctx.client, stack, { files: [v1], store });
    assert.equal(r.status, 'converged', r.message);
    start = await snapshot(ctx.client, stack);
  });

  test('a crashing service trips the breaker; everything of the deploy is rolled back', async () => {
    const v2 = fx.write(
      'v2.yml',
      stackFile(
        [
          service('web', { replicas: 2, env: { MODE: 'two' } }),
          service('steady'),
          service('crash', { command: 'echo boom; exit 1' }),
          [
            '  fresh:',
            '    image: probe/busybox:1',
            '    command: ["sleep", "100000"]',
            '    init: true',
            '    networks: [extranet]',
            '    configs: [extra]',
            '    deploy:',
            '      placement: {constraints: [node.role == manager]}',
          ].join('\n'),
        ],
        'networks:\n  extranet:\n    driver: overlay\nconfigs:\n  cfg:\n    file: ./cfg.txt\n  extra:\n    file: ./extra.txt\n',
      ),
    );
    const t0 = Date.now();
    const r = await deploy(ctx.client, stack, { files: [v2], store });
    assert.equal(r.status, 'tripped', r.message);
    assert.equal(r.trip!.service, `${stack}_crash`);
    assert.match(r.trip!.reason, /failed task|swarm (paused|rolled)/);
    assert.ok(r.trip!.taskErrors.some((e) => /non-zero exit \(1\)/.test(e)) || /paused/.test(r.trip!.reason), JSON.stringify(r.trip));
    assert.match(r.message, new RegExp(`The circuit breaker stopped the rollout: service ${stack}_crash: .*Every change of this deploy was rolled back`, 's'));
    const kinds = r.changes.map((c) => `${c.kind} ${c.name.replace(`${stack}_`, '')}`).sort();
    assert.ok(
      kinds.includes('service-created fresh') &&
        kinds.includes('network-created extranet') &&
        kinds.includes('config-created extra') &&
        kinds.includes('service-updated crash'),
      kinds.join(', '),
    );
    assert.ok(
      r.undo!.every((u) => u.outcome !== 'failed'),
      JSON.stringify(r.undo),
    );
    const byName = Object.fromEntries(r.undo!.map((u) => [`${u.record.kind} ${u.record.name.replace(`${stack}_`, '')}`, u.outcome]));
    assert.equal(byName['service-created fresh'], 'removed');
    assert.ok(['rolled-back', 'already-previous'].includes(byName['service-updated crash']));
    assert.ok(Date.now() - t0 < 120_000);

    // The swarm is where it started: same specs, same networks, secrets and configs.
    assert.deepEqual(specsOnly(await snapshot(ctx.client, stack)), specsOnly(start));
    // ... and the crash service runs its old command again.
    await waitUntil(
      'the crash service to run its previous spec',
      async () => {
        const tasks = (await stackTasks(stack)).filter((t) => t.service === `${stack}_crash` && t.desiredState === 'Running');
        return tasks.length === 1 && tasks[0].state === 'Running' ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // A tripped deploy is no revision to roll back to.
    assert.equal((await store.list(ctx.client.endpoint.id, stack)).length, 1);
  });

  test('stack-wide failure ratio: a looser per-service ratio still trips on the stack ratio', async () => {
    const v3 = fx.write(
      'v3.yml',
      stackFile(
        [service('web', { replicas: 2, env: { MODE: 'one' } }), service('steady'), service('crash', { command: 'exit 3' })],
        'configs:\n  cfg:\n    file: ./cfg.txt\n',
      ),
    );
    const r = await deploy(ctx.client, stack, { files: [v3], store, breaker: { serviceRatio: 100, stackRatio: 0.1 } });
    assert.equal(r.status, 'tripped', r.message);
    assert.ok(r.trip!.service === 'stack' || /swarm (paused|rolled)/.test(r.trip!.reason), JSON.stringify(r.trip));
    assert.deepEqual(specsOnly(await snapshot(ctx.client, stack)), specsOnly(start));
  });
});
