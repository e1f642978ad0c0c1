// The volume-driver live check on the real swarm: the manager's drivers come from its /info (Plugins.Volume, asked
// by the editor's VolumeDriverCache); a stack volume with a driver the manager does not have is a
// `live-volume-driver-missing` diagnostic on its `driver:` value, and the deploy plan refuses it with the same check
// (nothing is created); the `local` driver passes both.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { convertStack, loadStackConfig } from '../../client/src/deploy';
import type { EngineClient } from '../../client/src/engine';
import { fileLiveDiagnostics } from '../../client/src/live/liveDiagnostics';
import { stackOutline } from '../../client/src/live/stackOutline';
import { VolumeDriverCache } from '../../client/src/live/volumeDrivers';
import { SwarmWatcher } from '../../client/src/swarm';
import { deploy, fixtureDir, service, stackFile, testClient } from '../cases/deploy/harness';
import { removeStack, stackLeftovers, swarmProblem, waitUntil } from './docker';

describe('volume drivers the manager does not have (real swarm)', async () => {
  const problem = await swarmProblem();
  const stack = `lv_vol${process.pid}`;
  const missing = `lv-nope-driver-${process.pid}`;
  const fx = fixtureDir('lv-vol');
  const withDriver = (driver: string) =>
    stackFile([service('db', { extra: ['    volumes: ["data:/data"]'] })], `volumes:\n  data:\n    driver: ${driver}\n    labels: {lv: "1"}\n`);
  let client: EngineClient;
  let watcher: SwarmWatcher;
  let cache: VolumeDriverCache;
  let answers = 0;

  const diagnostics = (text: string) => {
    const desired = convertStack(loadStackConfig({ files: [{ path: `${fx.dir}/stack.yml`, text }], env: {} }), stack);
    return fileLiveDiagnostics(desired, stackOutline(text).document, watcher.lastSnapshot, { stack, swarm: 'local', volumeDrivers: cache.drivers() }).map(
      (d) => ({ code: d.code, at: text.slice(d.start, d.end), message: d.message }),
    );
  };

  before(async () => {
    if (problem) return;
    client = testClient();
    await removeStack(stack);
    cache = new VolumeDriverCache(
      async () => client,
      () => answers++,
    );
    assert.equal(cache.drivers(), undefined, 'not known before the manager answered');
    await waitUntil('the manager /info answer', async () => (answers ? true : undefined), { timeoutMs: 15_000 });
    watcher = new SwarmWatcher(async () => client, { debounceMs: 200 });
    watcher.start();
    await waitUntil('first snapshot', async () => (watcher.lastSnapshot ? true : undefined), { timeoutMs: 20_000 });
  });
  after(async () => {
    watcher?.stop();
    if (!problem) await removeStack(stack);
    client?.close();
    fx.remove();
  });

  test('the manager answers its own drivers: local, on vm', { skip: problem }, () => {
    const drivers = cache.drivers()!;
    assert.equal(drivers.node, 'vm');
    assert.ok(drivers.drivers.includes('local'), drivers.drivers.join(', '));
    assert.equal(answers, 1, 'asked once per connection');
  });

  test('a driver the manager lacks: live-volume-driver-missing on the driver value, naming the node checked', { skip: problem }, () => {
    const found = diagnostics(withDriver(missing));
    assert.deepEqual(
      found.map((d) => `${d.code} ${d.at}`),
      [`live-volume-driver-missing ${missing}`],
    );
    assert.match(
      found[0].message,
      new RegExp(`volume driver "${missing}" \\(volume data, used by ${stack}_db\\) is not installed on vm \\(drivers there: .*local`),
    );
    assert.match(found[0].message, /checked on that node only.*\(on swarm local\)$/);
    assert.deepEqual(diagnostics(withDriver('local')), []);
  });

  test('the deploy plan refuses the same stack with the same check and creates nothing', { skip: problem }, async () => {
    const r = await deploy(client, stack, { files: [fx.write('stack.yml', withDriver(missing))] });
    assert.equal(r.status, 'refused', r.message);
    const p = r.plan!.problems.find((x) => x.code === 'volume-driver-missing');
    assert.ok(p, JSON.stringify(r.plan!.problems));
    assert.equal(p.object, 'data');
    assert.match(p.message, new RegExp(`"${missing}".*not installed on vm`));
    assert.deepEqual(await stackLeftovers(stack), []);
  });
});
