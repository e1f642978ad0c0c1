// `swarm-pilot deploy` and `swarm-pilot rollback` as a user runs them (a child process, the real swarm): exit 0 only
// when the stack converged (or was submitted with --detach), 1 with the reason otherwise, 2 for usage errors.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { service, stackFile, useStack } from '../cases/deploy/harness';
import { dockerOk, stackServices } from './docker';
import { runCli as cli } from './support/runCli';

const image = async (svc: string) => (await dockerOk(['service', 'inspect', svc, '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}'])).trim();

describe('swarm-pilot deploy / rollback (CLI)', () => {
  const { stack, fx } = useStack('cli');
  const state = join(fx.dir, 'state');
  const v1 = () => fx.write('stack.yml', stackFile([service('web', { replicas: 2 }), service('api')]));
  const common = ['--resolve-image', 'never', '--state-dir', state, '--timeout', '90'];

  test('usage errors exit 2; --help exits 0', async () => {
    const help = await cli(['deploy', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: swarm-pilot deploy -c FILE/);
    const noFile = await cli(['deploy', stack]);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /Specify a Compose file \(with --compose-file\)/);
    const both = await cli(['deploy', '-c', v1(), '--wait', '--detach', stack]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--wait and --detach cannot be used together/);
    const rollbackHelp = await cli(['rollback', '--help']);
    assert.equal(rollbackHelp.code, 0);
    assert.match(rollbackHelp.stdout, /Usage: swarm-pilot rollback \[OPTIONS\] STACK/);
  });

  test('without --yes and no terminal: the plan is printed, nothing is deployed, exit 1', async () => {
    const r = await cli(['deploy', '-c', v1(), ...common, stack]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`Plan for stack ${stack}:\\n  create services:\\n    ${stack}_api\\n    ${stack}_web`));
    assert.match(r.stderr, /not confirmed: stdin is not a terminal; run with --yes/);
    assert.deepEqual(await stackServices(stack), []);
  });

  test('a file with errors: exit 1, the errors listed', async () => {
    const bad = fx.write('bad.yml', 'services:\n  web:\n    image: probe/busybox:1\n    deploy: {replicas: many}\n');
    const r = await cli(['deploy', '-c', bad, '--yes', ...common, stack]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.yml:4:\d+: error /);
    assert.match(r.stderr, /Not deployed: the files have/);
  });

  test('deploy --yes: exit 0 once converged, with progress; an update; rollback to the previous revision', async () => {
    const r = await cli(['deploy', '-c', v1(), '--yes', ...common, stack]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /\d\/2 services converged/);
    assert.match(r.stdout, new RegExp(`Stack ${stack} converged: 2/2 services\\.`));
    fx.write('stack.yml', stackFile([service('web', { replicas: 2, image: 'probe/busybox:2' }), service('api')]));
    const up = await cli(['deploy', '-c', join(fx.dir, 'stack.yml'), '-y', ...common, stack]);
    assert.equal(up.code, 0, up.stderr + up.stdout);
    assert.match(up.stdout, /TaskTemplate\.ContainerSpec\.Image: probe\/busybox:1 → probe\/busybox:2/);
    assert.equal(await image(`${stack}_web`), 'probe/busybox:2');
    const back = await cli(['rollback', '--yes', '--state-dir', state, '--resolve-image', 'never', stack]);
    assert.equal(back.code, 0, back.stderr + back.stdout);
    assert.match(back.stdout, /Rolling back to revision [0-9a-f]{12}/);
    assert.equal(await image(`${stack}_web`), 'probe/busybox:1');
  });

  test('a crashing update: exit 1 with the circuit breaker reason; --detach exits 0 once submitted', async () => {
    const crash = fx.write('crash.yml', stackFile([service('web', { replicas: 2, command: 'exit 7' }), service('api')]));
    const r = await cli(['deploy', '-c', crash, '--yes', ...common, stack]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`The circuit breaker stopped the rollout: service ${stack}_web`));
    assert.equal(await image(`${stack}_web`), 'probe/busybox:1');
    const d = await cli([
      'deploy',
      '-c',
      fx.write('detach.yml', stackFile([service('web', { replicas: 2 }), service('api'), service('more')])),
      '--yes',
      '--detach',
      ...common,
      stack,
    ]);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /Submitted 3 services of stack .* \(not watching convergence: --detach\)/);
    assert.equal((await stackServices(stack)).length, 3);
  });
});
