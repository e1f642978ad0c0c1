// Deploy engine on the real 3-node swarm: a fresh deploy converges across nodes, a second identical deploy plans
// nothing, validation errors and the live checks (unsatisfiable constraint, max replicas per node, missing external
// objects) refuse the deploy before anything is changed; --with-registry-auth puts the docker config's credentials in
// the X-Registry-Auth header of the requests (seen by a recording proxy in front of the real daemon).
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { registryAuthForImage } from '../../client/src/deploy';
import { createEngineClient, resolveEndpoint, type EngineClient } from '../../client/src/engine';
import { deploy, service, snapshot, stackFile, stackName, useStack } from '../cases/deploy/harness';
import { stackLeftovers, stackServices } from './docker';

describe('deploy: plan and fresh deploy', () => {
  const ctx = useStack('plan');
  const { stack, fx } = ctx;

  test('fresh deploy: created in parallel, converged on the nodes, progress reported', async () => {
    const file = fx.write(
      'stack.yml',
      stackFile(
        [service('web', { replicas: 3 }), service('api', { replicas: 2 }), service('idle', { replicas: 0 })],
        'configs:\n  cfg:\n    file: ./cfg.txt\n',
      ),
    );
    fx.write('cfg.txt', 'hello\n');
    const r = await deploy(ctx.client, stack, { files: [file] });
    assert.equal(r.status, 'converged', r.message);
    const plan = r.plan!;
    assert.deepEqual(
      plan.services.map((s) => [s.key, s.action]),
      [
        ['api', 'create'],
        ['idle', 'create'],
        ['web', 'create'],
      ],
    );
    assert.deepEqual(
      plan.objects.filter((o) => o.kind === 'config').map((o) => [o.name, o.action]),
      [[`${stack}_cfg`, 'create']],
    );
    const progress = r.events.filter((e) => e.type === 'progress');
    assert.ok(progress.length >= 1);
    const last = r.events.filter((e) => e.type === 'converged').pop();
    assert.ok(last && last.type === 'converged' && last.report.converged === 3 && last.report.total === 3);
    const states = await stackServices(stack);
    assert.deepEqual(states.map((s) => `${s.name} ${s.running}/${s.desired}`).sort(), [`${stack}_api 2/2`, `${stack}_idle 0/0`, `${stack}_web 3/3`]);
    assert.ok(r.timings.submitMs! < 10_000 && r.timings.convergeMs! >= r.timings.submitMs!);
    // Services started concurrently: the three create steps overlap (all started before the first finished).
    const firstFinished = r.events.findIndex((e) => e.type === 'step-finished' && e.step.kind === 'service');
    const startedBefore = r.events.slice(0, firstFinished).filter((e) => e.type === 'step-started' && e.step.kind === 'service').length;
    assert.ok(startedBefore >= 2, `expected parallel submits, got ${startedBefore} started before the first finished`);
  });

  test('the same files again: nothing to change, no service touched', async () => {
    const before = await snapshot(ctx.client, stack);
    const r = await deploy(ctx.client, stack, { files: [fx.dir + '/stack.yml'] });
    assert.equal(r.status, 'unchanged', r.message);
    assert.ok(r.plan!.services.every((s) => s.action === 'unchanged'));
    const after = await snapshot(ctx.client, stack);
    assert.deepEqual(after, before);
  });

  test('two -c files are merged the way docker merges them (override file without image)', async () => {
    const override = fx.write('override.yml', 'services:\n  api:\n    environment: {TIER: override}\n    deploy: {replicas: 1, labels: {tier: b}}\n');
    const r = await deploy(ctx.client, stack, { files: [fx.dir + '/stack.yml', override] });
    assert.equal(r.status, 'converged', r.message);
    assert.ok(
      r.warnings.some((w) => /override\.yml:\d+:\d+: stack-missing-image/.test(w)),
      r.warnings.join('\n'),
    );
    const api = r.plan!.services.find((s) => s.key === 'api')!;
    assert.equal(api.action, 'update');
    const spec = (await snapshot(ctx.client, stack)).services[`${stack}_api`].spec as {
      Labels: Record<string, string>;
      Mode: { Replicated: { Replicas: number } };
      TaskTemplate: { ContainerSpec: { Env: string[]; Image: string } };
    };
    assert.equal(spec.Mode.Replicated.Replicas, 1);
    assert.equal(spec.Labels.tier, 'b');
    assert.deepEqual(spec.TaskTemplate.ContainerSpec.Env, ['TIER=override']);
    assert.equal(spec.TaskTemplate.ContainerSpec.Image, 'probe/busybox:1');
  });

  test('a file with validation errors is refused with the errors listed', async () => {
    const file = fx.write('bad-stack.yml', 'services:\n  web:\n    image: probe/busybox:1\n    deploy:\n      replicas: -1\n      mode: sometimes\n');
    const r = await deploy(ctx.client, stack, { files: [file] });
    assert.equal(r.status, 'refused');
    assert.match(r.message, /Not deployed: the files have \d+ errors?/);
    assert.match(r.message, /bad-stack\.yml:\d+:\d+: /);
    assert.ok(r.diagnostics![0].diagnostics.some((d) => d.severity === 'error'));
  });

  test('unsatisfiable constraint and too few nodes for max_replicas_per_node: the plan says so, nothing is applied', async () => {
    const other = stackName('plan-refused');
    const file = fx.write(
      'refused.yml',
      stackFile([
        service('pinned', { extra: [] }).replace('    deploy:', '    deploy:\n      placement: {constraints: ["node.labels.spdeploy-nowhere == yes"]}'),
        service('spread', { replicas: 7 }).replace('    deploy:', '    deploy:\n      placement: {max_replicas_per_node: 2}'),
      ]),
    );
    const r = await deploy(ctx.client, other, { files: [file] });
    assert.equal(r.status, 'refused', r.message);
    const codes = r.plan!.problems.map((p) => `${p.code} ${p.service}`).sort();
    assert.deepEqual(codes, [`constraint-unsatisfiable ${other}_pinned`, `max-replicas-per-node ${other}_spread`]);
    assert.match(r.message, /no node matches the placement constraints "node.labels.spdeploy-nowhere == yes"/);
    assert.match(r.message, /7 replicas with max_replicas_per_node 2 need 4 eligible nodes, but only 3/);
    assert.deepEqual(r.changes, []);
    assert.deepEqual(await stackLeftovers(other), []);
  });

  test('connected to a worker: the plan says it is not a manager, nothing is sent', async () => {
    const worker = createEngineClient(resolveEndpoint({ setting: { host: 'unix:///var/run/docker-w1.sock' }, env: {}, homedir: '/nonexistent' }), {
      timeoutSeconds: 15,
    });
    try {
      const r = await deploy(worker, stackName('plan-worker'), { files: [fx.dir + '/stack.yml'] });
      assert.equal(r.status, 'refused', r.message);
      assert.deepEqual(
        r.plan!.problems.map((p) => p.code),
        ['not-manager'],
      );
      assert.match(r.message, /this node is not a swarm manager/);
      assert.deepEqual(r.changes, []);
    } finally {
      worker.close();
    }
  });

  test('missing external network, secret and config: refused before any change', async () => {
    const other = stackName('plan-ext');
    const file = fx.write(
      'external.yml',
      `services:\n  a:\n    image: probe/busybox:1\n    networks: [gone]\n    secrets: [s]\n    configs: [c]\nnetworks:\n  gone: {external: true, name: spdeploy-no-such-network}\nsecrets:\n  s: {external: true, name: spdeploy-no-such-secret}\nconfigs:\n  c: {external: true, name: spdeploy-no-such-config}\n`,
    );
    const r = await deploy(ctx.client, other, { files: [file] });
    assert.equal(r.status, 'refused');
    assert.deepEqual(r.plan!.problems.map((p) => p.code).sort(), ['external-config-missing', 'external-network-missing', 'external-secret-missing']);
    assert.match(r.message, /network "spdeploy-no-such-network" is declared as external, but could not be found/);
    assert.deepEqual(await stackLeftovers(other), []);
  });
});

describe('deploy: registry auth from the docker config', () => {
  const ctx = useStack('auth');
  const { stack, fx } = ctx;
  const seen: { method: string; url: string; auth?: string }[] = [];
  let proxy: Server;
  let client: EngineClient;
  const config = { auths: { 'registry.example.com': { auth: Buffer.from('deployer:s3cret').toString('base64') } } };

  before(async () => {
    // A recording proxy in front of the real daemon (every request is forwarded unchanged).
    const sock = join(fx.dir, 'proxy.sock');
    proxy = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers['x-registry-auth'] as string | undefined });
      const up = request({ socketPath: '/var/run/docker.sock', method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', (e) => res.writeHead(502).end(String(e)));
      // A streaming answer (the deploy watcher's GET /events) ends upstream when the client closes it: otherwise the
      // proxy's request to the daemon stays open and keeps this test process alive.
      res.on('close', () => up.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(sock, r));
    client = createEngineClient(resolveEndpoint({ setting: { host: `unix://${sock}` }, env: {}, homedir: '/nonexistent' }), { timeoutSeconds: 15 });
  });
  after(async () => {
    client?.close();
    await new Promise((r) => proxy?.close(r));
  });

  test('X-Registry-Auth on /distribution lookups and service creates, per image registry', async () => {
    const file = fx.write('stack.yml', stackFile([service('hub'), service('private', { image: 'registry.example.com/team/app:1', replicas: 0 })]));
    const r = await deploy(client, stack, { files: [file], withRegistryAuth: true, dockerConfig: config, resolveImage: 'always' });
    assert.equal(r.status, 'converged', r.message);
    const privateHeader = registryAuthForImage(config, 'registry.example.com/team/app:1').header!;
    assert.equal(Buffer.from(privateHeader, 'base64').toString(), '{"username":"deployer","password":"s3cret","serveraddress":"registry.example.com"}');
    const creates = seen.filter((s) => s.method === 'POST' && /\/services\/create(\?|$)/.test(s.url));
    assert.equal(creates.length, 2);
    assert.deepEqual(creates.map((c) => c.auth).sort(), ['e30=', privateHeader].sort());
    const lookups = seen.filter((s) => s.method === 'GET' && s.url.includes('/distribution/registry.example.com/team/app:1/json'));
    assert.equal(lookups.length, 1);
    assert.equal(lookups[0].auth, privateHeader);
    // Without --with-registry-auth no header is sent.
    seen.length = 0;
    const again = await deploy(client, stack, {
      files: [
        fx.write('stack.yml', stackFile([service('hub', { env: { X: '1' } }), service('private', { image: 'registry.example.com/team/app:1', replicas: 0 })])),
      ],
    });
    assert.equal(again.status, 'converged', again.message);
    assert.ok(seen.filter((s) => s.method === 'POST').every((s) => s.auth === undefined));
  });
});
