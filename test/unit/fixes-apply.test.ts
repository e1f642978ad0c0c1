import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, quickFixes, type QuickFix } from '../../server/src/core/fixes';
import { intelInput } from '../../server/src/core/intel';
import { defaultSettings } from '../../server/src/core/settings';
import type { FileKind } from '../../server/src/core/types';
import { check } from './helpers';

/**
 * Applies the fix of the first `code` diagnostic whose title matches, then validates again: the diagnostic
 * must be gone, no error may appear, and the result is returned for exact checks.
 */
function fix(text: string, kind: FileKind, code: string, title: RegExp = /./): { after: string; fix: QuickFix } {
  const before = check(text, kind);
  const d = before.find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${JSON.stringify(before.map((x) => x.code))}`);
  const fixes = quickFixes(intelInput(kind, text, defaultSettings()), d);
  const chosen = fixes.find((f) => title.test(f.title));
  assert.ok(chosen, `no fix matching ${title} among ${JSON.stringify(fixes.map((f) => f.title))}`);
  const after = applyEdits(text, chosen.edits);
  const again = check(after, kind);
  const count = (ds: typeof before, c: string) => ds.filter((x) => x.code === c).length;
  assert.ok(count(again, code) < count(before, code), `${code} still there after "${chosen.title}":\n${after}`);
  const errors = (ds: typeof before) => ds.filter((x) => x.severity === 'error').map((x) => x.code);
  assert.ok(
    errors(again).length <= errors(before).length - (d.severity === 'error' ? 1 : 0),
    `new errors ${JSON.stringify(errors(again))} after "${chosen.title}":\n${after}`,
  );
  return { after, fix: chosen };
}

const svc = (body: string) => `services:\n  web:\n    image: nginx:1.27\n${body}`;

test('restart moves to deploy.restart_policy, with max_attempts from on-failure:N; comments survive', () => {
  const { after, fix: f } = fix(
    svc('    # keep me\n    restart: on-failure:3\n    deploy:\n      replicas: 2\n'),
    'stack',
    'stack-unsupported-key',
    /Move restart/,
  );
  assert.equal(f.preferred, true);
  assert.equal(after, svc('    # keep me\n    deploy:\n      replicas: 2\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3\n'));
  const always = fix(svc('    restart: always\n'), 'stack', 'stack-unsupported-key', /Move restart/).after;
  assert.equal(always, svc('    deploy:\n      restart_policy:\n        condition: any\n'));
});

test('restart is only removed when deploy.restart_policy already decides', () => {
  const { after, fix: f } = fix(
    svc('    restart: always\n    deploy:\n      restart_policy:\n        condition: none\n'),
    'stack',
    'stack-unsupported-key',
    /Remove restart/,
  );
  assert.equal(f.preferred, true);
  assert.equal(after, svc('    deploy:\n      restart_policy:\n        condition: none\n'));
});

test('mem_limit moves to deploy.resources.limits.memory keeping its text; cpus as a string', () => {
  assert.equal(
    fix(
      svc('    mem_limit: ${MEM:-512m}\n    deploy:\n      resources:\n        reservations:\n          memory: 64m\n'),
      'stack',
      'stack-forbidden-key',
      /Move mem_limit/,
    ).after,
    svc('    deploy:\n      resources:\n        reservations:\n          memory: 64m\n        limits:\n          memory: ${MEM:-512m}\n'),
  );
  assert.equal(
    fix(svc('    cpus: 1.5\n'), 'stack', 'stack-schema', /Move cpus/).after,
    svc('    deploy:\n      resources:\n        limits:\n          cpus: "1.5"\n'),
  );
});

test('keys without a swarm equivalent are removed with the reason in the title', () => {
  const { after, fix: f } = fix(svc('    cpu_shares: 512\n    labels: [a=b]\n'), 'stack', 'stack-forbidden-key');
  assert.match(f.title, /Remove cpu_shares \(swarm has no CPU shares/);
  assert.equal(after, svc('    labels: [a=b]\n'));
  for (const key of ['depends_on: [db]', 'container_name: web', 'build: .', 'links: [db]']) {
    const out = fix(svc(`    ${key}\n    labels: [a=b]\n`), 'stack', check(svc(`    ${key}\n    labels: [a=b]\n`), 'stack')[0].code, /Remove/).after;
    assert.equal(out, svc('    labels: [a=b]\n'), key);
  }
});

test('a key shared through a << merge, or the only key of its map, is not removed', () => {
  const merged = 'x: &d\n  restart: always\nservices:\n  web:\n    <<: *d\n    image: nginx:1.27\n    restart: always\n';
  const d = check(merged, 'stack').find((x) => x.code === 'stack-unsupported-key' && x.range.start.line === 6)!;
  assert.deepEqual(
    quickFixes(intelInput('stack', merged, defaultSettings()), d).filter((f) => /Remove/.test(f.title)),
    [],
  );
});

test('bad enum values become the nearest valid one, quotes kept', () => {
  const text = svc('    deploy:\n      mode: replcated\n      update_config:\n        failure_action: "rolback"\n      endpoint_mode: vipp\n');
  let out = fix(text, 'stack', 'stack-deploy-mode').after;
  assert.match(out, /mode: replicated\n/);
  out = fix(out, 'stack', 'stack-failure-action').after;
  assert.match(out, /failure_action: "rollback"/);
  out = fix(out, 'stack', 'stack-endpoint-mode').after;
  assert.match(out, /endpoint_mode: vip\n/);
  assert.match(fix(svc('    deploy:\n      update_config:\n        order: start-frist\n'), 'stack', 'stack-schema', /start-first/).after, /order: start-first/);
});

test('quoted constraint values are unquoted; an unknown key gets the nearest one', () => {
  const quoted = svc('    deploy:\n      placement:\n        constraints:\n          - node.role == "manager"\n');
  assert.match(fix(quoted, 'stack', 'stack-constraint-syntax').after, /- node\.role == manager\n/);
  const typo = svc('    deploy:\n      placement:\n        constraints: ["node.hostnme == a"]\n');
  assert.match(fix(typo, 'stack', 'stack-constraint-unknown-key').after, /\["node\.hostname == a"\]/);
});

test('ulimits without hard get hard = soft', () => {
  const text = svc('    ulimits:\n      nofile:\n        soft: 1024\n');
  assert.equal(fix(text, 'stack', 'stack-schema', /hard/).after, svc('    ulimits:\n      nofile:\n        soft: 1024\n        hard: 1024\n'));
});

test('an undefined secret becomes the defined one it was probably meant to be', () => {
  const text = svc('    secrets: [db_pasword]\nsecrets:\n  db_password:\n    external: true\n');
  assert.match(fix(text, 'stack', 'stack-undefined-reference').after, /secrets: \[db_password\]/);
});

test('daemon.json: removed keys renamed, singular keys merged into the plural, proxies nested', () => {
  assert.equal(fix('{\n  "graph": "/data/docker"\n}\n', 'daemon', 'daemon-removed-key').after, '{\n  "data-root": "/data/docker"\n}\n');
  assert.equal(fix('{\n  "graph": "/a",\n  "data-root": "/b"\n}\n', 'daemon', 'daemon-removed-key', /already set/).after, '{\n  "data-root": "/b"\n}\n');
  const labels = fix('{\n  "labels": ["a=1"],\n  "label": "b=2"\n}\n', 'daemon', 'daemon-ignored-key').after;
  assert.deepEqual(JSON.parse(labels), { labels: ['a=1', 'b=2'] });
  const proxy = fix('{\n  "http-proxy": "http://127.0.0.1:3128"\n}\n', 'daemon', 'daemon-ignored-key').after;
  assert.deepEqual(JSON.parse(proxy), { proxies: { 'http-proxy': 'http://127.0.0.1:3128' } });
  assert.equal(
    fix('{\n  "log-driver": "json-file",\n  "storage-drvier": "overlay2"\n}\n', 'daemon', 'daemon-unknown-key').after,
    '{\n  "log-driver": "json-file",\n  "storage-driver": "overlay2"\n}\n',
  );
});

test('daemon.json: a number in log-opts is written as a string', () => {
  const out = fix('{\n  "log-opts": {"max-size": "10m", "max-file": 3}\n}\n', 'daemon', 'daemon-type').after;
  assert.deepEqual(JSON.parse(out), { 'log-opts': { 'max-size': '10m', 'max-file': '3' } });
});

test('daemon.json: hooks become a wrapper runtime, and the hooks a file of their own (nothing lost)', () => {
  const text = '{\n  "runtimes": {"oci-add-hooks": {"path": "/x"}},\n  "hooks": {"prestart": [{"path": "/usr/bin/h"}]}\n}\n';
  const { after, fix: f } = fix(text, 'daemon', 'daemon-hooks');
  const json = JSON.parse(after);
  assert.equal(json.hooks, undefined);
  assert.deepEqual(json.runtimes['oci-add-hooks'], { path: '/x' }, 'the existing runtime is kept');
  assert.equal(json.runtimes['oci-add-hooks-2'].path, 'oci-add-hooks');
  assert.deepEqual(
    f.newFiles?.map((n) => [n.name, JSON.parse(n.text)]),
    [['oci-hooks.json', { hooks: { prestart: [{ path: '/usr/bin/h' }] } }]],
  );
});

test('hooks.d: a legacy 0.1.0 file migrates to 1.0.0; a typo key is renamed', () => {
  const legacy = '{\n  "hook": "/usr/bin/hook",\n  "stages": ["prestart"],\n  "cmds": [".*"]\n}\n';
  const out = JSON.parse(fix(legacy, 'oci-hooks', 'oci-hooks-legacy-format').after);
  assert.equal(out.version, '1.0.0');
  assert.equal(out.hook.path, '/usr/bin/hook');
  assert.deepEqual(out.stages, ['prestart']);
  const typo = '{\n  "version": "1.0.0",\n  "hook": {"path": "/usr/bin/h"},\n  "when": {"always": true},\n  "stages": ["poststop"],\n  "wen": {}\n}\n';
  assert.equal(
    check(typo, 'oci-hooks').some((d) => d.code === 'oci-hooks-unknown-key'),
    true,
  );
  const d = check(typo, 'oci-hooks').find((x) => x.code === 'oci-hooks-unknown-key')!;
  // "wen" → "when" would duplicate the existing "when": no rename is offered.
  assert.deepEqual(quickFixes(intelInput('oci-hooks', typo, defaultSettings()), d), []);
  const alone = typo.replace('  "when": {"always": true},\n', '').replace('"wen": {}', '"wen": {"always": true}');
  assert.match(fix(alone, 'oci-hooks', 'oci-hooks-unknown-key').after, /"when": \{"always": true\}/);
});

test('OCI config.json: prestart hooks move to createRuntime; unknown key typos renamed', () => {
  const text = '{\n  "ociVersion": "1.2.0",\n  "hooks": {\n    "prestart": [{"path": "/usr/bin/a"}],\n    "createRuntime": [{"path": "/usr/bin/b"}]\n  }\n}\n';
  const out = JSON.parse(fix(text, 'oci-runtime', 'oci-runtime-prestart-deprecated').after);
  assert.deepEqual(out.hooks, { createRuntime: [{ path: '/usr/bin/b' }, { path: '/usr/bin/a' }] });
  const typo = '{\n  "ociVersion": "1.2.0",\n  "hostnme": "x"\n}\n';
  assert.match(fix(typo, 'oci-runtime', 'oci-runtime-unknown-key').after, /"hostname": "x"/);
});
