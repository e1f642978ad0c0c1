// Compose → swarm spec conversion, checked against what docker/cli does:
//  - the request bodies the real `docker stack deploy` posted for test/cases/deploy/parity/stack.yml (captured from
//    the docker 28.2.2 client against Engine 20.10.24, see cli-requests.json), compared body by body;
//  - the cases of docker/cli v27.5.1 cli/compose/convert/{service,compose,volume}_test.go and
//    cli/compose/loader/merge_test.go, named after the Go test they come from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import {
  convertService,
  convertStack,
  imageWithTag,
  loadStackConfig,
  mergeConfigs,
  Namespace,
  resolveReferences,
  type ComposeConfig,
  type ServiceSpecBody,
} from '../../client/src/deploy/convert';
import type { ServiceConfig, VolumeConfig } from '../../client/src/deploy/convert/composeTypes';
import { addStackLabel, convertFileObjects, convertNetworks } from '../../client/src/deploy/convert/compose';
import { loadComposeFile, parseComposeYaml, parseShortVolume } from '../../client/src/deploy/convert/loader';
import { parseCpus } from '../../client/src/deploy/convert/service';
import { shlexSplit } from '../../client/src/deploy/convert/shlex';
import { convertVolumeToMount } from '../../client/src/deploy/convert/volume';
import { REPO_ROOT } from './helpers';

const PARITY = join(REPO_ROOT, 'test/cases/deploy/parity/stack.yml');

function svc(partial: Partial<ServiceConfig> = {}): ServiceConfig {
  return { name: 'service', environment: {}, ...partial, deploy: { resources: {}, placement: {}, ...(partial.deploy ?? {}) } };
}

const objects = (over: Partial<Parameters<typeof convertService>[2]> = {}) => ({ networks: {}, volumes: {}, secretNames: {}, configNames: {}, ...over });
const ns = new Namespace('foo');
const convert = (s: Partial<ServiceConfig>, over: Partial<Parameters<typeof convertService>[2]> = {}) => convertService(ns, svc(s), objects(over));
const container = (spec: ServiceSpecBody) => spec.TaskTemplate.ContainerSpec!;

function load(text: string, env: Record<string, string> = {}): ComposeConfig {
  return loadStackConfig({ files: [{ path: '/stacks/stack.yml', text }], env, readFile: (p) => Buffer.from(`content of ${p}`) });
}

test('parity fixture: every request body equals what docker stack deploy posted', () => {
  const golden = JSON.parse(
    readFileSync(join(dirname(PARITY), 'cli-requests.json'), 'utf8')
      .split('${FIXTURE_DIR}')
      .join(dirname(PARITY)),
  ) as {
    requests: { path: string; body: Record<string, unknown> & { Name: string } }[];
  };
  const desired = convertStack(loadStackConfig({ files: [{ path: PARITY, text: readFileSync(PARITY, 'utf8') }], env: {} }), 'spdeploy-parity');
  const ids = new Map<string, string>();
  for (const r of golden.requests.filter((x) => x.path === '/services/create')) {
    const c = (r.body as unknown as ServiceSpecBody).TaskTemplate.ContainerSpec!;
    for (const s of c.Secrets ?? []) ids.set(s.SecretName, s.SecretID);
    for (const s of c.Configs ?? []) ids.set(s.ConfigName, s.ConfigID);
  }
  const mine = (path: string, name: string): unknown => {
    if (path === '/services/create') return resolveReferences(desired.services.find((s) => s.name === name)!.spec, ids, ids);
    if (path === '/networks/create') return desired.networks.find((n) => n.Name === name);
    if (path === '/secrets/create') return desired.secrets.find((s) => s.spec.Name === name)?.spec;
    return desired.configs.find((s) => s.spec.Name === name)?.spec;
  };
  assert.equal(golden.requests.length, desired.services.length + desired.networks.length + desired.secrets.length + desired.configs.length);
  for (const r of golden.requests) assert.deepEqual(JSON.parse(JSON.stringify(mine(r.path, r.body.Name))), r.body, `${r.path} ${r.body.Name}`);
  assert.deepEqual(desired.externalNetworks, ['host']);
});

test('TestConvertRestartPolicyFromNone / FromUnknown / FromAlways / FromFailure', () => {
  assert.equal(convert({ restart: 'no' }).TaskTemplate.RestartPolicy, undefined);
  assert.throws(() => convert({ restart: 'unknown' }), /unknown restart policy: unknown/);
  assert.deepEqual(convert({ restart: 'always' }).TaskTemplate.RestartPolicy, { Condition: 'any' });
  assert.deepEqual(convert({ restart: 'on-failure:4' }).TaskTemplate.RestartPolicy, { Condition: 'on-failure', MaxAttempts: 4 });
  // deploy.restart_policy wins over restart:
  assert.deepEqual(convert({ restart: 'always', deploy: { resources: {}, placement: {}, restartPolicy: { condition: 'none' } } }).TaskTemplate.RestartPolicy, {
    Condition: 'none',
  });
});

test('TestConvertEnvironment / TestConvertEnvironmentWhenNilValueExists', () => {
  assert.deepEqual(container(convert({ environment: { key: 'value', foo: 'bar' } })).Env, ['foo=bar', 'key=value']);
  assert.deepEqual(container(convert({ environment: { keyWithNoValue: null, key: 'value' } })).Env, ['key=value', 'keyWithNoValue']);
});

test('TestConvertExtraHosts: order kept, swarm notation', () => {
  assert.deepEqual(container(convert({ extraHosts: ['zulu:127.0.0.2', 'alpha:127.0.0.1', 'zulu:ff02::1'] })).Hosts, [
    '127.0.0.2 zulu',
    '127.0.0.1 alpha',
    'ff02::1 zulu',
  ]);
});

test('TestConvertResourcesFull / TestConvertResourcesOnlyMemory', () => {
  const full = convert({
    deploy: { resources: { limits: { cpus: '0.003', memory: 300000000 }, reservations: { cpus: '0.002', memory: 200000000 } }, placement: {} },
  });
  assert.deepEqual(full.TaskTemplate.Resources, {
    Limits: { NanoCPUs: 3000000, MemoryBytes: 300000000 },
    Reservations: { NanoCPUs: 2000000, MemoryBytes: 200000000 },
  });
  const mem = convert({ deploy: { resources: { limits: { memory: 300000000 }, reservations: { memory: 200000000 } }, placement: {} } });
  assert.deepEqual(mem.TaskTemplate.Resources, { Limits: { MemoryBytes: 300000000 }, Reservations: { MemoryBytes: 200000000 } });
  assert.equal(parseCpus('1/4'), 250000000);
  assert.throws(() => parseCpus('0.0000000001'), /value is too precise/);
});

test('TestConvertHealthcheck / Disable / DisableWithTest', () => {
  const h = container(
    convert({ healthcheck: { test: ['EXEC', 'touch', '/foo'], timeout: 30e9, interval: 2e6, retries: 10, startPeriod: 60e9, startInterval: 1e9 } }),
  ).Healthcheck;
  assert.deepEqual(h, { Test: ['EXEC', 'touch', '/foo'], Timeout: 30e9, Interval: 2e6, StartPeriod: 60e9, StartInterval: 1e9, Retries: 10 });
  assert.deepEqual(container(convert({ healthcheck: { disable: true } })).Healthcheck, { Test: ['NONE'] });
  assert.throws(() => convert({ healthcheck: { disable: true, test: ['EXEC', 'touch'] } }), /test and disable can't be set at the same time/);
});

test('TestConvertEndpointSpec: ports sorted by published port', () => {
  const spec = convert({
    deploy: { resources: {}, placement: {}, endpointMode: 'vip' },
    ports: [
      { protocol: 'udp', target: 53, published: 1053, mode: 'host' },
      { target: 8080, published: 80 },
    ],
  });
  assert.deepEqual(spec.EndpointSpec, {
    Mode: 'vip',
    Ports: [
      { TargetPort: 8080, PublishedPort: 80 },
      { Protocol: 'udp', TargetPort: 53, PublishedPort: 1053, PublishMode: 'host' },
    ],
  });
});

test('TestConvertServiceNetworksOnlyDefault / TestConvertServiceNetworks / TestConvertServiceNetworksCustomDefault', () => {
  assert.deepEqual(convert({}).TaskTemplate.Networks, [{ Target: 'foo_default', Aliases: ['service'] }]);
  const networks = { front: { external: { external: true }, name: 'fronttier' }, back: {} };
  const spec = convert(
    { networks: { front: { aliases: ['something'], driverOpts: { 'driver.opt1': 'optval1', 'driver.opt2': 'optval2' } }, back: { aliases: ['other'] } } },
    { networks },
  );
  assert.deepEqual(spec.TaskTemplate.Networks, [
    { Target: 'foo_back', Aliases: ['other', 'service'] },
    { Target: 'fronttier', Aliases: ['something', 'service'], DriverOpts: { 'driver.opt1': 'optval1', 'driver.opt2': 'optval2' } },
  ]);
  assert.deepEqual(convert({ networks: {} }, { networks: { default: { external: { external: true }, name: 'custom' } } }).TaskTemplate.Networks, [
    { Target: 'custom', Aliases: ['service'] },
  ]);
  // Only user-defined networks get the service name as an alias.
  assert.deepEqual(convert({ networks: { hostnet: null } }, { networks: { hostnet: { external: { external: true }, name: 'host' } } }).TaskTemplate.Networks, [
    { Target: 'host' },
  ]);
  assert.throws(() => convert({ networks: { nope: null } }), /undefined network "nope"/);
});

test('TestConvertDNSConfigEmpty / All / Nameservers / Search', () => {
  assert.equal(container(convert({})).DNSConfig, undefined);
  const nameservers = ['8.8.8.8', '9.9.9.9'];
  const search = ['dc1.example.com', 'dc2.example.com'];
  assert.deepEqual(container(convert({ dns: nameservers, dnsSearch: search })).DNSConfig, { Nameservers: nameservers, Search: search });
  assert.deepEqual(container(convert({ dns: nameservers })).DNSConfig, { Nameservers: nameservers });
  assert.deepEqual(container(convert({ dnsSearch: search })).DNSConfig, { Search: search });
});

test('TestConvertCredentialSpec', () => {
  // Services() looks the config up (convertServiceConfigObjs) before convertCredentialSpec runs, so it is defined here.
  const defined = { configNames: { '0bt9dmxjvjiqermk6xrop3ekq': 'foo_0bt9dmxjvjiqermk6xrop3ekq', x: 'foo_x' } };
  const cred = (c: ServiceConfig['credentialSpec']) => container(convert({ credentialSpec: c }, defined)).Privileges!.CredentialSpec;
  assert.equal(cred({}), null);
  assert.throws(() => cred({ config: '0bt9dmxjvjiqermk6xrop3ekq', file: 'somefile.json' }), /invalid credential spec: cannot specify both "Config" and "File"/);
  assert.throws(() => cred({ config: 'x', registry: 'testing' }), /cannot specify both "Config" and "Registry"/);
  assert.throws(() => cred({ file: 'somefile.json', registry: 'testing' }), /cannot specify both "File" and "Registry"/);
  assert.throws(() => cred({ config: 'x', file: 'f', registry: 'r' }), /cannot specify both "Config", "File", and "Registry"/);
  assert.deepEqual(cred({ file: 'somefile.json' }), { Config: '', File: 'somefile.json', Registry: '' });
  assert.deepEqual(cred({ registry: 'testing' }), { Config: '', File: '', Registry: 'testing' });
  // "namespaced-config": the compose key, scoped, names the config; its ID ends up in the spec.
  const spec = convert({ credentialSpec: { config: 'name' } }, { configNames: { name: 'foo_name' } });
  assert.deepEqual(container(spec).Configs, [{ Runtime: {}, ConfigID: '', ConfigName: 'foo_name' }]);
  assert.equal(container(resolveReferences(spec, new Map(), new Map([['foo_name', 'someID']]))).Privileges!.CredentialSpec!.Config, 'someID');
  // "missing-config-reference": a config with a custom name matches neither the key nor the scoped key.
  const custom = convert({ credentialSpec: { config: 'missing' } }, { configNames: { missing: 'someName' } });
  assert.throws(() => resolveReferences(custom, new Map(), new Map([['someName', 'id']])), /spec specifies config missing, but no such config can be found/);
});

test('TestConvertUpdateConfigOrder / TestConvertUpdateConfigParallelism', () => {
  const uc = (u: NonNullable<ServiceConfig['deploy']['updateConfig']>) => convert({ deploy: { resources: {}, placement: {}, updateConfig: u } }).UpdateConfig;
  assert.deepEqual(uc({}), { Parallelism: 1, MaxFailureRatio: 0, Order: '' });
  assert.equal(uc({ order: 'start-first' })!.Order, 'start-first');
  assert.equal(uc({ order: 'stop-first' })!.Order, 'stop-first');
  assert.equal(uc({ parallelism: 4 })!.Parallelism, 4);
  assert.equal(uc({ parallelism: 0 })!.Parallelism, 0);
});

test('TestConvertFileObject / TestConvertFileObjectDefaults / TestConvertServiceSecrets / TestConvertServiceConfigs', () => {
  const spec = convert(
    { secrets: [{ source: 'source', target: 'target', uid: 'user', gid: 'group', mode: 0o644 }] },
    { secretNames: { source: 'testing_source' } },
  );
  assert.deepEqual(container(spec).Secrets, [{ File: { Name: 'target', UID: 'user', GID: 'group', Mode: 0o644 }, SecretID: '', SecretName: 'testing_source' }]);
  const defaults = convert({ secrets: [{ source: 'source' }] }, { secretNames: { source: 'testing_source' } });
  assert.deepEqual(container(defaults).Secrets![0].File, { Name: 'source', UID: '0', GID: '0', Mode: 0o444 });
  const sorted = convert(
    { secrets: [{ source: 'foo_secret' }, { source: 'bar_secret' }] },
    { secretNames: { foo_secret: 'foo_secret', bar_secret: 'bar_secret' } },
  );
  assert.deepEqual(
    container(sorted).Secrets!.map((s) => s.SecretName),
    ['bar_secret', 'foo_secret'],
  );
  const configs = convert(
    { configs: [{ source: 'foo_config' }, { source: 'bar_config' }], credentialSpec: { config: 'baz_config' } },
    { configNames: { foo_config: 'foo_config', bar_config: 'bar_config', baz_config: 'baz_config' } },
  );
  assert.deepEqual(
    container(configs).Configs!.map((c) => [c.ConfigName, c.Runtime ? 'runtime' : c.File!.Name]),
    [
      ['bar_config', 'bar_config'],
      ['baz_config', 'runtime'],
      ['foo_config', 'foo_config'],
    ],
  );
  assert.throws(
    () => convert({ secrets: [{ source: 'a' }, { source: 'b', target: 'a' }] }, { secretNames: { a: 'foo_a', b: 'foo_b' } }),
    /duplicate secret target for foo_b not allowed/,
  );
  assert.throws(() => convert({ secrets: [{ source: 'x' }] }), /undefined secret "x"/);
});

test('TestServiceConvertsIsolation / TestConvertServiceCapAddAndCapDrop', () => {
  assert.equal(container(convert({ isolation: 'hyperv' })).Isolation, 'hyperv');
  const caps = (capAdd?: string[], capDrop?: string[]) => {
    const c = container(convert({ capAdd, capDrop }));
    return [c.CapabilityAdd, c.CapabilityDrop];
  };
  assert.deepEqual(caps(), [undefined, undefined]);
  assert.deepEqual(caps(['SYS_NICE', 'CAP_NET_ADMIN'], ['CHOWN', 'CAP_NET_ADMIN', 'DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER']), [
    ['CAP_NET_ADMIN', 'CAP_SYS_NICE'],
    ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID'],
  ]);
  assert.deepEqual(caps(['ALL', 'CAP_NET_ADMIN'], ['CHOWN', 'CAP_NET_ADMIN', 'DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER']), [
    ['ALL'],
    ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_NET_ADMIN'],
  ]);
  assert.deepEqual(caps(['CHOWN', 'CAP_NET_ADMIN', 'DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER'], ['ALL', 'CAP_NET_ADMIN', 'CAP_FOO']), [
    ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_NET_ADMIN'],
    ['ALL'],
  ]);
});

test('deploy modes (convertDeployMode) and image labels / tags', () => {
  assert.deepEqual(convert({}).Mode, { Replicated: {} });
  assert.deepEqual(convert({ deploy: { resources: {}, placement: {}, mode: 'global' } }).Mode, { Global: {} });
  assert.deepEqual(convert({ deploy: { resources: {}, placement: {}, mode: 'replicated-job', replicas: 3 } }).Mode, {
    ReplicatedJob: { MaxConcurrent: 3, TotalCompletions: 3 },
  });
  assert.throws(
    () => convert({ deploy: { resources: {}, placement: {}, mode: 'global', replicas: 2 } }),
    /replicas can only be used with replicated or replicated-job mode/,
  );
  assert.throws(() => convert({ deploy: { resources: {}, placement: {}, mode: 'bogus' } }), /Unknown mode: bogus/);
  const spec = convert({ image: 'docker.io/library/nginx' });
  assert.equal(container(spec).Image, 'nginx:latest');
  assert.equal(spec.Labels['com.docker.stack.image'], 'docker.io/library/nginx');
  assert.equal(imageWithTag('localhost:5000/a/b@sha256:' + 'a'.repeat(64)), 'localhost:5000/a/b@sha256:' + 'a'.repeat(64));
  assert.equal(imageWithTag('index.docker.io/foo/bar'), 'foo/bar:latest');
});

test('TestNamespaceScope / Descope / TestAddStackLabel / TestNetworks', () => {
  assert.equal(ns.scope('bar'), 'foo_bar');
  assert.equal(ns.descope('foo_bar'), 'bar');
  assert.deepEqual(addStackLabel(ns, { something: 'labeled' }), { something: 'labeled', 'com.docker.stack.namespace': 'foo' });
  const { create, external } = convertNetworks(
    ns,
    {
      normal: {
        driver: 'overlay',
        driverOpts: { opt: 'value' },
        ipam: { driver: 'driver', config: [{ subnet: '10.0.0.0' }] },
        labels: { something: 'labeled' },
      },
      outside: { external: { external: true }, name: 'special' },
      attachablenet: { driver: 'overlay', attachable: true },
      named: { name: 'othername' },
    },
    new Set(['normal', 'outside', 'default', 'attachablenet', 'named']),
  );
  assert.deepEqual(external, ['special']);
  // Go's test checks Networks() alone; createNetworks then fills the overlay default driver, included here.
  const pick = (n: string) => {
    const b = create.get(n)!;
    return { Driver: b.Driver, IPAM: b.IPAM, Options: b.Options, Labels: b.Labels, Attachable: b.Attachable };
  };
  assert.deepEqual(pick('foo_default'), { Driver: 'overlay', IPAM: null, Options: null, Labels: { 'com.docker.stack.namespace': 'foo' }, Attachable: false });
  assert.deepEqual(pick('foo_normal'), {
    Driver: 'overlay',
    IPAM: { Driver: 'driver', Options: null, Config: [{ Subnet: '10.0.0.0' }] },
    Options: { opt: 'value' },
    Labels: { 'com.docker.stack.namespace': 'foo', something: 'labeled' },
    Attachable: false,
  });
  assert.deepEqual(pick('foo_attachablenet').Attachable, true);
  assert.deepEqual(pick('othername').Labels, { 'com.docker.stack.namespace': 'foo' });
  assert.equal(create.size, 4);
});

test('TestSecrets / TestConfigs: external objects skipped, data read, stack label added', () => {
  const read = (p: string) => Buffer.from(`this is ${p}`);
  for (const kind of ['secret', 'config'] as const) {
    const specs = convertFileObjects(
      ns,
      kind,
      { one: { file: '/f/one', labels: { monster: 'mash' } }, ext: { external: { external: true }, name: 'ext' } },
      read,
    );
    assert.equal(specs.length, 1);
    assert.equal(specs[0].spec.Name, 'foo_one');
    assert.deepEqual(specs[0].spec.Labels, { monster: 'mash', 'com.docker.stack.namespace': 'foo' });
    assert.equal(Buffer.from(specs[0].spec.Data!, 'base64').toString(), 'this is /f/one');
  }
  const driven = convertFileObjects(ns, 'secret', { vault: { driver: 'vault', driverOpts: { a: 'b' } } }, read);
  assert.deepEqual(driven[0].spec, { Name: 'foo_vault', Labels: { 'com.docker.stack.namespace': 'foo' }, Driver: { Name: 'vault', Options: { a: 'b' } } });
});

test('volume_test.go: named, custom-named, external, bind, tmpfs, errors', () => {
  const vols: Record<string, VolumeConfig> = {
    normal: { driver: 'glusterfs', driverOpts: { opt: 'value' }, labels: { something: 'labeled' } },
    outside: { name: 'special', external: { external: true } },
  };
  assert.deepEqual(convertVolumeToMount({ type: 'volume', source: 'normal', target: '/foo', readOnly: true, volume: { nocopy: true } }, vols, ns), {
    Type: 'volume',
    Source: 'foo_normal',
    Target: '/foo',
    ReadOnly: true,
    VolumeOptions: {
      NoCopy: true,
      Labels: { 'com.docker.stack.namespace': 'foo', something: 'labeled' },
      DriverConfig: { Name: 'glusterfs', Options: { opt: 'value' } },
    },
  });
  assert.equal(
    convertVolumeToMount({ type: 'volume', source: 'normal', target: '/foo' }, { normal: { ...vols.normal, name: 'user_specified_name' } }, ns).Source,
    'user_specified_name',
  );
  assert.deepEqual(convertVolumeToMount({ type: 'volume', source: 'outside', target: '/foo' }, vols, ns), {
    Type: 'volume',
    Source: 'special',
    Target: '/foo',
    VolumeOptions: {},
  });
  assert.deepEqual(convertVolumeToMount({ type: 'bind', source: '/bar', target: '/foo', readOnly: true, bind: { propagation: 'shared' } }, {}, ns), {
    Type: 'bind',
    Source: '/bar',
    Target: '/foo',
    ReadOnly: true,
    BindOptions: { Propagation: 'shared' },
  });
  assert.deepEqual(convertVolumeToMount({ type: 'tmpfs', target: '/foo/bar', tmpfs: { size: 1000 } }, {}, ns), {
    Type: 'tmpfs',
    Target: '/foo/bar',
    TmpfsOptions: { SizeBytes: 1000 },
  });
  assert.deepEqual(convertVolumeToMount({ type: 'volume', target: '/foo/bar' }, {}, ns), { Type: 'volume', Target: '/foo/bar' });
  assert.throws(() => convertVolumeToMount({ type: 'volume', source: 'unknown', target: '/foo' }, {}, ns), /undefined volume "unknown"/);
  assert.throws(() => convertVolumeToMount({ type: 'tmpfs', source: '/a', target: '/b' }, {}, ns), /invalid tmpfs source, source must be empty/);
  assert.throws(() => convertVolumeToMount({ type: 'bind', target: '/b' }, {}, ns), /invalid bind source, source cannot be empty/);
  assert.throws(
    () => convertVolumeToMount({ type: 'volume', target: '/b', bind: { propagation: 'shared' } }, {}, ns),
    /bind options are incompatible with type volume/,
  );
  assert.throws(
    () => convertVolumeToMount({ type: 'bind', source: '/a', target: '/b', volume: { nocopy: true } }, {}, ns),
    /volume options are incompatible with type bind/,
  );
  assert.throws(() => convertVolumeToMount({ type: 'foobar', target: '/b' }, {}, ns), /volume type must be volume, bind, tmpfs, npipe, or cluster/);
  assert.deepEqual(convertVolumeToMount({ type: 'cluster', source: 'group:mygroup', target: '/b' }, {}, ns), {
    Type: 'cluster',
    Source: 'group:mygroup',
    Target: '/b',
    ClusterOptions: {},
  });
});

test('loader: short syntaxes, durations, sizes, env, octal modes (loader.go transforms)', () => {
  const cfg = load(
    [
      'services:',
      '  app:',
      '    image: busybox',
      '    command: sh -c "echo hi" # comment',
      '    environment: [A=1, B, C=]',
      '    labels: {x: 1, y: null}',
      '    ports: ["8000-8001:80-81", "9090:9090/udp", {target: 1, published: 2}]',
      '    volumes: ["named:/data:nocopy", "./rel:/rel:ro,rshared", "~/h:/h"]',
      '    stop_grace_period: 1m30s',
      '    secrets: [{source: s, mode: 0400}]',
      '    ulimits: {nofile: {soft: 1, hard: 2}, nproc: 3}',
      '    oom_score_adj: 500',
      '    deploy:',
      '      resources: {limits: {memory: 1.5g}}',
      '      update_config: {delay: 10s}',
      'volumes: {named: {}}',
      'secrets: {s: {file: ./s.txt}}',
    ].join('\n'),
    { B: 'from-env', C: 'c-env', HOME: '/home/u' },
  );
  const s = cfg.services[0];
  assert.deepEqual(s.command, ['sh', '-c', 'echo hi']);
  assert.deepEqual(s.environment, { A: '1', B: 'from-env', C: 'c-env' });
  assert.deepEqual(s.labels, { x: '1', y: '' });
  assert.deepEqual(
    s.ports!.map((p) => [p.target, p.published, p.protocol]),
    [
      [80, 8000, 'tcp'],
      [81, 8001, 'tcp'],
      [9090, 9090, 'udp'],
      [1, 2, undefined],
    ],
  );
  assert.deepEqual(s.volumes![0], { type: 'volume', source: 'named', target: '/data', readOnly: undefined, volume: { nocopy: true } });
  assert.deepEqual(s.volumes![1], { type: 'bind', source: '/stacks/rel', target: '/rel', readOnly: true, bind: { propagation: 'rshared' } });
  assert.equal(s.volumes![2].source, '/home/u/h');
  assert.equal(s.stopGracePeriod, 90e9);
  assert.equal(s.secrets![0].mode, 0o400, 'Go reads 0400 as octal');
  assert.deepEqual(s.ulimits, { nofile: { soft: 1, hard: 2 }, nproc: { single: 3 } });
  assert.equal(s.oomScoreAdj, undefined, 'docker/cli never decodes oom_score_adj (no mapstructure tag)');
  assert.equal(s.deploy.resources.limits!.memory, 1610612736);
  assert.equal(s.deploy.updateConfig!.delay, 10e9);
  assert.equal(cfg.secrets.s.file, '/stacks/s.txt');
  assert.deepEqual(parseShortVolume('/a:/b:ro'), { type: 'bind', source: '/a', target: '/b', readOnly: true });
  assert.deepEqual(shlexSplit(`a 'b c' "d \\"e\\"" f\\ g #x`), ['a', 'b c', 'd "e"', 'f g']);
  assert.deepEqual(parseComposeYaml('a: 0777\nb: "0777"\nc: 08\n', 'x'), { a: 511, b: '0777', c: 8 });
  assert.throws(() => load('services:\n  a:\n    image: x\n    mem_limit: 1g\n'), /unsupported options: mem_limit/);
});

test('loader: external names (LoadNetworks / LoadVolumes / loadFileObjectConfig)', () => {
  const cfg = load(
    'services: {a: {image: x}}\nnetworks: {n1: {external: true}, n2: {external: {name: legacy}}, n3: {external: true, name: given}}\nsecrets: {s1: {external: true}}\nconfigs: {c1: {name: custom, file: c.txt}}\n',
  );
  assert.deepEqual([cfg.networks.n1.name, cfg.networks.n2.name, cfg.networks.n3.name], ['n1', 'legacy', 'given']);
  assert.equal(cfg.secrets.s1.name, 's1');
  assert.equal(cfg.configs.c1.file, '/stacks/c.txt');
  assert.throws(
    () => load('services: {a: {image: x}}\nvolumes: {v: {external: true, driver: local}}\n'),
    /conflicting parameters "external" and "driver" specified for volume "v"/,
  );
  assert.throws(() => load('services: {a: {image: x}}\nnetworks: {n: {external: {name: a}, name: b}}\n'), /network.external.name and network.name conflict/);
});

test('env_file (kvfile.Parse): comments, BOM, lookups, whitespace errors', () => {
  const files: Record<string, string> = { '/stacks/a.env': '\uFEFF# c\nA=1\n  B=2\nFROM_ENV\nMISSING\n', '/stacks/bad.env': 'BAD KEY=1\n' };
  const read = (p: string) => {
    if (!(p in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return Buffer.from(files[p]);
  };
  const cfg = loadStackConfig({
    files: [{ path: '/stacks/s.yml', text: 'services: {a: {image: x, env_file: a.env, environment: {A: override}}}' }],
    env: { FROM_ENV: 'yes' },
    readFile: read,
  });
  assert.deepEqual(cfg.services[0].environment, { A: 'override', B: '2', FROM_ENV: 'yes' });
  assert.throws(
    () => loadStackConfig({ files: [{ path: '/stacks/s.yml', text: 'services: {a: {image: x, env_file: bad.env}}' }], env: {}, readFile: read }),
    /variable 'BAD KEY' contains whitespaces/,
  );
});

test('merge_test.go: ports, secrets, ulimits, networks, commands, replicas 0, logging, environment', () => {
  const a = (text: string) => loadComposeFile({ path: '/s/a.yml', text }, { env: {}, workingDir: '/s', readFile: () => Buffer.from('') });
  const merged = mergeConfigs([
    a(
      'services:\n  foo:\n    image: foo\n    command: a b\n    ports: ["8080:80", "9090:90"]\n    secrets: [s1]\n    ulimits: {nproc: 1, nofile: {soft: 1, hard: 2}}\n    networks: {n1: {aliases: [x], ipv4_address: 10.0.0.1}}\n    deploy: {replicas: 3, labels: {a: b}}\n    logging: {driver: json-file, options: {frequency: "2000"}}\n    environment: {A: a, B: b, C: ""}\n    cap_add: [A]\n',
    ),
    a(
      'services:\n  foo:\n    image: baz\n    command: []\n    ports: [{target: 81, published: 8080}]\n    secrets: [{source: s1, target: t}, s2]\n    ulimits: {nofile: 3}\n    networks: {n1: {aliases: [y]}, n2: null}\n    deploy: {replicas: 0, labels: {c: d}}\n    logging: {options: {timeout: "23"}}\n    environment: {A: override, B: "", C: c, D: d}\n    cap_add: [B]\n  bar:\n    image: bar\n',
    ),
  ]);
  assert.deepEqual(
    merged.services.map((s) => s.name),
    ['bar', 'foo'],
  );
  const foo = merged.services[1];
  assert.equal(foo.image, 'baz');
  assert.deepEqual(foo.command, ['a', 'b'], 'an empty override command keeps the base (mergeShellCommand)');
  assert.deepEqual(
    foo.ports!.map((p) => [p.published, p.target]),
    [
      [8080, 81],
      [9090, 90],
    ],
  );
  assert.deepEqual(foo.secrets, [{ source: 's1', target: 't', uid: undefined, gid: undefined, mode: undefined }, { source: 's2' }]);
  assert.deepEqual(foo.ulimits, { nproc: { single: 1 }, nofile: { single: 3 } });
  assert.deepEqual(foo.networks, { n1: { aliases: ['y'], driverOpts: undefined, ipv4Address: '10.0.0.1', ipv6Address: undefined }, n2: null });
  assert.equal(foo.deploy.replicas, 0, 'TestMergeServiceOverrideReplicasZero');
  assert.deepEqual(foo.deploy.labels, { a: 'b', c: 'd' });
  assert.deepEqual(foo.logging, { driver: 'json-file', options: { frequency: '2000', timeout: '23' } });
  assert.deepEqual(foo.environment, { A: 'override', B: 'b', C: 'c', D: 'd' });
  assert.deepEqual(foo.capAdd, ['A', 'B'], 'slices are appended (WithAppendSlice)');
  assert.throws(
    () => mergeConfigs([a('version: "3.7"\nservices: {}\n'), a('version: "3.8"\nservices: {}\n')]),
    /version mismatched between two composefiles : 3.7 and 3.8/,
  );
});
