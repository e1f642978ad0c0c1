// Completion from the cluster (live/clusterCompletion) on synthetic snapshots: each context, nothing elsewhere, and
// the time it takes on a 50-node snapshot (printed, not asserted).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterCompletions } from '../../client/src/live/clusterCompletion';
import type { SwarmSnapshot } from '../../client/src/swarm';
import { syntheticCluster, syntheticNode as node, syntheticSnapshot as snapshotOf } from '../support/syntheticSwarm';

const SNAP = snapshotOf([node(0, { zone: 'eu-1' }), node(1, { zone: 'eu-2', gpu: 'yes' }), node(2, { zone: 'eu-1' })]);

/** Completions where `|` is in the text. */
const at = (textWithCursor: string, snap = SNAP) => {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  return clusterCompletions(text, offset, snap).map((c) => ({ ...c, replaces: text.slice(c.start, c.end) }));
};
const labels = (t: string, snap?: SwarmSnapshot) => at(t, snap).map((c) => c.label);
const constraint = (item: string) => `services:\n  web:\n    image: x\n    deploy:\n      placement:\n        constraints:\n          - ${item}\n`;

test('node.labels.KEY == completes the values KEY has on the nodes (also != and quoted, and in flow style)', () => {
  assert.deepEqual(labels(constraint('node.labels.zone == |')), ['eu-1', 'eu-2']);
  assert.deepEqual(labels(constraint('"node.labels.zone != eu|"')), ['eu-1', 'eu-2']);
  assert.equal(at(constraint('node.labels.zone == eu|'))[0].replaces, 'eu');
  assert.match(at(constraint('node.labels.zone == |'))[0].documentation, /host-0, host-2/);
  assert.deepEqual(labels(`services:\n  web:\n    deploy:\n      placement:\n        constraints: [node.role == manager, node.labels.gpu == |]\n`), ['yes']);
});

test('node.labels. and engine.labels. complete the label keys that exist', () => {
  assert.deepEqual(labels(constraint('node.labels.|')), ['gpu', 'zone']);
  assert.deepEqual(
    at(constraint('node.labels.zo|')).map((c) => c.replaces),
    ['zo', 'zo'],
  );
  assert.deepEqual(labels(constraint('engine.labels.|')), ['disk']);
  assert.deepEqual(labels(constraint('engine.labels.disk == |')), ['hdd', 'ssd']);
});

test('node.hostname, node.id and node.role complete hostnames, ids and manager/worker', () => {
  assert.deepEqual(labels(constraint('node.hostname == |')), ['host-0', 'host-1', 'host-2']);
  assert.deepEqual(labels(constraint('node.id != |')), ['nodeid0', 'nodeid1', 'nodeid2']);
  assert.deepEqual(labels(constraint('node.role == |')), ['manager', 'worker']);
});

test('outside constraints, and for other keys, nothing', () => {
  assert.deepEqual(labels(`services:\n  web:\n    environment:\n      - node.labels.zone == |\n`), []);
  assert.deepEqual(labels(`services:\n  web:\n    labels:\n      - node.hostname == |\n`), []);
  assert.deepEqual(labels(constraint('node.platform.foo == |')), []);
});

test('name: of a top-level external entry completes what exists on the swarm; a non-external entry gets nothing', () => {
  assert.deepEqual(labels(`services:\n  web:\n    image: x\nsecrets:\n  db:\n    external: true\n    name: |\n`), ['db_password', 'tls_key']);
  assert.deepEqual(labels(`services:\n  web:\n    image: x\nconfigs:\n  conf:\n    name: ap|\n    external: true\n`), ['app_conf']);
  assert.deepEqual(labels(`services:\n  web:\n    image: x\nnetworks:\n  front:\n    external: true\n    name: |\n`), ['edge']);
  assert.deepEqual(labels(`services:\n  web:\n    image: x\nsecrets:\n  db:\n    file: ./db.txt\n    name: |\n`), []);
});

test("a service's secrets/configs/networks references complete the external entries that exist", () => {
  const tail = `secrets:\n  db:\n    external: true\n    name: db_password\n  gone:\n    external: true\n  local:\n    file: ./x\nnetworks:\n  edge:\n    external: true\n`;
  assert.deepEqual(labels(`services:\n  web:\n    image: x\n    secrets:\n      - |\n${tail}`), ['db']);
  assert.deepEqual(labels(`services:\n  web:\n    image: x\n    secrets:\n      - target: /run/x\n        source: |\n${tail}`), ['db']);
  assert.deepEqual(labels(`services:\n  web:\n    image: x\n    networks:\n      - |\n${tail}`), ['edge']);
});

test('completion on a 50-node snapshot (time printed, not asserted)', () => {
  const snap = syntheticCluster(50);
  const services = Array.from({ length: 100 }, (_, i) => `  svc${i}:\n    image: x\n    deploy:\n      replicas: 2\n`).join('');
  const text = `services:\n${services}  web:\n    image: x\n    deploy:\n      placement:\n        constraints:\n          - node.labels.zone == |\n`;
  assert.equal(labels(text, snap).length, 5);
  const runs = 200;
  const started = performance.now();
  for (let i = 0; i < runs; i++) at(text, snap);
  const ms = (performance.now() - started) / runs;
  console.log(`# cluster completion, 50 nodes, ${text.split('\n').length}-line file: ${ms.toFixed(3)} ms per request`);
  assert.ok(ms >= 0);
});
