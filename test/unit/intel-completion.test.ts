import assert from 'node:assert/strict';
import { test } from 'node:test';
import { complete, intelInput, type CompletionEntry } from '../../server/src/core/intel';
import { defaultSettings, type CoreSettings } from '../../server/src/core/settings';
import type { FileKind } from '../../server/src/core/types';

/** Completion items at the `|` in `src` (the bar is removed). */
function itemsAt(kind: FileKind, src: string, settings: Partial<CoreSettings> = {}): CompletionEntry[] {
  const offset = src.indexOf('|');
  return complete(intelInput(kind, src.slice(0, offset) + src.slice(offset + 1), defaultSettings(settings)), offset);
}

const labels = (items: CompletionEntry[]) => items.map((i) => i.label);
const byLabel = (items: CompletionEntry[], label: string) => items.find((i) => i.label === label);
/** Labels in the order an editor shows them (sortText, then label). */
const sorted = (items: CompletionEntry[]) =>
  [...items].sort((a, b) => a.sortText.localeCompare(b.sortText) || a.label.localeCompare(b.label)).map((i) => i.label);

const SERVICE = 'services:\n  web:\n    image: nginx\n    |\n';

test('stack: service keys from the v3 schema, without present keys, with swarm-ignored keys last', () => {
  const items = itemsAt('stack', SERVICE);
  const l = labels(items);
  for (const k of ['deploy', 'environment', 'healthcheck', 'networks', 'secrets', 'configs', 'ports']) assert.ok(l.includes(k), k);
  assert.ok(!l.includes('image'), 'image is already present');
  assert.ok(!l.includes('extends'), 'extends is not a stack key');
  const order = sorted(items);
  assert.ok(order.indexOf('restart') > order.indexOf('working_dir'), 'restart (ignored by swarm) sorts after the keys swarm reads');
  assert.match(byLabel(items, 'restart')!.documentation!, /Ignored by swarm/);
  assert.equal(byLabel(items, 'deploy')!.insertText, 'deploy:\n  $0');
  assert.equal(byLabel(items, 'ports')!.insertText, 'ports:\n  - $0');
  // Compose files take the compose-spec, where extends exists and nothing is "ignored by swarm".
  const compose = itemsAt('compose', SERVICE);
  assert.ok(labels(compose).includes('extends'));
  assert.doesNotMatch(byLabel(compose, 'restart')!.documentation ?? '', /swarm/);
});

test('stack: keys of the file’s own schema version', () => {
  // start_interval came with v3.13; a 3.8 file must not be offered it.
  const hc = (v: string) => labels(itemsAt('stack', `version: "${v}"\nservices:\n  web:\n    image: nginx\n    healthcheck:\n      |\n`));
  assert.ok(hc('3.13').includes('start_interval'));
  assert.ok(!hc('3.8').includes('start_interval'));
  assert.ok(hc('3.8').includes('interval'));
});

test('stack: inside deploy, and nested blocks get a nested snippet', () => {
  const items = itemsAt('stack', 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n      |\n');
  const l = labels(items);
  for (const k of ['mode', 'placement', 'resources', 'restart_policy', 'update_config', 'endpoint_mode']) assert.ok(l.includes(k), k);
  assert.ok(!l.includes('replicas'));
  assert.equal(byLabel(items, 'mode')!.insertText, 'mode: ${1|replicated,global,replicated-job,global-job|}');
  // Half-typed in a file that no longer parses: same answer.
  assert.ok(labels(itemsAt('stack', 'services:\n  web:\n    deploy:\n      replicas: 2\n      pla|\n      mode: global\n')).includes('placement'));
});

test('stack: deploy-time values for mode, restart condition, failure action, endpoint mode', () => {
  const value = (block: string) => labels(itemsAt('stack', `services:\n  web:\n    image: nginx\n    deploy:\n${block}`));
  assert.deepEqual(value('      mode: |\n'), ['replicated', 'global', 'replicated-job', 'global-job']);
  assert.deepEqual(value('      restart_policy:\n        condition: |\n'), ['none', 'on-failure', 'any']);
  assert.deepEqual(value('      update_config:\n        failure_action: |\n'), ['pause', 'continue', 'rollback']);
  assert.deepEqual(value('      endpoint_mode: d|\n'), ['vip', 'dnsrr']);
  const mode = itemsAt('stack', 'services:\n  web:\n    deploy:\n      mode: |\n');
  assert.match(byLabel(mode, 'global')!.documentation!, /one task per node/);
  assert.equal(byLabel(mode, 'global')!.insertText, 'global');
});

test('stack: references to the networks, secrets, configs and volumes the file defines', () => {
  const defs = 'networks:\n  front:\n  back:\nsecrets:\n  db_pw:\n    external: true\nvolumes:\n  data:\n';
  assert.deepEqual(labels(itemsAt('stack', `services:\n  web:\n    image: nginx\n    networks:\n      - |\n${defs}`)), ['front', 'back', 'default']);
  assert.deepEqual(labels(itemsAt('stack', `services:\n  web:\n    image: nginx\n    networks:\n      - front\n      - |\n${defs}`)).slice(0, 2), [
    'front',
    'back',
  ]);
  const secrets = itemsAt('stack', `services:\n  web:\n    image: nginx\n    secrets:\n      - |\n${defs}`);
  assert.ok(labels(secrets).includes('db_pw'));
  assert.ok(labels(secrets).includes('source'), 'a mapping item’s keys too');
  assert.deepEqual(labels(itemsAt('stack', `services:\n  web:\n    secrets:\n      - source: |\n${defs}`)), ['db_pw']);
  assert.equal(byLabel(itemsAt('stack', `services:\n  web:\n    volumes:\n      - |\n${defs}`), 'data')?.insertText, 'data:${1:/path/in/container}');
  // Service networks written as a mapping: the names are keys.
  assert.deepEqual(labels(itemsAt('stack', `services:\n  web:\n    networks:\n      front:\n      |\n${defs}`)), ['back']);
});

test('stack: placement constraint snippets, then node.role values', () => {
  const base = 'services:\n  web:\n    image: nginx\n    deploy:\n      placement:\n        constraints:\n';
  const items = itemsAt('stack', `${base}          - |\n`);
  for (const k of ['node.role', 'node.hostname', 'node.platform.arch', 'node.labels.<label>', 'engine.labels.<label>']) assert.ok(labels(items).includes(k), k);
  assert.equal(byLabel(items, 'node.role')!.insertText, 'node.role ${1|==,!=|} ${2|manager,worker|}');
  assert.equal(byLabel(items, 'node.labels.<label>')!.insertText, 'node.labels.${1:label} ${2|==,!=|} ${3:value}');
  const roles = itemsAt('stack', `${base}          - node.role == |\n`);
  assert.deepEqual(labels(roles), ['manager', 'worker']);
  assert.equal(roles[0].insertText, 'node.role == manager');
});

test('YAML values that would not stay strings are quoted', () => {
  const items = itemsAt('compose', 'services:\n  web:\n    restart: |\n');
  assert.deepEqual(labels(items), ['no', 'always', 'unless-stopped', 'on-failure']);
  assert.equal(byLabel(items, 'no')!.insertText, '"no"');
  assert.equal(byLabel(items, 'always')!.insertText, 'always');
});

test('daemon.json: keys of the configured platform with JSON snippets, values of log-level', () => {
  const items = itemsAt('daemon', '{\n  "debug": true,\n  |\n}');
  const l = labels(items);
  for (const k of ['log-level', 'log-driver', 'data-root', 'registry-mirrors', 'live-restore']) assert.ok(l.includes(k), k);
  assert.ok(!l.includes('debug'), 'present');
  assert.ok(!l.includes('log-opt'), 'singular flag names have no effect in daemon.json');
  assert.ok(l.includes('default-ipc-mode'), 'a Linux-only key on the default platform');
  assert.ok(!labels(itemsAt('daemon', '{\n  |\n}', { daemonPlatform: 'windows' })).includes('default-ipc-mode'), 'not on Windows');
  assert.equal(byLabel(items, 'log-level')!.insertText, '"log-level": "${1|panic,fatal,error,warn,info,debug,trace|}"');
  assert.equal(byLabel(items, 'live-restore')!.insertText, '"live-restore": ${1|true,false|}');
  assert.equal(byLabel(items, 'registry-mirrors')!.insertText, '"registry-mirrors": [$1]');
  assert.equal(byLabel(itemsAt('daemon', '{\n  "debug": true,\n  "lo|"\n}'), 'log-level')!.filterText, '"log-level"');

  const levels = itemsAt('daemon', '{\n  "log-level": |\n}');
  assert.deepEqual(labels(levels), ['panic', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']);
  assert.equal(byLabel(levels, 'debug')!.insertText, '"debug"');
  assert.deepEqual(labels(itemsAt('daemon', '{"exec-opts": [|]}')), ['native.cgroupdriver=cgroupfs', 'native.cgroupdriver=systemd']);
  assert.deepEqual(labels(itemsAt('daemon', '{"runtimes": {"crun": {"path": "/usr/bin/crun"}}, "default-runtime": |}')), ['runc', 'crun']);
});

test('hooks.d: 1.0.0 keys, stage names and `when` keys', () => {
  const top = itemsAt('oci-hooks', '{\n  "version": "1.0.0",\n  |\n}');
  assert.deepEqual(labels(top).sort(), ['hook', 'stages', 'when']);
  const stages = itemsAt('oci-hooks', '{"version": "1.0.0", "stages": [|]}');
  assert.deepEqual(sorted(stages), ['createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop', 'prestart', 'precreate']);
  assert.equal(byLabel(stages, 'prestart')!.deprecated, true);
  assert.deepEqual(labels(itemsAt('oci-hooks', '{"version": "1.0.0", "when": {"always": true, |}}')).sort(), ['annotations', 'commands', 'hasBindMounts']);
  assert.deepEqual(labels(itemsAt('oci-hooks', '{"version": |}')), ['1.0.0']);
});

test('OCI config.json: hook stages with prestart deprecated, required keys first, enum values', () => {
  const hooks = itemsAt('oci-runtime', '{"ociVersion": "1.2.0", "hooks": {|}}');
  assert.deepEqual(labels(hooks), ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop']);
  assert.equal(byLabel(hooks, 'prestart')!.deprecated, true);
  assert.match(byLabel(hooks, 'prestart')!.documentation!, /deprecated in favour of/);
  assert.equal(byLabel(hooks, 'createRuntime')!.deprecated, undefined);
  assert.equal(sorted(itemsAt('oci-runtime', '{\n  |\n}'))[0], 'ociVersion');
  assert.deepEqual(labels(itemsAt('oci-runtime', '{"ociVersion": "1.2.0", "process": {"cwd": "/", "ioPriority": {"class": |}}}')), [
    'IOPRIO_CLASS_RT',
    'IOPRIO_CLASS_BE',
    'IOPRIO_CLASS_IDLE',
  ]);
});

test('stack: a new item of a list of mappings does not count the keys of the item above', () => {
  const items = itemsAt('stack', 'services:\n  web:\n    secrets:\n      - source: a\n        target: /run/a\n      - |\n');
  assert.ok(labels(items).includes('source'));
  assert.ok(labels(items).includes('target'));
  const versions = itemsAt('stack', 'version: |\nservices: {}\n');
  assert.equal(versions[0].label, '3.13');
  assert.equal(versions[0].insertText, '"3.13"');
  assert.ok(labels(versions).includes('3.0'));
});
