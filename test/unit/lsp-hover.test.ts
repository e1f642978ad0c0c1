import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestLspClient } from '../support/lspClient';

interface Hover {
  contents: { kind: string; value: string };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

let client: TestLspClient;
before(async () => {
  client = await TestLspClient.start({ pull: false });
});
after(async () => {
  await client.stop();
});

/** Opens `src` (cursor at `|`) and asks for hover there. */
async function hoverAt(uri: string, src: string): Promise<Hover | null> {
  const offset = src.indexOf('|');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  const lines = text.slice(0, offset).split('\n');
  await client.open(uri, text);
  return client.request<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: lines.length - 1, character: lines[lines.length - 1].length },
  });
}

const STACK = 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    deploy:\n      mode: global\n';
const cursor = (src: string, word: string) => src.replace(word, `${word.slice(0, 2)}|${word.slice(2)}`);

test('stack file: hover on image is markdown with the description and the sources, over the key', async () => {
  const h = await hoverAt('file:///work/lsp-hover/a/docker-stack.yml', cursor(STACK, 'image'));
  assert.equal(h?.contents.kind, 'markdown');
  assert.match(h!.contents.value, /Specify the image to start the container from/);
  assert.match(h!.contents.value, /config_schema_v3\.13\.json/);
  assert.deepEqual(h!.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
});

test('stack file: restart is ignored by swarm (the doc only: the diagnostic is not repeated)', async () => {
  const uri = 'file:///work/lsp-hover/b/docker-stack.yml';
  const h = await hoverAt(uri, cursor(STACK, 'restart'));
  assert.match(h!.contents.value, /\*\*Ignored by swarm\*\*/);
  const diags = await client.diagnostics(uri);
  assert.equal(diags[0]?.code, 'stack-unsupported-key');
  assert.ok(!h!.contents.value.includes(diags[0].message), 'the diagnostic message is not in the hover');
  const compose = await hoverAt('file:///work/lsp-hover/b/compose.yml', cursor(STACK, 'restart'));
  assert.doesNotMatch(compose!.contents.value, /swarm/i);
});

test('stack file: deploy.mode and one of its values', async () => {
  const key = await hoverAt('file:///work/lsp-hover/c/docker-stack.yml', cursor(STACK, 'mode'));
  assert.match(key!.contents.value, /Values: `replicated`, `global`, `replicated-job`, `global-job`/);
  const value = await hoverAt('file:///work/lsp-hover/d/docker-stack.yml', cursor(STACK, 'global'));
  assert.match(value!.contents.value, /one task per node/);
});

test('daemon.json, config.json and hooks.d keys', async () => {
  const daemon = await hoverAt('file:///work/lsp-hover/daemon.json', '{\n  "live-res|tore": true\n}');
  assert.match(daemon!.contents.value, /\*\*`live-restore`\*\* · `boolean`/);
  assert.match(daemon!.contents.value, /`--live-restore`/);
  const runtime = await hoverAt('file:///work/lsp-hover/bundle/config.json', '{"ociVersion": "1.2.0", "hooks": {"pres|tart": []}}');
  assert.match(runtime!.contents.value, /\*\*Deprecated\*\*/);
  const hooks = await hoverAt('file:///work/lsp-hover/hooks.d/h.json', '{"version": "1.0.0", "hook": {"pa|th": "/bin/true"}}');
  assert.match(hooks!.contents.value, /Absolute path of the executable/);
});

test('nothing to say: no hover (and no error) on free text or an unknown file', async () => {
  assert.equal(await hoverAt('file:///work/lsp-hover/e/docker-stack.yml', 'services:\n  web:\n    image: nginx\n    labels:\n      team: pla|tform\n'), null);
  assert.equal(await hoverAt('file:///work/lsp-hover/values.yaml', 'replica|Count: 1\n'), null);
  assert.ok(client.alive);
});
