// The live checks (deploy/liveChecks, shared with the deploy plan) on synthetic snapshots, each check positive and
// negative, and where the editor's `live-*` diagnostics land in the file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertStack, loadStackConfig, type DesiredStack, type ImagePlatforms } from '../../client/src/deploy';
import type { SwarmNode, SwarmService } from '../../client/src/engine';
import { fileLiveDiagnostics, type LiveDiagnostic } from '../../client/src/live/liveDiagnostics';
import { stackOutline } from '../../client/src/live/stackOutline';
import { summarizeService, type SwarmSnapshot } from '../../client/src/swarm';

const GiB = 2 ** 30;
const node = (hostname: string, labels: Record<string, string>, extra: { arch?: string; state?: string; availability?: string } = {}): SwarmNode =>
  ({
    ID: `id-${hostname}`,
    Spec: { Role: hostname === 'vm' ? 'manager' : 'worker', Availability: extra.availability ?? 'active', Labels: labels },
    Description: {
      Hostname: hostname,
      Platform: { OS: 'linux', Architecture: extra.arch ?? 'x86_64' },
      Resources: { NanoCPUs: 2e9, MemoryBytes: 4 * GiB },
      Engine: { Labels: { disk: 'ssd' } },
    },
    Status: { State: extra.state ?? 'ready', Addr: '127.0.0.1' },
  }) as unknown as SwarmNode;

const NODES = [node('vm', { zone: 'eu-1' }), node('vm-w1', { zone: 'eu-2' }), node('vm-w2', {})];

function otherService(name: string, stack: string | undefined, port: number): SwarmService {
  return {
    ID: `svc-${name}`,
    Spec: {
      Name: name,
      Labels: stack ? { 'com.docker.stack.namespace': stack } : {},
      TaskTemplate: { ContainerSpec: { Image: 'x' } },
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: port, Protocol: 'tcp' }] },
    },
    Endpoint: { Ports: [{ TargetPort: 80, PublishedPort: port, Protocol: 'tcp', PublishMode: 'ingress' }] },
  } as unknown as SwarmService;
}

const snapshot = (services: SwarmService[] = [], nodes = NODES): SwarmSnapshot => ({
  takenAt: 1,
  nodes,
  services: services.map((s) => summarizeService(s, [], nodes)),
  tasks: [],
  secrets: [{ id: 's1', name: 'db_password' }],
  configs: [{ id: 'c1', name: 'app_conf' }],
  networks: [
    { id: 'n1', name: 'edge', scope: 'swarm' },
    { id: 'n2', name: 'bridge', scope: 'local' },
  ],
  swarm: {},
});

const desiredOf = (text: string, stack = 'splive2'): DesiredStack => convertStack(loadStackConfig({ files: [{ path: '/s/stack.yml', text }], env: {} }), stack);
const diagnose = (
  text: string,
  snap: SwarmSnapshot | null = snapshot(),
  stack = 'splive2',
  imageArch?: (i: string) => ImagePlatforms | string | undefined,
): (LiveDiagnostic & { at: string })[] =>
  fileLiveDiagnostics(desiredOf(text, stack), stackOutline(text).document, snap ?? undefined, { stack, swarm: 'test-swarm', imageArch }).map((d) => ({
    ...d,
    at: text.slice(d.start, d.end),
  }));
const codes = (text: string, snap?: SwarmSnapshot, stack?: string) => diagnose(text, snap, stack).map((d) => d.code);

const service = (body: string) => `services:\n  web:\n    image: probe/busybox:1\n${body}`;

test("constraint no node satisfies: on the constraint, with the nodes' actual values for the key; satisfiable: nothing", () => {
  const text = service(`    deploy:\n      placement:\n        constraints:\n          - node.role == worker\n          - node.labels.zone == us-1\n`);
  const [d, ...rest] = diagnose(text);
  assert.equal(rest.length, 0);
  assert.equal(d.code, 'live-constraint-unsatisfiable');
  assert.equal(d.severity, 'warning');
  assert.equal(d.at, 'node.labels.zone == us-1');
  assert.match(d.message, /node\.labels\.zone on the nodes: vm=eu-1, vm-w1=eu-2, vm-w2=\(none\)/);
  assert.match(d.message, /on swarm test-swarm/);
  assert.deepEqual(codes(service(`    deploy:\n      placement:\n        constraints: [node.labels.zone == eu-2]\n`)), []);
});

test('max_replicas_per_node × eligible nodes < replicas: on the value; enough nodes: nothing', () => {
  const text = service(`    deploy:\n      replicas: 5\n      placement:\n        max_replicas_per_node: 1\n`);
  const [d] = diagnose(text);
  assert.equal(d.code, 'live-max-replicas-per-node');
  assert.equal(d.at, '1');
  assert.deepEqual(codes(service(`    deploy:\n      replicas: 3\n      placement:\n        max_replicas_per_node: 1\n`)), []);
  // A drained node is not eligible.
  const drained = [NODES[0], NODES[1], node('vm-w2', {}, { availability: 'drain' })];
  assert.deepEqual(codes(service(`    deploy:\n      replicas: 3\n      placement:\n        max_replicas_per_node: 1\n`), snapshot([], drained)), [
    'live-max-replicas-per-node',
  ]);
});

test('external network / secret / config missing on the swarm: on the name or the key; existing: nothing', () => {
  const text = `services:\n  web:\n    image: probe/busybox:1\n    networks: [front, edge]\n    secrets: [db, api_key]\n    configs: [conf]\nnetworks:\n  front:\n    external: true\n  edge:\n    external: true\nsecrets:\n  db:\n    external: true\n    name: db_password\n  api_key:\n    external: true\n    name: splive2_missing_key\nconfigs:\n  conf:\n    external: true\n    name: nope_conf\n`;
  const found = diagnose(text).map((d) => `${d.code} ${d.at}`);
  assert.deepEqual(found.sort(), [
    'live-external-config-missing nope_conf',
    'live-external-network-missing front',
    'live-external-secret-missing splive2_missing_key',
  ]);
});

test('published ingress port used by another service (not of this stack): on the ports item; own stack or free: nothing', () => {
  const text = service(`    ports:\n      - "9000:80"\n      - target: 81\n        published: 9001\n`);
  const taken = snapshot([otherService('other_web', 'other', 9000), otherService('loose', undefined, 9001)]);
  const found = diagnose(text, taken).map((d) => `${d.code} ${d.at.split('\n')[0]}`);
  assert.deepEqual(found, ['live-port-in-use "9000:80"', 'live-port-in-use target: 81']);
  assert.match(diagnose(text, taken)[0].message, /already used by service other_web/);
  // The stack's own service holds it: a redeploy keeps it.
  assert.deepEqual(codes(text, snapshot([otherService('splive2_web', 'splive2', 9000)])), []);
  assert.deepEqual(codes(text, snapshot([otherService('x', undefined, 9100)])), []);
});

test('reservation no eligible node can hold: on the value; one that fits: nothing', () => {
  const text = service(`    deploy:\n      resources:\n        reservations:\n          memory: 16G\n          cpus: "1"\n`);
  const [d, ...rest] = diagnose(text);
  assert.equal(rest.length, 0);
  assert.equal(d.code, 'live-reservation-unsatisfiable');
  assert.equal(d.at, '16G');
  assert.deepEqual(codes(service(`    deploy:\n      resources:\n        reservations:\n          cpus: "4"\n`)).length, 1);
  assert.deepEqual(codes(service(`    deploy:\n      resources:\n        reservations:\n          memory: 1G\n          cpus: "2"\n`)), []);
});

test('image architecture: only when the image store answered; mismatching nodes warn, matching or unknown do not', () => {
  const text = service('');
  assert.deepEqual(
    diagnose(text, snapshot(), 'splive2', () => 'arm64').map((d) => `${d.code} ${d.at}`),
    ['live-image-architecture probe/busybox:1'],
  );
  assert.deepEqual(
    diagnose(text, snapshot(), 'splive2', () => 'amd64'),
    [],
  );
  assert.deepEqual(
    diagnose(text, snapshot(), 'splive2', () => undefined),
    [],
  );
});

test('no snapshot (no connection): no live diagnostics at all', () => {
  const text = service(`    deploy:\n      placement:\n        constraints: [node.labels.zone == us-1]\n`);
  assert.equal(codes(text).length, 1);
  assert.deepEqual(diagnose(text, null), []);
});

test('volume drivers: a driver the manager lacks is reported once per volume, on its driver value; local, a plugin listed with :latest, or no answer are not', () => {
  const text = `services:
  web:
    image: probe/busybox:1
    volumes: [data:/data, shared:/shared, plain:/plain]
  api:
    image: probe/busybox:1
    volumes: [data:/data]
volumes:
  data:
    driver: rexray/ebs
  shared:
    name: team-shared
    driver: vieux/sshfs
  plain: {}
`;
  const run = (drivers: string[] | undefined) =>
    fileLiveDiagnostics(desiredOf(text), stackOutline(text).document, snapshot(), {
      stack: 'splive2',
      swarm: 'test-swarm',
      volumeDrivers: drivers && { node: 'vm', drivers },
    }).map((d) => ({ ...d, at: text.slice(d.start, d.end) }));
  const found = run(['local']);
  assert.deepEqual(
    found.map((d) => `${d.code} ${d.at}`),
    ['live-volume-driver-missing rexray/ebs', 'live-volume-driver-missing vieux/sshfs'],
  );
  assert.match(found[0].message, /volume data, used by splive2_api, splive2_web\) is not installed on vm \(drivers there: local; checked on that node only\)/);
  assert.match(found[1].message, /volume team-shared, used by splive2_web\)/);
  assert.deepEqual(run(['local', 'vieux/sshfs:latest', 'rexray/ebs:latest']), []);
  assert.deepEqual(run(undefined), []);
});

test('image platforms from the registry: any listed architecture an eligible node has passes; none does: the message says where they came from', () => {
  const text = service('');
  const check = (archs: string[]) => diagnose(text, snapshot(), 'splive2', () => ({ archs, source: 'registry' }));
  assert.deepEqual(check(['arm64', 'amd64']), []);
  const [d, ...rest] = check(['arm64', 'arm']);
  assert.equal(rest.length, 0);
  assert.equal(`${d.code} ${d.at}`, 'live-image-architecture probe/busybox:1');
  assert.match(d.message, /built for arm64, arm \(according to the registry\), but the eligible nodes are amd64/);
  assert.deepEqual(check([]), []);
  assert.match(diagnose(text, snapshot(), 'splive2', () => 'arm64')[0].message, /according to the manager's image store/);
});
