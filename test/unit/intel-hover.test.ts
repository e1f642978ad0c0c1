import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hover, intelInput, type HoverResult } from '../../server/src/core/intel';
import { defaultSettings } from '../../server/src/core/settings';
import type { FileKind } from '../../server/src/core/types';

/** Hover at the `|` in `src` (the bar is removed), and the text its range covers. */
function hoverAt(kind: FileKind, src: string): (HoverResult & { covered: string }) | undefined {
  const offset = src.indexOf('|');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  const h = hover(intelInput(kind, text, defaultSettings()), offset);
  return h && { ...h, covered: text.slice(h.range.start, h.range.end) };
}

const STACK = 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    deploy:\n      mode: global\n';
/** `src` with the cursor bar `|` put `into` characters into the first occurrence of `word`. */
const at = (src: string, word: string, into = 2) => {
  const i = src.indexOf(word) + into;
  return `${src.slice(0, i)}|${src.slice(i)}`;
};

test('stack: image, with the compose-spec description, the schema and the reference as sources', () => {
  const h = hoverAt('stack', at(STACK, 'image'))!;
  assert.equal(h.covered, 'image');
  assert.match(h.markdown, /\*\*`services\.web\.image`\*\* · `string`/);
  assert.match(h.markdown, /Specify the image to start the container from/);
  assert.match(h.markdown, /\(from the Compose Specification\)/);
  assert.match(
    h.markdown,
    /\[docker\/cli config_schema_v3\.13\.json \(v27\.5\.1\)\]\(https:\/\/github\.com\/docker\/cli\/blob\/v27\.5\.1\/cli\/compose\/schema\/data\/config_schema_v3\.13\.json\)/,
  );
  assert.match(h.markdown, /\(https:\/\/docs\.docker\.com\/reference\/compose-file\/services\/#image\)/);
  assert.doesNotMatch(h.markdown, /swarm/i);
});

test('stack: restart says swarm ignores it; the compose file does not', () => {
  const h = hoverAt('stack', at(STACK, 'restart'))!;
  assert.match(h.markdown, /\*\*Ignored by swarm\*\*: `docker stack deploy` prints "Ignoring unsupported options: restart"/);
  assert.match(h.markdown, /types\.go/);
  assert.match(h.markdown, /Values: `no`, `always`, `unless-stopped`, `on-failure`/);
  const compose = hoverAt('compose', at(STACK, 'restart'))!;
  assert.doesNotMatch(compose.markdown, /swarm/i);
  assert.match(compose.markdown, /compose-spec\.json/);
});

test('stack: deploy.mode lists the deploy-time values; hovering a value explains it', () => {
  const key = hoverAt('stack', at(STACK, 'mode'))!;
  assert.match(key.markdown, /`services\.web\.deploy\.mode`/);
  assert.match(key.markdown, /Values: `replicated`, `global`, `replicated-job`, `global-job`/);
  assert.match(key.markdown, /convertDeployMode/);
  const value = hoverAt('stack', at(STACK, 'global'))!;
  assert.equal(value.covered, 'global');
  assert.match(value.markdown, /^\*\*`global`\*\*\n\na service: tasks run until stopped; one task per node/);
});

test('stack: a forbidden key is described as such, also in a file that does not parse', () => {
  const src = 'services:\n  web:\n    image: nginx\n    ext|ends: base\n    oops\n';
  assert.ok(intelInput('stack', src.replace('|', ''), defaultSettings()).yaml!.syntaxDiagnostics.length > 0);
  const h = hoverAt('stack', src)!;
  assert.match(h.markdown, /\*\*Forbidden in stack files\*\*/);
  assert.match(h.markdown, /Support for `extends` is not implemented yet/);
});

test('daemon.json: a key with its dockerd flag, Go field, values and sources; platform notes', () => {
  const h = hoverAt('daemon', '{\n  "log-le|vel": "debug"\n}')!;
  assert.equal(h.covered, '"log-level"');
  assert.match(h.markdown, /Same as the dockerd flag `--log-level`/);
  assert.match(h.markdown, /Values: `panic`, `fatal`, `error`, `warn`, `info`, `debug`, `trace`/);
  assert.match(h.markdown, /docs\.docker\.com\/reference\/cli\/dockerd/);
  assert.match(hoverAt('daemon', '{"log-o|pt": {}}')!.markdown, /\*\*No effect\*\*: .*use `log-opts`/);
  assert.match(hoverAt('daemon', '{"gra|ph": "/var/lib/docker"}')!.markdown, /\*\*Removed in v23\.0\*\*.*Use `data-root`/);
});

test('OCI config.json: hook stages (prestart deprecated), required keys, fields added in later releases', () => {
  const pre = hoverAt('oci-runtime', '{"ociVersion": "1.0.2", "hooks": {"pre|start": []}}')!;
  assert.match(pre.markdown, /\*\*`hooks\.prestart`\*\* · `array of object`/);
  assert.match(pre.markdown, /\*\*Deprecated\*\*: `hooks\.prestart` is deprecated in favour of/);
  assert.match(pre.markdown, /runtime-spec\/blob\/v1\.3\.0\/config\.md/);
  assert.match(hoverAt('oci-runtime', '{"oci|Version": "1.0.2"}')!.markdown, /· required/);
  assert.match(hoverAt('oci-runtime', '{"ociVersion": "1.0.2", "domain|name": "x"}')!.markdown, /Added in runtime-spec 1\.1\.0/);
  assert.match(hoverAt('oci-runtime', '{"ociVersion": "1.0.2", "linux": {"sysc|tl": {}}}')!.markdown, /config-linux\.md/);
});

test('hooks.d: keys and stage values', () => {
  assert.match(hoverAt('oci-hooks', '{"version": "1.0.0", "wh|en": {"always": true}}')!.markdown, /all conditions that are set must match/);
  const stage = hoverAt('oci-hooks', '{"version": "1.0.0", "stages": ["pre|start"]}')!;
  assert.match(stage.markdown, /\*\*Deprecated\*\*/);
  assert.match(stage.markdown, /`stages`/);
  assert.equal(hoverAt('oci-hooks', '{"version": "1.0.0", "unkn|own": 1}'), undefined);
});

test('a key being typed above does not hide the structure from hover below it', () => {
  const src = 'services:\n  web:\n    image: nginx\n    hea\n    deploy:\n      mo|de: global\n';
  assert.ok(intelInput('stack', src.replace('|', ''), defaultSettings()).yaml!.syntaxDiagnostics.length > 0);
  assert.match(hoverAt('stack', src)!.markdown, /`services\.web\.deploy\.mode`/);
});
