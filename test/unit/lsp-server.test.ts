import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADVICE_OFF } from '../support/advice';
import { TestLspClient } from '../support/lspClient';

const STACK = 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    deploy:\n      replicas: 2\n';

for (const pull of [true, false]) {
  const mode = pull ? 'pull' : 'push';
  let client: TestLspClient;
  before(async () => {
    client = await TestLspClient.start({ pull, settings: { rules: ADVICE_OFF } });
  });
  after(async () => {
    await client.stop();
  });

  test(`${mode}: diagnostics for a stack file, with code, source and exact range`, async () => {
    const uri = `file:///work/${mode}/docker-stack.yml`;
    await client.open(uri, STACK);
    const d = await client.diagnostics(uri);
    assert.equal(d.length, 1);
    assert.equal(d[0].code, 'stack-unsupported-key');
    assert.deepEqual(d[0].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 11 } });
    assert.equal(d[0].severity, 2);
  });

  test(`${mode}: incremental edits revalidate (adding then removing an error)`, async () => {
    const uri = `file:///work/${mode}/edit-stack.yml`;
    await client.open(uri, STACK);
    assert.equal((await client.diagnostics(uri)).length, 1);
    // replicas: 2 -> replicas: "two"
    await client.edit(uri, { start: { line: 5, character: 16 }, end: { line: 5, character: 17 } }, '"two"');
    const after1 = await client.diagnostics(uri);
    assert.deepEqual(after1.map((x) => x.code).sort(), ['stack-schema', 'stack-unsupported-key']);
    await client.edit(uri, { start: { line: 5, character: 16 }, end: { line: 5, character: 21 } }, '3');
    assert.deepEqual(
      (await client.diagnostics(uri)).map((x) => x.code),
      ['stack-unsupported-key'],
    );
  });

  test(`${mode}: mode switch through swarmPilot/setKind changes the rules applied`, async () => {
    const uri = `file:///work/${mode}/docker-stack-mode.yml`;
    await client.open(uri, STACK);
    assert.equal((await client.diagnostics(uri))[0]?.code, 'stack-unsupported-key');
    await client.conn.sendNotification('swarmPilot/setKind', { uri, kind: 'compose' });
    if (!pull) await client.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '');
    const info = await client.request<{ kind: string; forced: boolean }>('swarmPilot/documentInfo', { uri });
    assert.deepEqual([info.kind, info.forced], ['compose', true]);
    assert.deepEqual(await client.diagnostics(uri), []);
  });

  test(`${mode}: files that are not ours get no diagnostics`, async () => {
    const uri = `file:///work/${mode}/values.yaml`;
    await client.open(uri, 'replicaCount: 1\nimage: {repository: x}\n');
    assert.deepEqual(await client.diagnostics(uri), []);
  });
}
