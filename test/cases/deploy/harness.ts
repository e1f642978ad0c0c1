// Shared pieces of the deploy engine tests (test/engine/deploy-*.test.ts): a client for the test swarm, stack names
// that are the test's own (spdeploy-…), stack files written to a temp dir, and a deploy call with test defaults.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployRunner, EngineOps, snapshotStack, type DeployEvent, type DeployOptions, type DeployResult, type StackSnapshot } from '../../../client/src/deploy';
import { createEngineClient, resolveEndpoint, type EngineClient } from '../../../client/src/engine';
import { removeStack } from '../../engine/docker';
import { validateStackFile } from '../../../server/src/core';

/** A client for the default daemon (the test swarm's manager), ignoring the caller's DOCKER_* variables. */
export function testClient(env: Record<string, string | undefined> = {}): EngineClient {
  return createEngineClient(resolveEndpoint({ env, homedir: '/nonexistent' }), { timeoutSeconds: 15 });
}

/** `spdeploy-<tag>-<pid>`: every stack a test creates carries the spdeploy prefix and is removed by it. */
export const stackName = (tag: string) => `spdeploy-${tag}-${process.pid}`;

/** Stack files in a fresh temp dir; returns the dir and a function to (re)write one file. */
export function fixtureDir(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    dir,
    write(name: string, text: string): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A service that runs on any node of the test swarm (the stack's default overlay network), stops fast and is watched 1 s per task. */
export function service(name: string, o: { image?: string; replicas?: number; command?: string; env?: Record<string, string>; extra?: string[] } = {}): string {
  const lines = [
    `  ${name}:`,
    `    image: ${o.image ?? 'probe/busybox:1'}`,
    `    command: ${JSON.stringify(['sh', '-c', o.command ?? 'exec sleep 100000'])}`,
    '    init: true',
    '    stop_grace_period: 1s',
  ];
  if (o.env) lines.push('    environment:', ...Object.entries(o.env).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`));
  lines.push(...(o.extra ?? []));
  lines.push('    deploy:', `      replicas: ${o.replicas ?? 1}`, '      update_config: {monitor: 1s, order: stop-first}', '      restart_policy: {delay: 1s}');
  return lines.join('\n');
}

export const stackFile = (services: string[], tail = '') => `services:\n${services.join('\n')}\n${tail}`;

export interface TestDeploy extends Partial<Omit<DeployOptions, 'client' | 'stack' | 'source'>> {
  files: string[];
  env?: Record<string, string>;
}

/** One deploy with test defaults: no registry lookups, 90 s to converge, events collected. */
export async function deploy(client: EngineClient, stack: string, o: TestDeploy): Promise<DeployResult & { events: DeployEvent[] }> {
  const events: DeployEvent[] = [];
  const { readFileSync } = await import('node:fs');
  const result = await new DeployRunner({
    validate: validateStackFile,
    resolveImage: 'never',
    timeoutSeconds: 90,
    pollMs: 300,
    ...o,
    client,
    stack,
    source: { files: o.files.map((path) => ({ path, text: readFileSync(path, 'utf8') })), env: o.env ?? {} },
    onEvent: (e) => {
      events.push(e);
      o.onEvent?.(e);
    },
  }).run();
  return { ...result, events };
}

export const snapshot = (client: EngineClient, stack: string): Promise<StackSnapshot> => snapshotStack(new EngineOps(client), stack);

/**
 * A stack of the current `describe`: its name, a fixture dir and a client, created before the tests and removed
 * (stack, client, files) after them.
 */
export function useStack(tag: string): { stack: string; fx: ReturnType<typeof fixtureDir>; client: EngineClient } {
  const ctx = { stack: stackName(tag), fx: fixtureDir(`spdeploy-${tag}`), client: undefined as unknown as EngineClient };
  before(async () => {
    ctx.client = testClient();
    await removeStack(ctx.stack);
  });
  after(async () => {
    await removeStack(ctx.stack);
    ctx.client?.close();
    ctx.fx.remove();
  });
  return ctx;
}
