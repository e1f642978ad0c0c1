import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '../../server/src/core/types';
import { check, covered, memoryFs, withCode } from './helpers';

const HOOK = '/usr/libexec/oci/hooks.d/my-hook';
const fs = memoryFs({ [HOOK]: '#!/bin/sh\n' });
const run = (text: string) => check(text, 'oci-hooks', { fs, filePath: '/etc/containers/oci/hooks.d/01-my-hook.json' });
const v1 = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ version: '1.0.0', hook: { path: HOOK, args: ['my-hook', 'prestart'] }, when: { always: true }, stages: ['prestart'], ...over }, null, 2);

function one(text: string, diags: Diagnostic[], code: string): Diagnostic & { text: string } {
  const found = withCode(diags, code);
  assert.equal(found.length, 1, `${code}: ${JSON.stringify(diags.map((d) => `${d.code} ${d.message}`))}`);
  return { ...found[0], text: covered(text, found[0]) };
}

test('a valid 1.0.0 hook whose executable exists has no diagnostics', () => {
  assert.deepEqual(run(v1()), []);
  assert.deepEqual(run(v1({ when: { annotations: { '^com\\.example\\.department$': '.*fluid-dynamics$' } }, stages: ['createRuntime', 'poststop'] })), []);
});

test('oci-hooks-schema: values Go cannot decode, with the message podman prints', () => {
  const text = v1({ hook: 'not-an-object' });
  const d = one(text, run(text), 'oci-hooks-schema');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '"not-an-object"');
  assert.match(d.message, /hook must be an object.*1\.0\.0: json: cannot unmarshal string into Go struct field Hook\.hook of type specs\.Hook/);
  assert.equal(withCode(run(text), 'oci-hooks-required').length, 0, 'no "missing hook.path" on top of the type error');

  const timeout = v1({ hook: { path: HOOK, timeout: 1.5 } });
  const t = one(timeout, run(timeout), 'oci-hooks-schema');
  assert.equal(t.text, '1.5');
  assert.match(t.message, /cannot unmarshal number 1\.5 into Go struct field Hook\.hook\.timeout of type int/);

  const stages = v1({ stages: ['prestart', 7] });
  assert.match(one(stages, run(stages), 'oci-hooks-schema').message, /stages\.1 must be a string/);

  const top = '["version", "1.0.0"]';
  assert.match(one(top, run(top), 'oci-hooks-schema').message, /version check: json: cannot unmarshal array into Go value of type hooks\.version/);
});

test('oci-hooks-version: unrecognised versions are errors, as read.go refuses them', () => {
  const text = v1({ version: '2.0' });
  const d = one(text, run(text), 'oci-hooks-version');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '"2.0"');
  assert.match(d.message, /unrecognized hook version: "2\.0"/);
});

test('oci-hooks-version: a 1.0.0-style file without "version" is read as 0.1.0 and refused; 1.0.0 checks still run', () => {
  const text = JSON.stringify({ hook: { path: HOOK }, when: { always: true }, stages: ['prestrat'] }, null, 2);
  const diags = run(text);
  const d = one(text, diags, 'oci-hooks-version');
  assert.equal(d.text, '"hook"');
  assert.match(d.message, /Missing "version": "1\.0\.0".*legacy 0\.1\.0 format/);
  assert.equal(d.data?.suggestion, '1.0.0');
  assert.equal(withCode(diags, 'oci-hooks-unknown-stage').length, 1);
  assert.equal(withCode(diags, 'oci-hooks-legacy-format').length, 0);
});

test('oci-hooks-required: hook.path and stages (1.0.0), hook (0.1.0), with Validate’s messages', () => {
  const noPath = v1({ hook: { args: ['x'] } });
  const p = one(noPath, run(noPath), 'oci-hooks-required');
  assert.equal(p.severity, 'error');
  assert.equal(p.text, '"hook"');
  assert.match(p.message, /^missing required property: hook\.path/);

  const noStages = JSON.stringify({ version: '1.0.0', hook: { path: HOOK }, when: { always: true } });
  assert.match(one(noStages, run(noStages), 'oci-hooks-required').message, /^missing required property: stages/);

  const legacy = '{"stages": ["prestart"], "cmds": ["sh"]}';
  assert.match(one(legacy, run(legacy), 'oci-hooks-required').message, /^missing required property: hook /);
  assert.equal(withCode(run(v1()), 'oci-hooks-required').length, 0);
});

test('oci-hooks-path-relative: hook.path must be absolute (placeholders left in are caught)', () => {
  const text = v1({ hook: { path: 'HOOK_BIN_DIR/my-hook' } });
  const d = one(text, run(text), 'oci-hooks-path-relative');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '"HOOK_BIN_DIR/my-hook"');
  assert.match(d.message, /is not absolute/);
  assert.equal(withCode(run(text), 'oci-hooks-path-not-found').length, 0);
});

test('oci-hooks-path-not-found: a missing executable is a warning (podman and CRI-O skip the hook)', () => {
  const text = v1({ hook: { path: '/does/not/exist' } });
  const d = one(text, run(text), 'oci-hooks-path-not-found');
  assert.equal(d.severity, 'warning');
  assert.equal(d.text, '"/does/not/exist"');
  assert.match(d.message, /stat \/does\/not\/exist: no such file or directory/);
  assert.equal(withCode(run(v1()), 'oci-hooks-path-not-found').length, 0);
});

test('oci-hooks-regex: patterns compile as Go RE2, not JavaScript: lookaheads and backreferences are errors', () => {
  const look = v1({ when: { commands: ['^/usr/bin/podman$', '(?=x)'] } });
  const l = one(look, run(look), 'oci-hooks-regex');
  assert.equal(l.severity, 'error');
  assert.equal(l.text, '"(?=x)"');
  assert.match(l.message, /invalid command "\(\?=x\)": error parsing regexp: invalid or unsupported Perl syntax: `\(\?=`.*no lookarounds/);

  const backref = v1({ when: { annotations: { 'io\\.example': '(a)\\1' } } });
  const b = one(backref, run(backref), 'oci-hooks-regex');
  assert.equal(b.text, '"(a)\\\\1"');
  assert.match(b.message, /invalid annotation value "\(a\)\\\\1": error parsing regexp: invalid escape sequence: `\\1`.*no backreferences/);

  const key = v1({ when: { annotations: { '[': '.*' } } });
  const k = one(key, run(key), 'oci-hooks-regex');
  assert.equal(k.text, '"["');
  assert.match(k.message, /invalid annotation key "\[": error parsing regexp: missing closing \]/);

  assert.deepEqual(run(v1({ when: { commands: ['^/usr/bin/podman$', '.*/init$'] } })), []);
});

test('oci-hooks-unknown-stage: Validate errors on stages it does not know; the nearest is suggested', () => {
  const text = v1({ stages: ['prestrat'] });
  const d = one(text, run(text), 'oci-hooks-unknown-stage');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '"prestrat"');
  assert.match(d.message, /unknown stage "prestrat": did you mean "prestart"\?/);
  assert.equal(d.data?.suggestion, 'prestart');
  const far = v1({ stages: ['does-not-exist'] });
  assert.match(one(far, run(far), 'oci-hooks-unknown-stage').message, /valid: prestart, createRuntime/);
});

test('oci-hooks-extension-stage: podman’s precreate is a warning, not an error', () => {
  const text = v1({ stages: ['precreate'] });
  const d = one(text, run(text), 'oci-hooks-extension-stage');
  assert.equal(d.severity, 'warning');
  assert.equal(d.text, '"precreate"');
  assert.match(d.message, /podman only.*CRI-O/);
  assert.equal(withCode(run(text), 'oci-hooks-unknown-stage').length, 0);
});

test('oci-hooks-empty-stages: an empty list loads but never injects', () => {
  const text = v1({ stages: [] });
  const d = one(text, run(text), 'oci-hooks-empty-stages');
  assert.equal(d.severity, 'warning');
  assert.equal(d.text, '[]');
  assert.match(d.message, /never injected/);
  assert.equal(withCode(run(text), 'oci-hooks-required').length, 0);
});

test('oci-hooks-never-matches: empty or missing `when`, always:false, hasBindMounts:false', () => {
  const empty = v1({ when: {} });
  const e = one(empty, run(empty), 'oci-hooks-never-matches');
  assert.equal(e.severity, 'warning');
  assert.equal(e.text, '"when"');
  assert.match(e.message, /never matches/);

  const missing = JSON.stringify({ version: '1.0.0', hook: { path: HOOK }, stages: ['prestart'] }, null, 2);
  assert.equal(one(missing, run(missing), 'oci-hooks-never-matches').text, '"hook"');

  const never = v1({ when: { always: false } });
  assert.equal(one(never, run(never), 'oci-hooks-never-matches').text, 'false');
  const noBind = v1({ when: { hasBindMounts: false } });
  assert.match(one(noBind, run(noBind), 'oci-hooks-never-matches').message, /does not mean "without bind mounts"/);

  assert.equal(withCode(run(v1({ when: { commands: ['.*'] } })), 'oci-hooks-never-matches').length, 0);
  assert.equal(withCode(run(v1({ when: { annotations: {} } })), 'oci-hooks-never-matches').length, 1);
});

test('oci-hooks-timeout: hook.timeout must be greater than zero', () => {
  const text = v1({ hook: { path: HOOK, timeout: 0 } });
  const d = one(text, run(text), 'oci-hooks-timeout');
  assert.equal(d.severity, 'error');
  assert.equal(d.text, '0');
  assert.match(d.message, /greater than zero/);
  assert.deepEqual(run(v1({ hook: { path: HOOK, timeout: 10 } })), []);
});

test('oci-hooks-unknown-key and oci-hooks-key-case: Go ignores unknown keys and matches case-insensitively', () => {
  const text = v1({ when: { comands: ['.*'] } });
  const diags = run(text);
  const d = one(text, diags, 'oci-hooks-unknown-key');
  assert.equal(d.severity, 'warning');
  assert.equal(d.text, '"comands"');
  assert.match(d.message, /Unknown key "comands" in when \(podman and CRI-O ignore it\): did you mean "commands"\?/);
  assert.equal(d.data?.suggestion, 'commands');
  assert.equal(withCode(diags, 'oci-hooks-never-matches').length, 1, 'the misspelt condition does not count');

  const cased = JSON.stringify({ version: '1.0.0', hook: { path: HOOK }, when: { always: true }, Stages: ['prestart'] }, null, 2);
  const c = run(cased);
  const k = one(cased, c, 'oci-hooks-key-case');
  assert.equal(k.severity, 'hint');
  assert.equal(k.text, '"Stages"');
  assert.match(k.message, /case-insensitively: write "stages"/);
  assert.equal(withCode(c, 'oci-hooks-required').length, 0);
});

test('0.1.0: oci-hooks-both-set for synonyms, with read’s messages', () => {
  const text = '{"hook": "' + HOOK + '", "stages": ["prestart"], "stage": ["poststop"], "cmds": ["sh"], "cmd": ["true"]}';
  const d = withCode(run(text), 'oci-hooks-both-set');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['"stage"', '"cmd"'],
  );
  assert.ok(d.every((x) => x.severity === 'error'));
  assert.match(d[0].message, /^cannot set both 'stage' and 'stages'/);
  assert.equal(withCode(run('{"hook": "' + HOOK + '", "stage": ["prestart"], "cmd": ["sh"]}'), 'oci-hooks-both-set').length, 0);
});

test('0.1.0: annotations are joined with | before compiling, as 0.1.0/hook.go does', () => {
  const base = (annotations: string[]) => JSON.stringify({ hook: HOOK, stages: ['prestart'], annotations });
  assert.equal(withCode(run(base(['a(', 'b)'])), 'oci-hooks-regex').length, 0, '"a(|b)" compiles in Go');
  const bad = base(['ok', '(?!x)']);
  const d = one(bad, run(bad), 'oci-hooks-regex');
  assert.equal(d.text, '"(?!x)"');
});

test('oci-hooks-legacy-format: a hint whose data carries the migrated 1.0.0 file', () => {
  const text = JSON.stringify({ hook: HOOK, arguments: ['--debug'], hasbindmounts: true, stages: ['prestart'] }, null, 2);
  const diags = run(text);
  const d = one(text, diags, 'oci-hooks-legacy-format');
  assert.equal(d.severity, 'hint');
  assert.equal(d.text, '"hook"');
  assert.match(d.message, /Legacy 0\.1\.0 hook format/);
  assert.deepEqual(d.data, {
    exact: true,
    migrated: [{ version: '1.0.0', hook: { path: HOOK, args: [HOOK, '--debug'] }, when: { hasBindMounts: true }, stages: ['prestart'] }],
  });
  assert.equal(diags.length, 1);
  // The migrated file is itself clean.
  assert.deepEqual(run(JSON.stringify((d.data!.migrated as unknown[])[0])), []);
});

test('oci-hooks-legacy-format: OR-ed conditions have no exact 1.0.0 equivalent; hasbindmounts:false is dropped', () => {
  const text = JSON.stringify({ hook: HOOK, cmds: ['sh'], annotations: ['a', 'b'], hasbindmounts: false, stages: ['prestart'] });
  const d = one(text, run(text), 'oci-hooks-legacy-format');
  assert.equal(d.data?.exact, false);
  assert.deepEqual(
    (d.data?.migrated as { when: unknown }[]).map((m) => m.when),
    [{ commands: ['sh'] }, { annotations: { '.*': 'a|b' } }],
  );
  assert.match(d.message, /2 conditions, OR-ed here but AND-ed in 1\.0\.0/);
});

test('0.1.0 without any condition never matches', () => {
  const text = JSON.stringify({ hook: HOOK, stage: ['prestart'] });
  const d = one(text, run(text), 'oci-hooks-never-matches');
  assert.match(d.message, /0\.1\.0 hook without one never matches/);
});
