// The namespaced fault-test swarm of `test/engine/docker-ci.sh ns-up`: five nodes (managers sp-m1..3, workers
// sp-w1..2), each dockerd in its own network namespace on /var/run/docker-<node>.sock. Helpers to reach a node,
// stop one by its pid file as a crash would, and bring every stopped one back (ns-up is idempotent).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveEndpoint } from '../../../client/src/engine/endpointResolution';
import { createEngineClient, type EngineClient } from '../../../client/src/engine/engineClient';
import { REPO_ROOT } from '../../unit/helpers';
import { cleanEnv, docker, dockerOk, removeStack, waitUntil, type DockerOptions, type DockerResult } from '../docker';

export const NS_NODES = ['sp-m1', 'sp-m2', 'sp-m3', 'sp-w1', 'sp-w2'] as const;
export type NsNode = (typeof NS_NODES)[number];
export const NS_ADDR: Record<NsNode, string> = {
  'sp-m1': '10.213.0.11',
  'sp-m2': '10.213.0.12',
  'sp-m3': '10.213.0.13',
  'sp-w1': '10.213.0.21',
  'sp-w2': '10.213.0.22',
};

export const nsHost = (node: NsNode) => `unix:///var/run/docker-${node}.sock`;
const pidFile = (node: NsNode) => `/var/run/docker-${node}.pid`;

/** Why the namespaced swarm cannot be used here, or undefined when its manager's socket exists. */
export function nsSwarmMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'the namespaced swarm is root-only (network namespaces, pid files)';
  if (!existsSync('/var/run/docker-sp-m1.sock')) return 'no namespaced swarm: run `bash test/engine/docker-ci.sh ns-up` (the engine group setup does)';
  return undefined;
}

export function nsClient(node: NsNode, timeoutSeconds = 10): EngineClient {
  return createEngineClient(resolveEndpoint({ setting: { host: nsHost(node) }, env: {}, homedir: '/nonexistent' }), { timeoutSeconds });
}

/** Stops a node's dockerd by its pid file (SIGTERM: a shutdown; SIGKILL: a crash). Returns the pid. */
export function stopNsDaemon(node: NsNode, signal: 'SIGTERM' | 'SIGKILL'): number {
  const pid = Number(readFileSync(pidFile(node), 'utf8').trim());
  process.kill(pid, signal);
  return pid;
}

/** `ip link set v<node> up|down` on the host side of the node's veth: a cut (or mended) network link. */
export function setNsLink(node: NsNode, state: 'up' | 'down'): void {
  const r = spawnSync('ip', ['link', 'set', `v${node}`, state], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip link set v${node} ${state}: ${r.stderr}`);
}

/** Runs `docker-ci.sh ns-up`: starts every stopped node again, links up; throws with its output when it fails. */
export function nsUp(): void {
  const r = spawnSync('bash', [join(REPO_ROOT, 'test', 'engine', 'docker-ci.sh'), 'ns-up'], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`docker-ci.sh ns-up exited ${r.status}: ${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
}

/** `nsenter --net=/var/run/netns/<node> busybox nc`: sends `input` to ADDR:PORT from inside the node's namespace. */
export function ncFrom(node: NsNode, addr: string, port: number, input: string): { code: number | null; out: string } {
  const r = spawnSync('nsenter', [`--net=/var/run/netns/${node}`, 'busybox', 'nc', '-w', '3', addr, String(port)], {
    input,
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Options that point the docker CLI helpers of ../docker at a namespaced node (default: the leader, sp-m1). */
export const nsDockerOpts = (node: NsNode = 'sp-m1', timeoutMs = 60_000): DockerOptions => ({ env: cleanEnv({ DOCKER_HOST: nsHost(node) }), timeoutMs });

/** `docker ARGS` against a namespaced node; never rejects. */
export const nsDocker = (args: string[], node: NsNode = 'sp-m1'): Promise<DockerResult> => docker(args, nsDockerOpts(node));

/** `docker ARGS` against a namespaced node; throws with stderr when it fails. */
export const nsDockerOk = (args: string[], node: NsNode = 'sp-m1'): Promise<string> => dockerOk(args, nsDockerOpts(node));

/** Removes a stack from the namespaced swarm and waits (bounded) until nothing with its label is left. */
export const removeNsStack = (ns: string, timeoutMs = 60_000): Promise<void> => removeStack(ns, timeoutMs, nsDockerOpts());

/** The kernel cannot run the ingress routing mesh without IPVS: why, or undefined when it has it. */
export function ipvsMissing(): string | undefined {
  if (existsSync('/proc/net/ip_vs')) return undefined;
  const cfg = spawnSync('sh', ['-c', 'zcat /proc/config.gz 2>/dev/null | grep -E "^(# )?CONFIG_IP_VS[ =]"'], { encoding: 'utf8' }).stdout.trim();
  if (cfg === 'CONFIG_IP_VS=y' || cfg === 'CONFIG_IP_VS=m') return undefined; // dockerd loads the module itself
  return `the kernel has no IPVS (/proc/net/ip_vs absent, /proc/config.gz: ${cfg || 'no CONFIG_IP_VS line'}): dockerd cannot program the ingress routing mesh`;
}

/** The node names by node ID, from the leader's node list. */
export async function nsNodeNames(client: EngineClient): Promise<Map<string, string>> {
  return new Map((await client.listNodes()).map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
}

/** sp-m1's view of the managers: hostname → Leader | Reachable | Unreachable (undefined while it cannot list nodes). */
async function managerStatus(): Promise<Map<string, string> | undefined> {
  const r = await nsDocker(['node', 'ls', '--filter', 'role=manager', '--format', '{{.Hostname}} {{.ManagerStatus}}']);
  if (r.code !== 0) return undefined;
  return new Map(
    r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
}

/**
 * Puts Raft leadership back on sp-m1, as ns-up made it (the quorum test stops the other two managers and expects the
 * one left to have led): a test that killed the leader leaves it elsewhere. A demoted leader hands leadership over
 * first, so demote whichever manager leads and promote it again, until sp-m1 leads (bounded).
 */
export async function nsLeaderBackToM1(): Promise<void> {
  for (let round = 0; round < 4; round++) {
    let last = '';
    const leader = await waitUntil(
      'three reachable managers and a leader',
      async () => {
        const m = await managerStatus();
        last = m ? [...m].map(([h, st]) => `${h} ${st ?? '-'}`).join(', ') : 'sp-m1 cannot list nodes';
        const states = m ? [...m.values()] : [];
        return states.length === 3 && states.every((st) => st === 'Leader' || st === 'Reachable') ? [...m!].find(([, st]) => st === 'Leader')![0] : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000, describe: () => last },
    );
    if (leader === 'sp-m1') return;
    await nsDockerOk(['node', 'demote', leader]);
    await waitUntil(
      `a leader other than ${leader}`,
      async () => ([...((await managerStatus()) ?? [])].find(([h, st]) => st === 'Leader' && h !== leader) ? true : undefined),
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
    // Right after the demotion the node object is still being updated ("update out of sequence"): retry.
    let err = '';
    await waitUntil(
      `${leader} promoted again`,
      async () => {
        const r = await nsDocker(['node', 'promote', leader]);
        err = r.stderr.trim();
        return r.code === 0 ? true : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 1000,
        describe: () => err,
      },
    );
  }
  throw new Error('sp-m1 did not become the leader after 4 hand-overs');
}

/**
 * A `networks: default:` block with a subnet of its own for a fault test's stack. Swarm hands a just-released overlay
 * subnet out again at once, and a worker that has not yet torn down the old network rejects the new task ("invalid
 * pool request: Pool overlaps with other one on this address space"); the tests that follow each other on the
 * namespaced swarm then fail on their set-up. 10.216.0.0/16 is outside br-sp and the swarm's default pool (10.214/16).
 */
let subnetsGiven = 0;
export function ownDefaultNetwork(): string {
  // Different per process, per second and per call (two stacks of one test file must not share one either).
  const third = (process.pid + Math.floor(Date.now() / 1000) + 97 * subnetsGiven++) % 256;
  return `networks:\n  default:\n    ipam:\n      config:\n        - subnet: 10.216.${third}.0/24\n`;
}
