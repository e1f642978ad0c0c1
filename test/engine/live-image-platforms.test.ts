// Image platforms for the live image check on the real swarm: an image in the loopback registry (127.0.0.1:5000, started
// by `DOCKER_CI_REGISTRY=1 test/engine/docker-ci.sh up`) is answered by the registry through the manager
// (GET /distribution), an image under a registry that does not answer (127.0.0.1:5999) falls back to the manager's
// local image store without an error, and an image neither has gives no answer (the check is skipped). The editor's
// ImageArchCache gets the same answers in the background.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { EngineOps, imagePlatforms } from '../../client/src/deploy';
import type { EngineClient } from '../../client/src/engine';
import { ImageArchCache } from '../../client/src/live/imageArch';
import { testClient } from '../cases/deploy/harness';
import { docker, dockerOk, swarmProblem, waitUntil } from './docker';

const REGISTRY_IMAGE = '127.0.0.1:5000/probe/busybox:1';
const OFFLINE_IMAGE = `127.0.0.1:5999/lv_busybox${process.pid}:1`;
const ABSENT_IMAGE = `127.0.0.1:5999/lv_absent${process.pid}:1`;

const registryAnswers = () =>
  new Promise<boolean>((res) => {
    const s = connect(5000, '127.0.0.1', () => (s.destroy(), res(true)));
    s.on('error', () => res(false));
    s.setTimeout(2000, () => (s.destroy(), res(false)));
  });

describe('image platforms: the registry through the manager, else its image store (real swarm)', async () => {
  const problem =
    (await swarmProblem()) ??
    ((await registryAnswers()) ? undefined : 'no registry on 127.0.0.1:5000 (start the swarm with DOCKER_CI_REGISTRY=1 test/engine/docker-ci.sh up)');
  if (problem) console.log(`# skipped: ${problem}`);
  let client: EngineClient;
  let ops: EngineOps;

  before(async () => {
    if (problem) return;
    client = testClient();
    ops = new EngineOps(client);
    // Only on the manager's image store, under a registry nobody answers on.
    await dockerOk(['tag', 'probe/busybox:1', OFFLINE_IMAGE]);
  });
  after(async () => {
    if (!problem) await docker(['rmi', OFFLINE_IMAGE]);
    client?.close();
  });

  test('an image in the loopback registry: its platforms come from the registry', { skip: problem }, async () => {
    assert.deepEqual(await imagePlatforms(ops, REGISTRY_IMAGE), { archs: ['amd64'], source: 'registry' });
  });

  test('a registry that does not answer (127.0.0.1:5999): the local image store, without an error', { skip: problem }, async () => {
    await assert.rejects(ops.distributionInspect(OFFLINE_IMAGE), 'the registry really does not answer');
    assert.deepEqual(await imagePlatforms(ops, OFFLINE_IMAGE), { archs: ['amd64'], source: 'local' });
    assert.equal(await imagePlatforms(ops, ABSENT_IMAGE), undefined);
  });

  test("the editor's cache answers the same in the background, once per image", { skip: problem }, async () => {
    let answers = 0;
    const cache = new ImageArchCache(
      async () => client,
      () => answers++,
      () => undefined,
    );
    for (const image of [REGISTRY_IMAGE, OFFLINE_IMAGE, ABSENT_IMAGE]) assert.equal(cache.archOf(image), undefined, `${image}: not known before asked`);
    await waitUntil('two answers', async () => (answers === 2 ? true : undefined), { timeoutMs: 20_000 });
    assert.equal(cache.archOf(REGISTRY_IMAGE)?.source, 'registry');
    assert.equal(cache.archOf(OFFLINE_IMAGE)?.source, 'local');
    assert.equal(cache.archOf(ABSENT_IMAGE), undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(answers, 2, 'no image asked twice');
  });
});
