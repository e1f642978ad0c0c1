import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FEATURES } from '../../server/src/lsp/features';
import { serverCapabilities } from '../../server/src/lsp/capabilities';
import { completionFeature } from '../../server/src/lsp/features/completion';
import { TestLspClient } from '../support/lspClient';

interface Item {
  label: string;
  kind?: number;
  tags?: number[];
  insertTextFormat?: number;
  textEdit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  documentation?: { kind: string; value: string };
  command?: { command: string };
}

let client: TestLspClient;
before(async () => {
  client = await TestLspClient.start({ pull: true });
});
after(async () => {
  await client.stop();
});

/** Opens `src` (cursor at `|`) and asks for completion there, as typed or with a trigger character. */
async function completeAt(uri: string, src: string, trigger?: string): Promise<Item[]> {
  const offset = src.indexOf('|');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  await client.open(uri, text);
  const context = trigger ? { triggerKind: 2, triggerCharacter: trigger } : { triggerKind: 1 };
  const r = await client.request<{ items: Item[] } | null>('textDocument/completion', {
    textDocument: { uri },
    position: { line: before.length - 1, character: before[before.length - 1].length },
    context,
  });
  return r?.items ?? [];
}

const labels = (items: Item[]) => items.map((i) => i.label);

test('the server announces completion trigger characters and the completion feature is registered', () => {
  assert.deepEqual(serverCapabilities(false).completionProvider?.triggerCharacters, [':', ' ', '"']);
  assert.ok(FEATURES.includes(completionFeature));
});

test('stack file: service keys as snippets replacing what is typed, ignored keys documented', async () => {
  const items = await completeAt('file:///work/lsp-completion/a/docker-stack.yml', 'services:\n  web:\n    image: nginx\n    dep|\n');
  const deploy = items.find((i) => i.label === 'deploy')!;
  assert.ok(deploy, 'deploy offered');
  assert.ok(!labels(items).includes('image'));
  assert.equal(deploy.kind, 10); // Property
  assert.equal(deploy.insertTextFormat, 2); // Snippet
  assert.deepEqual(deploy.textEdit, { range: { start: { line: 3, character: 4 }, end: { line: 3, character: 7 } }, newText: 'deploy:\n  $0' });
  assert.match(items.find((i) => i.label === 'restart')!.documentation!.value, /Ignored by swarm/);
});

test('stack file: values after a typed space, nothing for a space typed where a key goes', async () => {
  const base = 'services:\n  web:\n    image: nginx\n    deploy:\n';
  assert.deepEqual(labels(await completeAt('file:///work/lsp-completion/b/docker-stack.yml', `${base}      mode: |\n`, ' ')), [
    'replicated',
    'global',
    'replicated-job',
    'global-job',
  ]);
  assert.deepEqual(labels(await completeAt('file:///work/lsp-completion/c/docker-stack.yml', `${base}      restart_policy:\n        condition: |\n`, ' ')), [
    'none',
    'on-failure',
    'any',
  ]);
  assert.deepEqual(await completeAt('file:///work/lsp-completion/d/docker-stack.yml', `${base}       |\n`, ' '), []);
  const constraints = await completeAt('file:///work/lsp-completion/e/docker-stack.yml', `${base}      placement:\n        constraints:\n          - |\n`, ' ');
  assert.equal(constraints.find((i) => i.label === 'node.role')?.textEdit?.newText, 'node.role ${1|==,!=|} ${2|manager,worker|}');
});

test('stack file: a service’s network list offers the networks the file defines', async () => {
  const src = 'services:\n  web:\n    image: nginx\n    networks:\n      - |\nnetworks:\n  frontend:\n  backend:\n';
  assert.deepEqual(labels(await completeAt('file:///work/lsp-completion/f/docker-stack.yml', src)), ['frontend', 'backend', 'default']);
});

test('daemon.json: keys and log-level values', async () => {
  const keys = await completeAt('file:///work/lsp-completion/daemon.json', '{\n  "debug": true,\n  "log|"\n}');
  const level = keys.find((i) => i.label === 'log-level')!;
  assert.equal(level.textEdit?.newText, '"log-level": "${1|panic,fatal,error,warn,info,debug,trace|}"');
  assert.deepEqual(level.textEdit?.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } });
  assert.ok(!labels(keys).includes('debug'));
  const values = await completeAt('file:///work/lsp-completion/v/daemon.json', '{\n  "log-level": |\n}');
  assert.deepEqual(labels(values), ['panic', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']);
});

test('hooks.d and config.json: stages, with prestart tagged deprecated', async () => {
  const stages = await completeAt(
    'file:///work/lsp-completion/hooks.d/x.json',
    '{"version": "1.0.0", "hook": {"path": "/bin/true"}, "when": {"always": true}, "stages": [|]}',
  );
  assert.ok(labels(stages).includes('createRuntime'));
  assert.deepEqual(stages.find((i) => i.label === 'prestart')?.tags, [1]);
  const hooks = await completeAt('file:///work/lsp-completion/bundle/config.json', '{"ociVersion": "1.2.0", "hooks": {|}}');
  assert.deepEqual(labels(hooks), ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop']);
  assert.deepEqual(hooks[0].tags, [1]);
});

test('a 1000-service stack file answers completion and hover in well under 50 ms', async () => {
  const services = Array.from({ length: 1000 }, (_, i) => {
    const n = String(i).padStart(4, '0');
    return `  svc-${n}:\n    image: registry.example.com/app/svc-${n}:1.0\n    environment:\n      APP: svc-${n}\n    networks:\n      - backend\n    deploy:\n      mode: replicated\n      replicas: 2\n      restart_policy:\n        condition: on-failure\n      placement:\n        constraints:\n          - node.role == worker\n`;
  });
  const text = `services:\n${services.join('')}networks:\n  backend:\n`;
  const uri = 'file:///work/lsp-completion/big/docker-stack.yml';
  await client.open(uri, text);
  await client.diagnostics(uri, 60_000); // the first parse and validation are not what is measured
  const lines = text.split('\n');
  const deployLine = lines.findIndex((l, i) => i > lines.length / 2 && l === '    deploy:');
  const imageLine = deployLine - 5;
  assert.match(lines[imageLine], /^ {4}image:/);
  const time = async (method: string, params: unknown) => {
    const ms: number[] = [];
    let result: unknown;
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      result = await client.request(method, params);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    return { median: ms[7], result };
  };
  const c = await time('textDocument/completion', { textDocument: { uri }, position: { line: deployLine + 3, character: 6 }, context: { triggerKind: 1 } });
  const h = await time('textDocument/hover', { textDocument: { uri }, position: { line: imageLine, character: 6 } });
  assert.ok(labels((c.result as { items: Item[] }).items).includes('endpoint_mode'), 'completion inside the deploy block');
  assert.match((h.result as { contents: { value: string } }).contents.value, /services\.svc-\d+\.image/);
  assert.ok(c.median < 50, `completion median ${c.median.toFixed(1)} ms`);
  assert.ok(h.median < 50, `hover median ${h.median.toFixed(1)} ms`);
});
