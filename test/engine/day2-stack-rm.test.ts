// `swarm-pilot rm STACK` on the real swarm: a stack with a network, a secret and a config is listed, refused
// without --yes (nothing removed), then removed in docker stack rm's order; afterwards no service, network, secret
// or config carries the stack's namespace label (the networks are awaited, not just asked to go).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dockerOk, removeStack, stackLeftovers, swarmProblem, waitUntil } from './docker';
import { runCli as cli } from './support/runCli';

const NS = `spopsrm${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'spops-rm-'));

const STACK = `version: "3.8"
services:
  app:
    image: probe/busybox:1
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    networks: [back]
    secrets: [token]
    configs: [settings]
networks:
  back:
    driver: overlay
secrets:
  token:
    file: ./token.txt
configs:
  settings:
    file: ./settings.txt
`;

describe('swarm-pilot rm (real swarm)', async () => {
  const problem = await swarmProblem();
  before(async () => {
    if (problem) return;
    writeFileSync(join(dir, 'stack.yml'), STACK);
    writeFileSync(join(dir, 'token.txt'), 'not-a-real-token\n');
    writeFileSync(join(dir, 'settings.txt'), 'level=debug\n');
    await dockerOk(['stack', 'deploy', '--detach=false', '-c', join(dir, 'stack.yml'), NS], { timeoutMs: 120_000 });
  });
  after(async () => {
    if (!problem) await removeStack(NS);
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists what goes and removes nothing without --yes (stdin not a terminal)', { skip: problem }, async () => {
    const r = await cli(['rm', NS]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`1 service\\(s\\): ${NS}_app`));
    assert.match(r.stdout, new RegExp(`1 secret\\(s\\): ${NS}_token`));
    assert.match(r.stdout, new RegExp(`1 config\\(s\\): ${NS}_settings`));
    assert.match(r.stdout, new RegExp(`1 network\\(s\\): ${NS}_back`));
    assert.match(r.stderr, /run with --yes to remove it without asking/);
    assert.equal((await stackLeftovers(NS)).length, 4, 'everything is still there');
  });

  test('--yes removes services, secrets, configs and networks and waits for the networks', { skip: problem }, async () => {
    // A running task is attached to the overlay network: its removal has to wait for the task to go.
    await waitUntil(
      'the task to run',
      async () => ((await dockerOk(['service', 'ps', `${NS}_app`, '--format', '{{.CurrentState}}'])).startsWith('Running') ? true : undefined),
      { timeoutMs: 60_000 },
    );
    const r = await cli(['rm', '--yes', NS]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Stack ${NS} removed; its networks are gone`));
    // The order docker stack rm uses.
    const order = ['service', 'secret', 'config', 'network'].map((k) => r.stdout.indexOf(`removing 1 ${k}(s)`));
    assert.ok(
      order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1])),
      r.stdout,
    );
    assert.deepEqual(await stackLeftovers(NS), []);
  });

  test("a stack that does not exist: exit 1 with docker's words", { skip: problem }, async () => {
    const r = await cli(['rm', '--yes', `${NS}none`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`nothing found in stack: ${NS}none`));
  });
});
