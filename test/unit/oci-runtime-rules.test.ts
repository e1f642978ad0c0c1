import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectKind } from '../../server/src/core/kinds/detect';
import { defaultSettings } from '../../server/src/core/settings';
import type { Diagnostic } from '../../server/src/core/types';
import { check, covered, withCode } from './helpers';

const run = (text: string) => check(text, 'oci-runtime');
const config = (extra: Record<string, unknown>, ociVersion = '1.3.0') => JSON.stringify({ ociVersion, root: { path: 'rootfs' }, ...extra }, null, 2);

/** The single diagnostic with `code`, asserting there is exactly one. */
function one(text: string, diags: Diagnostic[], code: string): Diagnostic & { text: string } {
  const found = withCode(diags, code);
  assert.equal(found.length, 1, `${code}: ${JSON.stringify(diags.map((d) => `${d.code} ${d.message}`))}`);
  return { ...found[0], text: covered(text, found[0]) };
}

test('a valid config has no diagnostics (runc spec style, hooks included)', () => {
  const text = config({
    process: { cwd: '/', args: ['sh'], user: { uid: 0, gid: 0 } },
    hostname: 'box',
    annotations: { 'any.key': 'v', 'org.example/x': 'y' },
    linux: { sysctl: { 'net.ipv4.ip_forward': '1' }, namespaces: [{ type: 'pid' }] },
    hooks: { createRuntime: [{ path: '/usr/bin/fix-mounts', args: ['fix-mounts'], timeout: 5 }] },
  });
  assert.deepEqual(run(text), []);
});

test('oci-runtime-schema: wrong types and a missing ociVersion are errors at the value or key', () => {
  const text = config({ hostname: 5 });
  const d = one(text, run(text), 'oci-runtime-schema');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '5');
  assert.match(d.message, /hostname must be a string/);

  const missing = '{\n  "root": {"path": "rootfs"}\n}';
  const m = one(missing, run(missing), 'oci-runtime-schema');
  assert.match(m.message, /ociVersion is required/);
});

test('oci-runtime-schema: enums and patterns of the v1.3.0 schema are enforced', () => {
  const text = config({ linux: { namespaces: [{ type: 'pidns' }] } });
  const d = one(text, run(text), 'oci-runtime-schema');
  assert.equal(d.text, '"pidns"');
  assert.match(d.message, /must be one of the following: .*"pid"/);
});

test('oci-runtime-version: ociVersion must be SemVer; a pre-release like runc’s 1.0.2-dev is fine', () => {
  const text = config({}, '1.0');
  const d = one(text, run(text), 'oci-runtime-version');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '"1.0"');
  assert.match(d.message, /not a SemVer 2\.0\.0 version/);
  assert.deepEqual(run(config({}, '1.0.2-dev')), []);
  assert.deepEqual(run(config({}, '1.2.1+build.5')), []);
});

test('oci-runtime-version-unknown: a version newer than the vendored 1.3.0 is information', () => {
  const text = config({}, '1.4.0');
  const d = one(text, run(text), 'oci-runtime-version-unknown');
  assert.equal(d.severity, 'information');
  assert.equal(d.text, '"1.4.0"');
  assert.match(d.message, /newer than runtime-spec 1\.3\.0/);
  assert.deepEqual(run(config({}, '1.3.0')), []);
});

test('oci-runtime-newer-field: a field newer than the declared ociVersion warns at its key', () => {
  const text = config({ linux: { netDevices: { eth0: { name: 'eth0' } } } }, '1.2.0');
  const d = one(text, run(text), 'oci-runtime-newer-field');
  assert.equal(d.severity, 'warning');
  assert.equal(d.text, '"netDevices"');
  assert.match(d.message, /linux\.netDevices was added in runtime-spec 1\.3\.0.*declares ociVersion 1\.2\.0/);
  assert.equal(d.data?.since, '1.3.0');
  assert.deepEqual(run(config({ linux: { netDevices: { eth0: { name: 'eth0' } } } }, '1.3.0')), []);
});

test('oci-runtime-newer-field: only the topmost new field is reported; hooks and array items too', () => {
  const vm = config({ vm: { hypervisor: { path: '/usr/bin/qemu' }, hwConfig: { vcpus: 2 } } }, '1.0.0');
  const d = one(vm, run(vm), 'oci-runtime-newer-field');
  assert.equal(d.text, '"vm"');
  assert.match(d.message, /added in runtime-spec 1\.0\.2/);

  const hooks = config({ hooks: { createRuntime: [{ path: '/bin/x' }] } }, '1.0.1');
  assert.equal(one(hooks, run(hooks), 'oci-runtime-newer-field').text, '"createRuntime"');
  // 1.0.2-dev is the 1.0.2 line: createRuntime is known there.
  assert.deepEqual(run(config({ hooks: { createRuntime: [{ path: '/bin/x' }] } }, '1.0.2-dev')), []);

  const mounts = config({ mounts: [{ destination: '/m', uidMappings: [{ containerID: 0, hostID: 1000, size: 1 }] }] }, '1.0.2');
  assert.equal(one(mounts, run(mounts), 'oci-runtime-newer-field').text, '"uidMappings"');
});

test('oci-runtime-removed-field: enableCMT is valid for 1.1.0–1.2.1 files and removed in 1.3.0', () => {
  const removed = config({ linux: { intelRdt: { enableCMT: true } } }, '1.3.0');
  const d = one(removed, run(removed), 'oci-runtime-removed-field');
  assert.equal(d.severity, 'warning');
  assert.equal(d.text, '"enableCMT"');
  assert.match(d.message, /removed in runtime-spec 1\.3\.0.*use enableMonitoring/);
  assert.deepEqual(run(config({ linux: { intelRdt: { enableCMT: true } } }, '1.2.0')), []);
  assert.equal(withCode(run(removed), 'oci-runtime-unknown-key').length, 0);
});

test('oci-runtime-unknown-key: undeclared keys warn with the nearest valid key; maps are not checked', () => {
  const text = config({ hostnme: 'box', process: { cwd: '/', enviroment: ['A=1'] } });
  const d = withCode(run(text), 'oci-runtime-unknown-key');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['"hostnme"', '"enviroment"'],
  );
  assert.ok(d.every((x) => x.severity === 'warning'));
  assert.match(d[0].message, /Unknown key "hostnme" \(runtimes ignore it\): did you mean "hostname"\?/);
  assert.equal(d[0].data?.suggestion, 'hostname');
  assert.match(d[1].message, /in process/);
  const far = config({ zzzzzz: 1 });
  const z = one(far, run(far), 'oci-runtime-unknown-key');
  assert.doesNotMatch(z.message, /did you mean/);
  assert.deepEqual(run(config({ annotations: { whatever: 'x' }, linux: { sysctl: { 'kernel.x': '1' } } })), []);
});

test('oci-runtime-unknown-key: a key that differs only in case says Go runtimes accept it', () => {
  const text = config({ vm: { hypervisor: { path: '/usr/bin/qemu' }, kernel: { path: '/boot/vmlinuz' }, hwconfig: { vcpus: 2 } } });
  const d = one(text, run(text), 'oci-runtime-unknown-key');
  assert.equal(d.text, '"hwconfig"');
  assert.match(d.message, /is spelt "hwConfig" in the spec: Go runtimes such as runc accept it/);
  assert.equal(d.data?.suggestion, 'hwConfig');
});

test('oci-runtime-hook-path-relative: hook paths must be absolute', () => {
  const text = config({ hooks: { poststop: [{ path: 'cleanup.sh' }] } });
  const d = one(text, run(text), 'oci-runtime-hook-path-relative');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '"cleanup.sh"');
  assert.match(d.message, /hooks\.poststop\[0\]\.path "cleanup\.sh" is not absolute/);
  const empty = config({ hooks: { poststop: [{ path: '' }] } });
  assert.match(one(empty, run(empty), 'oci-runtime-hook-path-relative').message, /is empty/);
  assert.deepEqual(run(config({ hooks: { poststop: [{ path: '/usr/bin/cleanup' }] } })), []);
});

test('oci-runtime-hook-timeout: timeout must be > 0, reported once (not also as a schema minimum)', () => {
  const text = config({ hooks: { poststart: [{ path: '/bin/x', timeout: 0 }] } });
  const diags = run(text);
  const d = one(text, diags, 'oci-runtime-hook-timeout');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '0');
  assert.match(d.message, /hooks\.poststart\[0\]\.timeout must be greater than zero/);
  assert.equal(withCode(diags, 'oci-runtime-schema').length, 0);
  assert.deepEqual(run(config({ hooks: { poststart: [{ path: '/bin/x', timeout: 1 }] } })), []);
});

test('oci-runtime-prestart-deprecated: a hint with the deprecated tag, not an error', () => {
  const text = config({ hooks: { prestart: [{ path: '/bin/x' }] } });
  const d = one(text, run(text), 'oci-runtime-prestart-deprecated');
  assert.equal(d.severity, 'hint');
  assert.deepEqual(d.tags, ['deprecated']);
  assert.equal(d.text, '"prestart"');
  assert.match(d.message, /deprecated.*createRuntime/);
  assert.equal(d.data?.replacement, 'createRuntime');
});

test('state.json and features documents are validated against their own schemas', () => {
  const state = JSON.stringify({ ociVersion: '1.0.2', id: 'c1', status: 'running', pid: 4422, bundle: '/containers/c1' });
  assert.deepEqual(run(state), []);
  const badState = JSON.stringify({ ociVersion: '1.0.2', id: 'c1', status: 'running', pid: 4422 });
  assert.match(one(badState, run(badState), 'oci-runtime-schema').message, /bundle is required/);
  const features = '{"ociVersionMin": "1.0.0"}';
  assert.match(one(features, run(features), 'oci-runtime-schema').message, /ociVersionMax is required/);
});

test('syntax errors stop validation; config.json files are detected by ociVersion', () => {
  const d = run('{"ociVersion": "1.3.0",}');
  assert.ok(d.length > 0 && d.every((x) => x.code === 'json-syntax'));
  assert.equal(detectKind('/bundle/config.json', config({}), defaultSettings()), 'oci-runtime');
});
