// Breaker latency and fail-fast rejections on the real swarm:
// - a service whose image no node has and none can pull (a registry on 127.0.0.1:5999 that does not listen: the
//   Engine rejects the task with "No such image") fails the deploy at once with the node's hostname and the reason,
//   although its max_failure_ratio would never trip the breaker and the timeout is far away;
// - a release whose tasks crash, deployed with `swarm-pilot deploy --format json`: the result's timeline records
//   failed task → trip → rollback requested → converged back, in that order (the order, not the timing).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TimelineEntry } from '../../client/src/deploy';
import type { EngineClient } from '../../client/src/engine';
import { deploy, fixtureDir, service, stackFile, testClient } from '../cases/deploy/harness';
import { removeStack } from './docker';
import { runCli } from './support/runCli';

const HOSTNAMES = /^(vm|vm-w1|vm-w2)$/;

describe('deploy: fail fast on rejections, breaker timeline', () => {
  const stack = `lat_ff${process.pid}`;
  const crashStack = `lat_tl${process.pid}`;
  const fx = fixtureDir('lat-latency');
  const stateDir = mkdtempSync(join(tmpdir(), 'lat-state-'));
  let client: EngineClient;

  before(async () => {
    client = testClient();
    await Promise.all([removeStack(stack), removeStack(crashStack)]);
  });
  after(async () => {
    await Promise.all([removeStack(stack), removeStack(crashStack)]);
    client?.close();
    fx.remove();
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('a task rejected for "No such image" fails the deploy at once, naming the node and the reason', async () => {
    const image = '127.0.0.1:5999/lat_missing/img:1';
    const file = fx.write(
      'missing.yml',
      stackFile([service('app', { image, replicas: 2 })]).replace(
        'update_config: {monitor: 1s, order: stop-first}',
        'update_config: {monitor: 1s, max_failure_ratio: 1}',
      ),
    );
    const t0 = Date.now();
    const r = await deploy(client, stack, { files: [file], timeoutSeconds: 120 });
    const elapsed = Date.now() - t0;
    assert.equal(r.status, 'tripped', r.message);
    const m = /task rejected on (\S+): No such image: (\S+)/.exec(r.trip!.reason);
    assert.ok(m, r.trip!.reason);
    assert.match(m[1], HOSTNAMES, 'the node is named by its hostname');
    assert.ok(m[2].startsWith(image), m[2]);
    assert.match(r.message, /task rejected on (vm|vm-w1|vm-w2): No such image/);
    assert.ok(elapsed < 60_000, `failed after ${elapsed} ms, not at the 120 s timeout`);
    assert.ok(
      r.undo!.some((u) => u.record.kind === 'service-created' && u.outcome === 'removed'),
      JSON.stringify(r.undo),
    );
    const kinds = r.timeline.map((e) => e.kind);
    assert.ok(kinds.indexOf('task-failed') >= 0 && kinds.indexOf('task-failed') < kinds.indexOf('tripped'), kinds.join(','));
  });

  test('a crashing release: --format json reports the timeline failed task → trip → rollback requested → converged back', async () => {
    const v1 = fx.write('v1.yml', stackFile([service('web', { replicas: 2 })]));
    const v2 = fx.write('v2.yml', stackFile([service('web', { replicas: 2, command: 'echo boom; exit 1' })]));
    const common = ['--yes', '--resolve-image', 'never', '--state-dir', stateDir, '--timeout', '120', '--format', 'json'];
    const first = await runCli(['deploy', '-c', v1, ...common, crashStack], 180_000);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).status, 'converged');
    const second = await runCli(['deploy', '-c', v2, ...common, crashStack], 240_000);
    assert.equal(second.code, 1, second.stderr);
    const out = JSON.parse(second.stdout) as { status: string; trip: { service: string }; timeline: TimelineEntry[] };
    assert.equal(out.status, 'tripped');
    assert.equal(out.trip.service, `${crashStack}_web`);
    const kinds = out.timeline.map((e) => e.kind);
    const first_ = (k: TimelineEntry['kind']) => kinds.indexOf(k);
    for (const k of ['task-failed', 'tripped', 'rollback-requested', 'converged-back'] as const) assert.ok(first_(k) >= 0, `${k} recorded: ${kinds.join(',')}`);
    assert.ok(
      first_('task-failed') < first_('tripped') && first_('tripped') < first_('rollback-requested') && first_('rollback-requested') < first_('converged-back'),
      kinds.join(','),
    );
    const times = out.timeline.map((e) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'entries in the order they happened',
    );
    const failed = out.timeline.find((e) => e.kind === 'task-failed')!;
    assert.equal(failed.service, `${crashStack}_web`);
    assert.ok(failed.engineAt && !Number.isNaN(Date.parse(failed.engineAt)), JSON.stringify(failed));
    assert.match(failed.detail!, / on (vm|vm-w1|vm-w2): failed/);
    assert.equal(out.timeline.find((e) => e.kind === 'converged-back')!.service, `${crashStack}_web`);
    // The human output prints the same timeline after the trip (stderr in json mode, with the plan and progress).
    assert.match(second.stderr, /Circuit breaker timeline:\n {2}\+0\.00 s task-failed /);
  });
});
