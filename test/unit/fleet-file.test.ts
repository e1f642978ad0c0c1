// The fleet file kind in the validation core: detection by name, schema and semantic rules, completion and hover.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateText } from '../../server/src/core';
import { complete, hover, intelInput } from '../../server/src/core/intel';
import { detectKind } from '../../server/src/core/kinds/detect';
import { defaultSettings } from '../../server/src/core/settings';

const codes = (text: string) => validateText({ text, filePath: '/w/edge.fleet.yaml', settings: defaultSettings() })!.diagnostics.map((d) => d.code);

const GOOD = `targets:
  - name: a
    host: unix:///var/run/docker-f1.sock
    labels: {ring: canary}
  - name: b
    context: site-b
    labels: {ring: main, key: not-a-secret}
rollout:
  waves: [[a], [b]]
  parallel: 2
  failureBudget: [0, "10%"]
  onBudgetExceeded: rollback
`;

test('fleet: detected by the file name *.fleet.yaml / .yml, and by the mode comment', () => {
  const s = defaultSettings();
  assert.equal(detectKind('/w/swarm-pilot.fleet.yaml', 'targets: []', s), 'fleet');
  assert.equal(detectKind('/w/edge.fleet.yml', 'services: {}', s), 'fleet');
  assert.equal(detectKind('/w/any.yaml', '# swarm-pilot: fleet\ntargets: []', s), 'fleet');
  assert.notEqual(detectKind('/w/fleet.yaml', 'services: {}', s), 'fleet');
});

test('fleet: a valid file has no diagnostics (a label named key is not a secret)', () => {
  assert.deepEqual(codes(GOOD), []);
});

test('fleet: schema, duplicate and unknown targets, wave forms and secrets are reported', () => {
  const text = `targets:
  - name: a
    host: http://x
  - name: a
    context: c
    token: abc
  - name: c
rollout:
  waves: [[a], [zz, a]]
  fixed: 2
  onBudgetExceeded: explode
`;
  const got = codes(text).sort();
  assert.deepEqual(got, [
    'fleet-duplicate-target',
    'fleet-schema',
    'fleet-schema',
    'fleet-schema',
    'fleet-secret',
    'fleet-unknown-target',
    'fleet-unknown-target',
    'fleet-wave-form',
  ]);
  const diags = validateText({ text, filePath: '/w/x.fleet.yaml', settings: defaultSettings() })!.diagnostics;
  assert.match(diags.find((d) => d.message.includes('needs a connection'))!.message, /targets\.2/);
  assert.equal(diags.find((d) => d.code === 'fleet-secret')!.range.start.line, 5);
  assert.equal(codes('- a\n- b\n')[0], 'fleet-top-level');
});

test('fleet: completion from the schema, enum values, and target names in waves', () => {
  const at = (src: string) => {
    const offset = src.indexOf('|');
    return complete(intelInput('fleet', src.slice(0, offset) + src.slice(offset + 1), defaultSettings()), offset).map((i) => i.label);
  };
  const rolloutKeys = at('targets: []\nrollout:\n  |\n');
  for (const k of ['waves', 'byLabel', 'fixed', 'exponential', 'parallel', 'soakSeconds', 'failureBudget', 'onBudgetExceeded', 'unreachable', 'timeoutSeconds'])
    assert.ok(rolloutKeys.includes(k), k);
  assert.deepEqual(at('targets: []\nrollout:\n  onBudgetExceeded: |\n').sort(), ['pause', 'rollback']);
  assert.deepEqual(at('targets:\n  - name: east\n    context: e\n  - name: west\n    context: w\nrollout:\n  waves:\n    - - |\n').sort(), ['east', 'west']);
  assert.ok(at('targets:\n  - |\n').includes('tlsVerify'));
});

test('fleet: hover shows the schema description', () => {
  const text = 'targets: []\nrollout:\n  soakSeconds: 30\n';
  const h = hover(intelInput('fleet', text, defaultSettings()), text.indexOf('soakSeconds') + 2);
  assert.match(h!.markdown, /still be converged/);
});
