// A shell in any task (moby/moby#27552): an exec with a TTY in the task's container, on the daemon of the node that
// holds it, with nothing installed on the nodes. The node's daemon is reached through the user's per-node connection
// (swarmPilot.nodeConnections, by hostname or node id), else the active connection's scheme and credentials pointed
// at the node's address (ssh://same-user@addr, tcp with the same TLS material), else not at all (the reason names
// the setting). `bash` when the image has it, else `/bin/sh`.
import type { Duplex } from 'node:stream';
import { nodeName } from '../deploy';
import { createEngineClient, resolveEndpoint, type ConnectionSetting, type EngineClient, type ResolvedEndpoint, type SwarmNode } from '../engine';

/** One entry of swarmPilot.nodeConnections: a connection like swarmPilot.connections', for the node named. */
export interface NodeConnectionSetting extends ConnectionSetting {
  /** The node's hostname or id. */
  node: string;
}

export type NodeRoute = { kind: 'active'; why: string } | { kind: 'endpoint'; endpoint: ResolvedEndpoint; why: string } | { kind: 'none'; reason: string };

export const NODE_CONNECTIONS_SETTING = 'swarmPilot.nodeConnections';

/**
 * How to reach the daemon of `node`. `activeNodeId` is the node the active connection's daemon is (Info.Swarm.NodeID):
 * a task there needs no other connection.
 */
export function routeToNode(
  node: SwarmNode,
  active: ResolvedEndpoint,
  nodeConnections: readonly NodeConnectionSetting[],
  activeNodeId: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): NodeRoute {
  const name = nodeName(node);
  const configured = nodeConnections.find((c) => c.node === node.ID || c.node === name);
  if (configured)
    return {
      kind: 'endpoint',
      endpoint: resolveEndpoint({ setting: { ...configured, name: configured.name ?? `${name} (${NODE_CONNECTIONS_SETTING})` }, env, homedir }),
      why: `${NODE_CONNECTIONS_SETTING} entry for ${configured.node}`,
    };
  if (node.ID === activeNodeId) return { kind: 'active', why: `the active connection is ${name}'s daemon` };
  const addr = node.Status?.Addr;
  const a = active.address;
  if (addr && addr !== '0.0.0.0' && a.kind === 'ssh') {
    const host = `ssh://${a.user ? `${a.user}@` : ''}${addr}${a.port ? `:${a.port}` : ''}`;
    return {
      kind: 'endpoint',
      endpoint: { ...active, id: `${active.id}@${node.ID}`, label: `${name} via ${host}`, host, address: { ...a, host: addr } },
      why: `the active connection's ssh user on ${name}'s address`,
    };
  }
  if (addr && addr !== '0.0.0.0' && a.kind === 'tcp') {
    const host = `tcp://${addr}:${a.port}`;
    return {
      kind: 'endpoint',
      endpoint: { ...active, id: `${active.id}@${node.ID}`, label: `${name} via ${host}`, host, address: { ...a, host: addr } },
      why: `the active connection's port and TLS material on ${name}'s address`,
    };
  }
  return {
    kind: 'none',
    reason: `the task runs on ${name}, and the active connection (${active.host}) cannot be pointed at another node; add an entry for "${name}" to ${NODE_CONNECTIONS_SETTING} in your user settings (e.g. { "node": "${name}", "host": "ssh://user@${addr ?? name}" })`,
  };
}

/** A client for the node, or the active one (`owned` says whether the caller closes it). */
export function clientForRoute(route: NodeRoute, active: EngineClient): { client: EngineClient; owned: boolean } {
  if (route.kind === 'none') throw new Error(route.reason);
  if (route.kind === 'active') return { client: active, owned: false };
  return { client: createEngineClient(route.endpoint, { userAgent: 'swarm-pilot-shell' }), owned: true };
}

/** bash when the image has it, else sh; the shell replaces this one (exec), so its exit ends the session. */
export const SHELL_COMMAND = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

export interface ShellSession {
  /** The TTY: write keystrokes, read the terminal output. */
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** The exec's exit code once it ended (undefined while running or when it cannot be read). */
  exitCode(): Promise<number | undefined>;
}

/** Starts an exec with a TTY in the container and attaches to it (hijacked connection). */
export async function openShell(
  client: EngineClient,
  containerId: string,
  opts: { cols?: number; rows?: number; command?: string[] } = {},
): Promise<ShellSession> {
  await client.negotiate();
  const exec = await client.docker
    .getContainer(containerId)
    .exec({ AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Cmd: opts.command ?? SHELL_COMMAND, Env: ['TERM=xterm-256color'] });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  const resize = async (cols: number, rows: number) => {
    await exec.resize({ w: cols, h: rows }).catch(() => undefined);
  };
  if (opts.cols && opts.rows) await resize(opts.cols, opts.rows);
  return {
    stream,
    resize,
    exitCode: async () => ((await exec.inspect().catch(() => undefined)) as { ExitCode?: number | null } | undefined)?.ExitCode ?? undefined,
  };
}
