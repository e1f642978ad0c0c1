// Swarm `{{ }}` templates (docs/engine-parity.md A18–A21, C11): the Go text/template subset swarmkit's context
// exposes, with the Engine's own texts. Every expected string below was produced by Engine 28.5.2
// (`docker service create --env "A=<template>"`), except where a comment says otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { swarmTemplateError } from '../../server/src/core/kinds/stack/swarmTemplate/check';
import { check, covered, memoryFs, withCode } from './helpers';

const ENGINE: [string, string | undefined][] = [
  ['{{.Service.Name}}-{{.Task.Slot}}', undefined],
  ['{{.Service.Name', 'template: expansion:1: unclosed action'],
  ['{{.Nope}}', 'template: expansion:1:2: executing "expansion" at <.Nope>: can\'t evaluate field Nope in type *template.Context'],
  [
    '{{.Service.Nme}}',
    'template: expansion:1:10: executing "expansion" at <.Service.Nme>: can\'t evaluate field Nme in type struct { ID string; Name string; Labels map[string]string }',
  ],
  [
    '{{$.Service.Nme}}',
    'template: expansion:1:3: executing "expansion" at <$.Service.Nme>: can\'t evaluate field Nme in type struct { ID string; Name string; Labels map[string]string }',
  ],
  [
    '/scratch/{{.Task.Slt}}',
    'template: expansion:1:16: executing "expansion" at <.Task.Slt>: can\'t evaluate field Slt in type struct { ID string; Name string; Slot string }',
  ],
  ['{{.Node.Platform.Os}}', 'template: expansion:1:7: executing "expansion" at <.Node.Platform.Os>: can\'t evaluate field Os in type template.Platform'],
  ['{{.Service.ID.Foo}}', 'template: expansion:1:10: executing "expansion" at <.Service.ID.Foo>: can\'t evaluate field Foo in type string'],
  [
    '{{(.Service).Nme}}',
    'template: expansion:1:3: executing "expansion" at <.Service>: can\'t evaluate field Nme in type struct { ID string; Name string; Labels map[string]string }',
  ],
  ['{{.Service.Labels.a.b}}', 'template: expansion:1:10: executing "expansion" at <.Service.Labels.a.b>: map has no entry for key "a"'],
  [
    '{{index .Service.Labels "a" | printf "%s" | len}}{{.Service.Labels.x | len}}',
    'template: expansion:1:59: executing "expansion" at <.Service.Labels.x>: map has no entry for key "x"',
  ],
  ['{{upper .Node.Hostname}}', 'template: expansion:1: function "upper" not defined'],
  ['{{secret "x"}}', 'template: expansion:1: function "secret" not defined'],
  ['{{if .Node.ID}}a', 'template: expansion:1: unexpected EOF'],
  ['{{end}}', 'template: expansion:1: unexpected {{end}}'],
  ['{{.Service.Name}', "template: expansion:1: bad character U+007D '}'"],
  ['{{ }}', 'template: expansion:1: missing value for command'],
  ['{{$y}}', 'template: expansion:1: undefined variable "$y"'],
  ['{{"abc}}', 'template: expansion:1: unterminated quoted string'],
  ['{{break}}', 'template: expansion:1: {{break}} outside {{range}}'],
  ['{{template "x"}}', 'template: expansion:1:11: executing "expansion" at <{{template "x"}}>: template "x" not defined'],
  // Only the branches that run on swarmkit's dummy task (no task ID, no service labels) are executed.
  [
    '{{with .Node}}{{.Hostnme}}{{end}}',
    'template: expansion:1:16: executing "expansion" at <.Hostnme>: can\'t evaluate field Hostnme in type struct { ID string; Hostname string; Platform template.Platform }',
  ],
  [
    '{{if .Task.Slot}}{{.Task.Nope}}{{end}}',
    'template: expansion:1:24: executing "expansion" at <.Task.Nope>: can\'t evaluate field Nope in type struct { ID string; Name string; Slot string }',
  ],
  [
    '{{with .Task.ID}}{{.X}}{{else}}{{.Task.Nope}}{{end}}',
    'template: expansion:1:38: executing "expansion" at <.Task.Nope>: can\'t evaluate field Nope in type struct { ID string; Name string; Slot string }',
  ],
  ['{{if .Node.ID}}{{else}}{{.Task.Nope}}{{end}}', undefined],
  ['{{if .Task.ID}}{{.Task.Nope}}{{end}}', undefined],
  ['{{range .Service.Labels}}{{.Nope}}{{end}}', undefined],
  ['{{.Service.Name|}}', undefined],
  ['{{/* c */}}{{.Task.Name -}}', undefined],
  ['a {{- .Task.Slot -}} b', undefined],
  ['{{.Node}}', undefined],
  ['{{.Expand "x"}}', undefined],
  ['{{define "x"}}a{{end}}{{template "x"}}', undefined],
  ['{{range $k, $v := .Service.Labels}}{{$k}}={{$v}}{{end}}', undefined],
  ['no template at all {', undefined],
];

test('swarm templates: the Engine 28.5.2 verdict and message for each template', () => {
  for (const [template, expected] of ENGINE) assert.equal(swarmTemplateError(template), expected, template);
});

test('swarm templates: a multi-line payload reports the line where the action started (Engine, case 116)', () => {
  assert.equal(swarmTemplateError('mode={{.Service.Name\n', { payload: true }), 'template: expansion:2: unclosed action started at expansion:1');
  // Payloads know secret/config/env, and the labels of the service that uses them.
  assert.equal(swarmTemplateError('{{secret "t"}}{{config "c"}}{{env "A"}}{{.Service.Labels.tier}}', { payload: true, labels: new Set(['tier']) }), undefined);
  assert.match(swarmTemplateError('{{.Service.Labels.nope}}', { payload: true, labels: new Set(['tier']) }) ?? '', /map has no entry for key "nope"$/);
  assert.equal(swarmTemplateError('{{if eq .Node.Platform.OS "linux"}}{{.Task.Nope}}{{end}}', { payload: true }), undefined); // condition not known: not checked
});

const svc = (body: string, extra = '') => `services:\n  web:\n    image: nginx:1.27\n${body}${extra}`;
const only = (text: string, code: string) => withCode(check(text, 'stack'), code);

test('stack-template: env values (map and list), hostname, mount source/target, volume name/labels/driver_opts, on the value', () => {
  const text = svc(
    '    hostname: "{{.Node.Hostnam}}"\n    environment:\n      A: "{{.Service.Name"\n      B: "{{.Task.Slot}}"\n      C:\n    volumes:\n      - "./{{.Task.Slot}:/data"\n      - type: bind\n        source: /srv/{{.Task.Slott}}\n        target: /x\n      - data:/y\n      - type: volume\n        source: data\n        target: /z\n  api:\n    image: nginx:1.27\n    environment:\n      - "X={{join}"\n      - "Y={{join \\",\\" .Task.Slot .Task.Name}}"\n',
    'volumes:\n  data:\n    name: "data-{{.Task.Slot}"\n    labels:\n      a: "{{.Service.Labels.x}}"\n    driver_opts:\n      o: "{{nope}}"\n',
  );
  const d = only(text, 'stack-template');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    [
      '"{{.Service.Name"',
      '"./{{.Task.Slot}:/data"',
      '/srv/{{.Task.Slott}}',
      '"{{.Node.Hostnam}}"',
      '"X={{join}"',
      '"data-{{.Task.Slot}"',
      '"{{.Service.Labels.x}}"',
      '"{{nope}}"',
    ],
  );
  assert.ok(d.every((x) => x.severity === 'error'));
  assert.match(
    d[0].message,
    /^expanding env failed: expanding env "A=\{\{\.Service\.Name": template: expansion:1: unclosed action \(swarm checks templates when the service is created/,
  );
  assert.match(d[1].message, /^expanding mounts failed: expanding mount source "\.\/\{\{\.Task\.Slot\}": template: expansion:1: bad character U\+007D '\}'/);
  assert.match(d[3].message, /^expanding hostname failed: template: expansion:1:7: executing "expansion" at <\.Node\.Hostnam>/);
  assert.match(d[4].message, /^expanding env failed: expanding env "X=\{\{join\}": template: expansion:1: bad character U\+007D/);
  assert.match(d[5].message, /^expanding mounts failed: expanding mount source "data-\{\{\.Task\.Slot\}"/);
  assert.match(
    d[6].message,
    /^expanding mounts failed: expanding volume labels: expanding map entry "a"="\{\{\.Service\.Labels\.x\}\}": .*map has no entry for key "x".*\{\{index \.Service\.Labels "KEY"\}\}/,
  );
  assert.match(
    d[7].message,
    /^expanding mounts failed: expanding volume driver config: expanding map entry "o"="\{\{nope\}\}": template: expansion:1: function "nope" not defined/,
  );
});

test('stack-template: valid templates, unused or external volumes and plain values are clean', () => {
  const text = svc(
    '    hostname: "{{.Node.Hostname}}-{{.Task.Slot}}"\n    environment:\n      A: \'{{index .Service.Labels "com.example.tier"}}\'\n    volumes:\n      - ext:/a\n',
    'volumes:\n  ext:\n    external: true\n    name: "ext-{{.Node.ID}}"\n    labels:\n      a: "{{nope}}"\n  unused:\n    name: "{{.Broken"\n',
  );
  assert.deepEqual(only(text, 'stack-template'), []);
});

test('stack-template-file: a golang-templated config file, a warning on `file`, with the labels of the services using it', () => {
  const fs = memoryFs({ '/s/bad.tmpl': 'mode={{.Service.Name\n', '/s/labels.tmpl': 'tier={{.Service.Labels.tier}}', '/s/plain.conf': 'mode={{.Service.Name' });
  const text = svc(
    '    configs: [bad, labels, plain]\n    deploy:\n      labels:\n        tier: web\n',
    'configs:\n  bad:\n    file: ./bad.tmpl\n    template_driver: golang\n  labels:\n    file: ./labels.tmpl\n    template_driver: golang\n  plain:\n    file: ./plain.conf\n',
  );
  const run = (t: string) => withCode(check(t, 'stack', { filePath: '/s/stack.yml', fs }), 'stack-template-file');
  const [d, ...rest] = run(text);
  assert.deepEqual(rest, []);
  assert.equal(d.severity, 'warning');
  assert.equal(covered(text, d), './bad.tmpl');
  assert.match(
    d.message,
    /^failed to expand templated config: template: expansion:2: unclosed action started at expansion:1 \(in \.\/bad\.tmpl; .*every task of web fails/,
  );
  // Without the label on the service, .Service.Labels.tier fails on the node.
  const noLabel = text.replace('    deploy:\n      labels:\n        tier: web\n', '');
  assert.deepEqual(
    run(noLabel).map((x) => covered(noLabel, x)),
    ['./bad.tmpl', './labels.tmpl'],
  );
  // An unused templated config is never expanded.
  const unused = text.replace('    configs: [bad, labels, plain]\n', '    configs: [labels]\n');
  assert.deepEqual(run(unused), []);
});
