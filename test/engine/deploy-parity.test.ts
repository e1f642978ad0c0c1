// Spec parity with `docker stack deploy`: the same files (test/cases/deploy/parity: every converted field docker/cli
// knows — mounts, ports, resources, update/rollback config, healthcheck, placement, logging, secrets, configs,
// networks, jobs, global …) are deployed once with the docker CLI and once with Swarm Pilot under the same stack name,
// then updated with a second version (`--resolve-image always` this time), and the swarm's service, network, secret
// and config specs are compared field by field after each step.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PREVIOUS_REVISION_LABEL, REVISION_LABEL, type StackSnapshot } from '../../client/src/deploy';
import type { EngineClient } from '../../client/src/engine';
import { deploy, fixtureDir, snapshot, testClient } from '../cases/deploy/harness';
import { REPO_ROOT } from '../unit/helpers';
import { cleanEnv, dockerOk, removeStack } from './docker';

const SOURCE = join(REPO_ROOT, 'test/cases/deploy/parity');
const STACK = `spdeploy-parity-${process.pid}`;

/** Version 2: web gets another image and environment, plain only new service labels; job and worker are unchanged. */
const v2 = (text: string) =>
  text
    .replace('    image: probe/busybox:1\n    entrypoint: /bin/sh -c', '    image: probe/busybox:2\n    entrypoint: /bin/sh -c')
    .replace('      B: two\n', '      B: three\n')
    .replace('      replicas: 0\n      endpoint_mode: dnsrr', '      replicas: 0\n      endpoint_mode: dnsrr\n      labels: {com.example.v: "2"}');

/** Subnets swarm allocated itself (networks without `ipam:` in the file) differ between any two deploys. */
function withoutAllocatedSubnets(networks: StackSnapshot['networks']): StackSnapshot['networks'] {
  const out = structuredClone(networks);
  for (const [name, n] of Object.entries(out)) if (!name.endsWith('_front')) n.Subnets = [];
  return out;
}

function withoutRevisionLabels(s: StackSnapshot): StackSnapshot {
  const out = structuredClone(s);
  for (const svc of Object.values(out.services)) {
    for (const spec of [svc.spec, svc.previousSpec] as { Labels?: Record<string, string> }[]) {
      for (const k of Object.keys(spec?.Labels ?? {})) if (k.startsWith('com.swarm-pilot.')) delete spec.Labels![k];
    }
  }
  return out;
}

/** Field-by-field comparison with a readable message: the first differing paths. */
function assertSameSpecs(actual: unknown, expected: unknown, what: string): void {
  const diffs: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (diffs.length > 20) return;
    if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
        walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${path}: swarm-pilot ${JSON.stringify(a)} vs docker ${JSON.stringify(b)}`);
  };
  walk(actual, expected, what);
  assert.deepEqual(diffs, [], diffs.join('\n'));
}

describe('deploy: spec parity with docker stack deploy', () => {
  const fx = fixtureDir('spdeploy-parity');
  let client: EngineClient;
  const v1File = join(fx.dir, 'stack.yml');
  const v2File = join(fx.dir, 'stack-v2.yml');
  let docker1: StackSnapshot;
  let docker2: StackSnapshot;

  before(async () => {
    client = testClient();
    for (const f of ['stack.yml', 's1.txt', 'c1.txt']) copyFileSync(join(SOURCE, f), join(fx.dir, f));
    fx.write('stack-v2.yml', v2(readFileSync(v1File, 'utf8')));
    await removeStack(STACK);
    // The reference: docker stack deploy (the 28.2.2 client here; its compose conversion equals 27.5.1's for this file).
    await dockerOk(['stack', 'deploy', '--resolve-image', 'never', '-c', v1File, STACK], { env: cleanEnv(), timeoutMs: 60_000 });
    docker1 = await snapshot(client, STACK);
    await dockerOk(['stack', 'deploy', '--resolve-image', 'always', '-c', v2File, STACK], { env: cleanEnv(), timeoutMs: 120_000 });
    docker2 = await snapshot(client, STACK);
    await removeStack(STACK);
  });
  after(async () => {
    await removeStack(STACK);
    client.close();
    fx.remove();
  });

  test('the docker reference deployed everything', () => {
    assert.deepEqual(
      Object.keys(docker1.services).sort(),
      ['job', 'plain', 'web', 'worker'].map((s) => `${STACK}_${s}`),
    );
    assert.equal(Object.keys(docker1.networks).length, 3);
    assert.equal(Object.keys(docker1.secrets).length, 2);
    assert.equal(Object.keys(docker1.configs).length, 2);
  });

  test('fresh deploy: service, network, secret and config specs equal docker stack deploy', async () => {
    const r = await deploy(client, STACK, { files: [v1File], revisionLabels: false });
    assert.equal(r.status, 'converged', r.message);
    const mine = await snapshot(client, STACK);
    assert.deepEqual(Object.keys(mine.services).sort(), Object.keys(docker1.services).sort());
    for (const name of Object.keys(docker1.services)) assertSameSpecs(mine.services[name].spec, docker1.services[name].spec, `${name}.Spec`);
    assertSameSpecs(withoutAllocatedSubnets(mine.networks), withoutAllocatedSubnets(docker1.networks), 'networks');
    assertSameSpecs(mine.secrets, docker1.secrets, 'secrets');
    assertSameSpecs(mine.configs, docker1.configs, 'configs');
  });

  test('update (--resolve-image always): the changed services get the same Spec and PreviousSpec as with docker', async () => {
    const r = await deploy(client, STACK, { files: [v2File], revisionLabels: false, resolveImage: 'always' });
    assert.equal(r.status, 'converged', r.message);
    assert.deepEqual(
      r.plan!.services.map((s) => [s.key, s.action]),
      [
        ['job', 'unchanged'],
        ['plain', 'update'],
        ['web', 'update'],
        ['worker', 'unchanged'],
      ],
    );
    // No registry answers here: docker and Swarm Pilot both warn and keep the tag instead of a digest.
    assert.ok(r.warnings.some((w) => /could not be accessed on a registry to record/.test(w)));
    const mine = await snapshot(client, STACK);
    for (const name of Object.keys(docker2.services)) assertSameSpecs(mine.services[name].spec, docker2.services[name].spec, `${name}.Spec`);
    for (const name of [`${STACK}_web`, `${STACK}_plain`])
      assertSameSpecs(mine.services[name].previousSpec, docker2.services[name].previousSpec, `${name}.PreviousSpec`);
    // The one deliberate difference: docker also posts the unchanged services again (a no-op update that sets
    // PreviousSpec to the same spec); Swarm Pilot leaves them alone, so their PreviousSpec stays what it was.
    for (const name of [`${STACK}_job`, `${STACK}_worker`]) {
      assert.deepEqual(docker2.services[name].previousSpec, docker2.services[name].spec);
      assert.equal(mine.services[name].previousSpec, undefined);
    }
    assertSameSpecs(mine.secrets, docker2.secrets, 'secrets');
    assertSameSpecs(mine.configs, docker2.configs, 'configs');
  });

  test('revision labels are the only addition when they are on (label-only update, tasks keep running)', async () => {
    const before = await snapshot(client, STACK);
    const r = await deploy(client, STACK, { files: [v2File], resolveImage: 'never' });
    assert.equal(r.status, 'converged', r.message);
    assert.ok(r.plan!.services.every((s) => s.action === 'update' && !s.restarts && s.changes.every((c) => c.path.startsWith('Labels.com.swarm-pilot.'))));
    const mine = await snapshot(client, STACK);
    for (const s of Object.values(mine.services)) assert.match((s.spec as { Labels: Record<string, string> }).Labels[REVISION_LABEL], /^[0-9a-f]{12}$/);
    assert.equal(
      Object.values(mine.services).filter((s) => (s.spec as { Labels: Record<string, string> }).Labels[PREVIOUS_REVISION_LABEL]).length,
      0,
      'no earlier revision recorded',
    );
    for (const name of Object.keys(before.services))
      assertSameSpecs(withoutRevisionLabels(mine).services[name].spec, before.services[name].spec, `${name}.Spec`);
  });
});
