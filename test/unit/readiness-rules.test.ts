import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleByCode } from '../../server/src/core/rules';
import { check, covered } from './helpers';

/** A service that follows every piece of readiness advice; each test breaks one thing. */
const READY = `services:
  web:
    image: nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    healthcheck:
      test: ["CMD", "true"]
      start_period: 30s
    volumes:
      - data:/var/lib/web
    ports:
      - target: 80
        published: 8080
    deploy:
      replicas: 3
      update_config:
        failure_action: rollback
        monitor: 30s
      resources:
        limits: {memory: 256m, cpus: "0.5"}
        reservations: {memory: 128m, cpus: "0.25"}
volumes:
  data: {}
`;

const advice = (text: string, nodes?: number) => check(text, 'stack', { advice: true, settings: nodes ? { swarmNodeCount: nodes } : {} });
const codes = (text: string, nodes?: number) => advice(text, nodes).map((d) => d.code);
const one = (text: string, code: string, nodes?: number) => {
  const found = advice(text, nodes).filter((d) => d.code === code);
  assert.equal(found.length, 1, `${code}: ${JSON.stringify(advice(text, nodes).map((d) => [d.code, d.message]))}`);
  assert.equal(found[0].severity, 'information');
  return found[0];
};
const replace = (from: string, to: string) => {
  assert.ok(READY.includes(from), from);
  return READY.replace(from, to);
};

test('a service that follows the advice gets no advice at all', () => {
  assert.deepEqual(advice(READY), []);
  assert.deepEqual(advice(READY, 3), []);
});

test('every readiness rule is information-level advice with documentation', () => {
  for (const code of [
    'stack-no-healthcheck',
    'stack-healthcheck-start-period',
    'stack-no-resource-limits',
    'stack-reservation-above-limit',
    'stack-image-latest',
    'stack-image-digest',
    'stack-update-no-rollback',
    'stack-replicas-per-node',
    'stack-host-port-replicas',
    'stack-bind-mount',
  ]) {
    const r = ruleByCode(code);
    assert.ok(r, code);
    assert.equal(r.severity, 'information', code);
    assert.equal(r.advice, true, code);
    assert.ok(r.description.length > 40 && r.source.length > 10, code);
  }
});

test('no healthcheck: reported on the service name; a disabled healthcheck and jobs are deliberate', () => {
  const text = replace('    healthcheck:\n      test: ["CMD", "true"]\n      start_period: 30s\n', '');
  const d = one(text, 'stack-no-healthcheck');
  assert.equal(covered(text, d), 'web');
  assert.deepEqual(codes(replace('      test: ["CMD", "true"]\n      start_period: 30s\n', '      disable: true\n')), []);
  assert.deepEqual(codes(replace('      test: ["CMD", "true"]\n      start_period: 30s\n', '      test: ["NONE"]\n')), []);
  const job = text.replace('      replicas: 3\n      update_config:\n        failure_action: rollback\n        monitor: 30s\n', '      mode: replicated-job\n');
  assert.ok(!codes(job).includes('stack-no-healthcheck'));
});

test('healthcheck without start_period', () => {
  const text = replace('      start_period: 30s\n', '      retries: 3\n');
  const d = one(text, 'stack-healthcheck-start-period');
  assert.equal(covered(text, d), 'healthcheck');
  assert.match(d.message, /retries \(3\)/);
});

test('no resource limits: on deploy when it exists, else on the service', () => {
  const text = replace(
    '        limits: {memory: 256m, cpus: "0.5"}\n        reservations: {memory: 128m, cpus: "0.25"}\n',
    '        reservations: {memory: 128m}\n',
  );
  assert.equal(covered(text, one(text, 'stack-no-resource-limits')), 'deploy');
  const bare =
    'services:\n  w:\n    image: busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n    healthcheck: {test: ["CMD", "true"], start_period: 5s}\n';
  assert.equal(covered(bare, one(bare, 'stack-no-resource-limits')), 'w');
});

test('reservations above limits, memory and cpus, on the reservation value', () => {
  const mem = replace('reservations: {memory: 128m', 'reservations: {memory: 1g');
  const d = one(mem, 'stack-reservation-above-limit');
  assert.equal(covered(mem, d), '1g');
  assert.match(d.message, /reservations\.memory \(1g\) is above limits\.memory \(256m\)/);
  const cpu = replace('cpus: "0.25"', 'cpus: "2"');
  assert.equal(covered(cpu, one(cpu, 'stack-reservation-above-limit')), '"2"');
  assert.ok(!codes(replace('cpus: "0.25"', 'cpus: "0.5"')).includes('stack-reservation-above-limit'), 'equal is fine');
});

test('images: no tag and :latest are one rule, a tag without digest another', () => {
  const digest = 'nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
  const latest = replace(digest, 'nginx:latest');
  assert.equal(covered(latest, one(latest, 'stack-image-latest')), 'nginx:latest');
  assert.match(one(replace(digest, 'nginx'), 'stack-image-latest').message, /has no tag/);
  const tagged = replace(digest, 'registry.example:5000/team/nginx:1.27');
  const d = one(tagged, 'stack-image-digest');
  // The range and the message carry the image; no `data` (one of these per service: it is sent on every edit).
  assert.equal(covered(tagged, d), 'registry.example:5000/team/nginx:1.27');
  assert.match(d.message, /image registry\.example:5000\/team\/nginx:1\.27 is not pinned by digest/);
  assert.equal(d.data, undefined);
  assert.ok(!codes(tagged).includes('stack-image-latest'));
});

test('update_config without failure_action rollback or monitor', () => {
  const pause = replace('        failure_action: rollback\n', '        failure_action: pause\n');
  assert.match(one(pause, 'stack-update-no-rollback').message, /failure_action: rollback \(it is pause\)/);
  const noMonitor = replace('        monitor: 30s\n', '        parallelism: 1\n');
  const d = one(noMonitor, 'stack-update-no-rollback');
  assert.equal(covered(noMonitor, d), 'update_config');
  assert.match(d.message, /monitor/);
  assert.ok(!/failure_action/.test(d.message));
  assert.match(d.message, /fail after the first seconds/);
  // No update_config at all: nothing to advise about it (the default is documented elsewhere).
  assert.ok(!codes(replace('      update_config:\n        failure_action: rollback\n        monitor: 30s\n', '')).includes('stack-update-no-rollback'));
});

test('max_replicas_per_node × nodes < replicas, only when the swarm size is known', () => {
  const text = replace('      replicas: 3\n', '      replicas: 3\n      placement:\n        max_replicas_per_node: 1\n');
  assert.ok(!codes(text).includes('stack-replicas-per-node'), 'unknown node count: no advice');
  assert.ok(!codes(text, 3).includes('stack-replicas-per-node'), '1 × 3 nodes = 3 replicas fits');
  const d = one(text, 'stack-replicas-per-node', 2);
  assert.equal(covered(text, d), '1');
  assert.match(d.message, /1 × 2 nodes = 2 < replicas 3: 1 task\(s\) will stay pending/);
});

test('host-mode published ports with several replicas', () => {
  const text = replace('        published: 8080\n', '        published: 8080\n        mode: host\n');
  const d = one(text, 'stack-host-port-replicas');
  assert.equal(covered(text, d).trim().startsWith('target'), true);
  assert.ok(!codes(text, 3).includes('stack-host-port-replicas'), 'as many nodes as replicas: one task per node fits');
  assert.match(one(text, 'stack-host-port-replicas', 2).message, /1 task\(s\) stay pending/);
  assert.ok(!codes(text.replace('      replicas: 3\n', '      replicas: 1\n')).includes('stack-host-port-replicas'));
  assert.ok(!codes(text.replace('      replicas: 3\n', '      mode: global\n')).includes('stack-host-port-replicas'));
  assert.ok(
    !codes(text.replace('      replicas: 3\n', '      replicas: 3\n      placement: {max_replicas_per_node: 1}\n')).includes('stack-host-port-replicas'),
  );
});

test('bind mounts, short and long syntax; named volumes are fine', () => {
  const short = replace('      - data:/var/lib/web\n', '      - data:/var/lib/web\n      - /srv/web:/usr/share/nginx/html:ro\n');
  assert.equal(covered(short, one(short, 'stack-bind-mount')), '/srv/web:/usr/share/nginx/html:ro');
  const long = replace('      - data:/var/lib/web\n', '      - {type: bind, source: ./conf, target: /etc/web}\n');
  assert.match(one(long, 'stack-bind-mount').message, /bind-mounts \.\/conf from the host/);
});

test('a setting raises advice to warning or turns it off; a comment disables it per file', () => {
  const latest = replace('nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'nginx:latest');
  const raised = check(latest, 'stack', { advice: true, settings: { ruleSeverity: { 'stack-image-latest': 'warning' } } });
  assert.deepEqual(
    raised.map((d) => [d.code, d.severity]),
    [['stack-image-latest', 'warning']],
  );
  assert.deepEqual(check(latest, 'stack', { advice: true, settings: { ruleSeverity: { 'stack-image-latest': 'off' } } }), []);
  assert.deepEqual(advice(`# swarm-pilot-disable stack-image-latest\n${latest}`), []);
});

test('advice is for stack files only: compose mode gives none', () => {
  const latest = replace('nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'nginx:latest');
  assert.deepEqual(
    check(latest, 'compose', { advice: true }).map((d) => d.code),
    [],
  );
});

test('the language server takes the connected swarm size from the client configuration, ignoring nonsense', async () => {
  const { coreSettingsFrom } = await import('../../server/src/lsp/settingsFromClient');
  assert.equal(coreSettingsFrom({ swarmNodeCount: 3 }, {}).swarmNodeCount, 3);
  for (const bad of [0, -1, 1.5, '3', null]) assert.equal(coreSettingsFrom({ swarmNodeCount: bad }, {}).swarmNodeCount, undefined, String(bad));
});
