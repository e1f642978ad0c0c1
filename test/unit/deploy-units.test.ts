// Pure parts of the deploy engine: the X-Registry-Auth header (docker/cli RetrieveAuthTokenFromImage; no registry
// runs here, so the header is checked byte for byte), the effective-spec diff, the circuit breaker, convergence of
// one service from its tasks, constraint matching, revisions and their labels.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SwarmNode, SwarmService, SwarmTask } from '../../client/src/engine';
import {
  CircuitBreaker,
  decodeFilesLabel,
  diffSpecs,
  effectiveSpec,
  encodeAuthConfig,
  encodeFilesLabel,
  evaluateConstraints,
  evaluateService,
  FileRevisionStore,
  formatChange,
  makeRevision,
  registryAuthForImage,
  registryKeyForImage,
  revisionId,
  type DesiredStack,
  type WatchTarget,
} from '../../client/src/deploy';

const b64url = (s: string) => Buffer.from(s).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

test('registry auth: the key docker looks up per image', () => {
  assert.equal(registryKeyForImage('nginx'), 'https://index.docker.io/v1/');
  assert.equal(registryKeyForImage('docker.io/library/nginx:1'), 'https://index.docker.io/v1/');
  assert.equal(registryKeyForImage('registry.example.com:5000/team/app:2'), 'registry.example.com:5000');
  assert.equal(registryKeyForImage('localhost/app'), 'localhost');
});

test('registry auth: header = base64url of the Go-marshalled AuthConfig', () => {
  const config = {
    auths: {
      'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hub:pass').toString('base64') },
      'https://registry.example.com:5000/v2/': { auth: Buffer.from('me:p<w>&d').toString('base64'), email: 'me@example.com' },
      'ghcr.io': { username: 'u', password: 'p', identitytoken: 'tok' },
    },
  };
  assert.equal(
    registryAuthForImage(config, 'nginx:1').header,
    b64url('{"username":"hubuser","password":"hub:pass","serveraddress":"https://index.docker.io/v1/"}'),
  );
  // A legacy URL key matches through ConvertToHostname; encoding/json escapes <, > and &.
  assert.equal(
    registryAuthForImage(config, 'registry.example.com:5000/app').header,
    b64url('{"username":"me","password":"p\\u003cw\\u003e\\u0026d","email":"me@example.com","serveraddress":"https://registry.example.com:5000/v2/"}'),
  );
  assert.equal(
    registryAuthForImage(config, 'ghcr.io/org/app').header,
    b64url('{"username":"u","password":"p","serveraddress":"ghcr.io","identitytoken":"tok"}'),
  );
  // No credentials: the CLI still sends the empty AuthConfig.
  assert.equal(registryAuthForImage(config, 'quay.io/x/y').header, 'e30=');
  assert.equal(encodeAuthConfig({}), 'e30=');
  const helper = registryAuthForImage({ credsStore: 'desktop' }, 'nginx');
  assert.equal(helper.header, undefined);
  assert.match(helper.warning!, /docker-credential-desktop/);
  assert.throws(
    () => registryAuthForImage({ auths: { 'ghcr.io': { auth: Buffer.from('nocolon').toString('base64') } } }, 'ghcr.io/a'),
    /Invalid auth configuration file/,
  );
});

test('effective spec: a daemon-normalised spec equals the body it came from', () => {
  // The body docker/cli posted for the parity fixture's "plain" service and what Engine 20.10 returned for it.
  const posted = {
    Name: 'p_plain',
    Labels: { 'com.docker.stack.image': 'probe/busybox', 'com.docker.stack.namespace': 'p' },
    TaskTemplate: {
      ContainerSpec: {
        Image: 'probe/busybox:latest',
        Labels: { 'com.docker.stack.namespace': 'p' },
        Privileges: { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false },
      },
      Resources: {},
      Placement: {},
      Networks: [{ Target: 'p_default', Aliases: ['plain'] }],
      ForceUpdate: 0,
    },
    Mode: { Replicated: { Replicas: 0 } },
    EndpointSpec: { Mode: 'dnsrr' },
  };
  const stored = {
    Name: 'p_plain',
    Labels: { 'com.docker.stack.image': 'probe/busybox', 'com.docker.stack.namespace': 'p' },
    TaskTemplate: {
      ContainerSpec: {
        Image: 'probe/busybox:latest',
        Labels: { 'com.docker.stack.namespace': 'p' },
        Privileges: { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false },
        StopGracePeriod: 10000000000,
        DNSConfig: {},
        Isolation: 'default',
      },
      Resources: {},
      RestartPolicy: { Condition: 'any', Delay: 5000000000, MaxAttempts: 0 },
      Placement: {},
      Networks: [{ Target: 'qe118vmow0fqj5c4kf502sph7', Aliases: ['plain'] }],
      ForceUpdate: 0,
      Runtime: 'container',
    },
    Mode: { Replicated: { Replicas: 0 } },
    UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' },
    RollbackConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' },
    EndpointSpec: { Mode: 'dnsrr' },
  };
  const names = new Map([['qe118vmow0fqj5c4kf502sph7', 'p_default']]);
  assert.deepEqual(diffSpecs(effectiveSpec(stored, names), effectiveSpec(posted, names)), []);
  const changed = structuredClone(posted);
  changed.TaskTemplate.ContainerSpec.Image = 'probe/busybox:2';
  changed.Mode.Replicated.Replicas = 3;
  const diff = diffSpecs(effectiveSpec(stored, names), effectiveSpec(changed, names));
  assert.deepEqual(diff.map(formatChange), ['Mode.Replicated.Replicas: 0 → 3', 'TaskTemplate.ContainerSpec.Image: probe/busybox:latest → probe/busybox:2']);
  const env = diffSpecs(
    effectiveSpec({ TaskTemplate: { ContainerSpec: { Env: ['A=1', 'B=2'] } } }),
    effectiveSpec({ TaskTemplate: { ContainerSpec: { Env: ['A=1', 'B=3'] } } }),
  );
  assert.deepEqual(env.map(formatChange), ['TaskTemplate.ContainerSpec.Env: +B=3, -B=2']);
});

test('circuit breaker: per-service ratio (update_config.max_failure_ratio), stack ratio, swarm failures', () => {
  const h = (name: string, failures: number, desired: number, maxFailureRatio = 0) => ({
    name,
    failures,
    desired,
    maxFailureRatio,
    taskErrors: [`${name}.1: failed: task: non-zero exit (1)`],
  });
  assert.equal(new CircuitBreaker().evaluate([h('a', 0, 3)]), undefined);
  const t = new CircuitBreaker().evaluate([h('a', 0, 3), h('b', 1, 2)])!;
  assert.equal(t.service, 'b');
  assert.match(t.reason, /1 failed task for 2 desired \(failure ratio 0.50 > 0\)/);
  assert.equal(new CircuitBreaker().evaluate([h('a', 1, 4, 0.3)]), undefined, '0.25 is not above 0.3');
  assert.equal(new CircuitBreaker().evaluate([h('a', 2, 4, 0.3)])!.service, 'a');
  assert.equal(new CircuitBreaker({ serviceRatio: 1 }).evaluate([h('a', 2, 4)]), undefined);
  const stack = new CircuitBreaker({ serviceRatio: 1, stackRatio: 0.2 }).evaluate([h('a', 1, 4), h('b', 1, 4)])!;
  assert.equal(stack.service, 'stack');
  assert.match(stack.reason, /2 failed tasks across the stack for 8 desired/);
  const swarm = new CircuitBreaker({ serviceRatio: 1 }).evaluate([{ ...h('c', 0, 1), swarmFailure: 'swarm paused the update' }])!;
  assert.equal(swarm.reason, 'swarm paused the update');
});

const task = (id: string, state: string, desired = 'running', extra: Partial<SwarmTask> = {}): SwarmTask => ({
  ID: id,
  ServiceID: 's1',
  DesiredState: desired as never,
  Status: { State: state as never },
  ...extra,
});
const service = (mode: object, update?: object): SwarmService =>
  ({ ID: 's1', Spec: { Mode: mode }, UpdateStatus: update, ServiceStatus: {} }) as unknown as SwarmService;

test('watch: convergence of one service from its tasks and update status', () => {
  const target: WatchTarget = { id: 's1', name: 'st_web', action: 'create', restarts: true, knownTaskIds: new Set(), maxFailureRatio: 0 };
  assert.equal(evaluateService(target, service({ Replicated: { Replicas: 2 } }), [task('t1', 'running'), task('t2', 'starting')]).state, 'starting');
  assert.equal(evaluateService(target, service({ Replicated: { Replicas: 2 } }), [task('t1', 'running'), task('t2', 'running')]).state, 'converged');
  const failed = evaluateService(target, service({ Replicated: { Replicas: 1 } }), [
    task('t1', 'failed', 'shutdown', { Status: { State: 'failed', Err: 'task: non-zero exit (1)' }, Slot: 1 }),
    task('t2', 'starting'),
  ]);
  assert.equal(failed.failures, 1);
  assert.deepEqual(failed.taskErrors, ['st_web.1: failed: task: non-zero exit (1)']);
  const upd: WatchTarget = { ...target, action: 'update', previousUpdateStartedAt: '2020-01-01T00:00:00Z', knownTaskIds: new Set(['old']) };
  const running = [task('new', 'running')];
  assert.equal(
    evaluateService(upd, service({ Replicated: { Replicas: 1 } }, { State: 'completed', StartedAt: '2020-01-01T00:00:00Z' }), running).state,
    'updating',
    'the old update does not count',
  );
  assert.equal(
    evaluateService(upd, service({ Replicated: { Replicas: 1 } }, { State: 'updating', StartedAt: '2021-01-01T00:00:00Z' }), running).state,
    'updating',
  );
  assert.equal(
    evaluateService(upd, service({ Replicated: { Replicas: 1 } }, { State: 'completed', StartedAt: '2021-01-01T00:00:00Z' }), running).state,
    'converged',
  );
  const paused = evaluateService(
    upd,
    service(
      { Replicated: { Replicas: 1 } },
      { State: 'paused', StartedAt: '2021-01-01T00:00:00Z', Message: 'update paused due to failure or early termination of task x' },
    ),
    running,
  );
  assert.equal(paused.state, 'failed');
  assert.match(paused.message!, /swarm paused the update: update paused due to failure/);
  assert.equal(
    evaluateService({ ...target, expectedGlobalTasks: 3 }, service({ Global: {} }), [task('a', 'running')]).state,
    'starting',
    'global: waits for a task per eligible node',
  );
  assert.equal(evaluateService(target, undefined, []).state, 'failed');
});

test('placement: swarmkit constraint matching and eligibility', () => {
  const node = (id: string, host: string, role: 'manager' | 'worker', extra: Partial<SwarmNode> = {}): SwarmNode =>
    ({
      ID: id,
      Version: { Index: 1 },
      Spec: { Role: role, Availability: 'active', Labels: { zone: 'a' } },
      Description: { Hostname: host, Platform: { Architecture: 'x86_64', OS: 'linux' }, Engine: { Labels: {} } },
      Status: { State: 'ready', Addr: '10.0.0.5' },
      ...extra,
    }) as SwarmNode;
  const nodes = [
    node('n1', 'vm', 'manager'),
    node('n2', 'vm-w1', 'worker'),
    node('n3', 'vm-w2', 'worker', { Spec: { Role: 'worker', Availability: 'drain' } }),
  ];
  const hosts = (c: string[]) => evaluateConstraints(nodes, c).matching.map((n) => n.Description!.Hostname);
  assert.deepEqual(hosts(['node.role == manager']), ['vm']);
  assert.deepEqual(hosts(['node.role != manager']), ['vm-w1', 'vm-w2']);
  assert.deepEqual(hosts(['node.hostname == VM-W1']), ['vm-w1'], 'values compare case-insensitively');
  assert.deepEqual(hosts(['node.labels.zone == a']), ['vm', 'vm-w1']);
  assert.deepEqual(hosts(['node.platform.arch == x86_64', 'node.platform.os == linux']), ['vm', 'vm-w1', 'vm-w2']);
  assert.deepEqual(hosts(['node.ip == 10.0.0.0/24']), ['vm', 'vm-w1', 'vm-w2']);
  assert.deepEqual(hosts(['node.ip != 10.0.0.5']), []);
  assert.deepEqual(hosts(['node.labels.nonexistent == yes']), []);
  assert.deepEqual(hosts(['node.bogus == 1']), []);
  assert.deepEqual(
    evaluateConstraints(nodes, ['node.role == worker']).eligible.map((n) => n.ID),
    ['n2'],
    'drained nodes are not eligible',
  );
});

test('revisions: id, stored without secret data, file store keeps the last ones, label round trip', () => {
  const desired: DesiredStack = {
    namespace: 'st',
    services: [],
    networks: [],
    externalNetworks: [],
    secrets: [{ key: 's', spec: { Name: 'st_s', Labels: {}, Data: Buffer.from('top secret').toString('base64') }, sha256: 'abc' }],
    configs: [{ key: 'c', spec: { Name: 'st_c', Labels: {}, Data: 'Y29uZg==' }, sha256: 'def' }],
    externalSecrets: [],
    externalConfigs: [],
  };
  const rev = makeRevision('st', 'context:default', [{ path: '/x/stack.yml', text: 'services: {}\n' }], desired);
  assert.equal(rev.id, revisionId(desired));
  assert.equal(rev.desired.secrets[0].spec.Data, undefined);
  assert.equal(rev.desired.secrets[0].withheld, true);
  assert.equal(rev.desired.configs[0].spec.Data, 'Y29uZg==');
  assert.equal(revisionId(rev.desired), rev.id, 'the stored form hashes the same');
  const dir = mkdtempSync(join(tmpdir(), 'sp-rev-'));
  try {
    const store = new FileRevisionStore(dir);
    return (async () => {
      for (let i = 0; i < 12; i++) await store.save({ ...rev, id: `r${i}` });
      await store.save({ ...rev, id: 'r11', deployedAt: 'again' });
      const list = await store.list('context:default', 'st');
      assert.equal(list.length, 10);
      assert.equal(list[9].deployedAt, 'again', 'redeploying the same revision replaces the last entry');
      assert.deepEqual(await store.list('context:other', 'st'), []);
      const label = encodeFilesLabel(rev.files)!;
      assert.deepEqual(decodeFilesLabel(label), rev.files);
      assert.equal(encodeFilesLabel([{ path: 'big', text: [...Array(20000)].map((_, i) => String(i * 7919)).join(',') }]), undefined, 'too large for a label');
    })().finally(() => rmSync(dir, { recursive: true, force: true }));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
});
