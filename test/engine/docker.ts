// Small helpers for engine tests: run the docker CLI with a timeout, poll until something holds, and
// look at / remove one stack by its namespace label. Only loopback daemons (test/engine/docker-ci.sh).
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';

export interface DockerResult {
  /** Exit code; null when the process was killed (timeout) or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface DockerOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the client after this long (default 30 s). */
  timeoutMs?: number;
}

/**
 * The environment a docker client gets in these tests: PATH, HOME and the DOCKER_* connection variables,
 * nothing else, so no test variable leaks into `${VAR}` interpolation.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (k === 'PATH' || k === 'HOME' || /^DOCKER_(HOST|CONTEXT|CONFIG|CERT_PATH|TLS_VERIFY)$/.test(k))) env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs `docker ARGS`; never rejects (a missing binary or a timeout shows in the result). */
export function docker(args: string[], opts: DockerOptions = {}): Promise<DockerResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      { cwd: opts.cwd, env: opts.env ?? cleanEnv(), timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
        const timedOut = Boolean(e?.killed);
        const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        resolve({ code, stdout, stderr: e && code === null && !stderr ? String(e.message) : stderr, timedOut, ms: Date.now() - t0 });
      },
    );
  });
}

/** Runs `docker ARGS` and returns stdout; throws with the command and stderr when it fails. */
export async function dockerOk(args: string[], opts: DockerOptions = {}): Promise<string> {
  const r = await docker(args, opts);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} ${r.timedOut ? 'timed out' : `exited ${r.code}`}: ${r.stderr.trim()}`);
  return r.stdout;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `probe` every `intervalMs` until it returns something other than undefined (returned), or throws
 * after `timeoutMs` naming `what` and the last thing `describe` said about the state.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { timeoutMs: number; intervalMs?: number; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}${opts.describe ? `; last state: ${opts.describe()}` : ''}`);
    await sleep(opts.intervalMs ?? 500);
  }
}

/** Why engine tests cannot run here, or undefined when this client reaches a swarm manager. */
export async function swarmProblem(): Promise<string | undefined> {
  const r = await docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'], { timeoutMs: 15_000 });
  if (r.code !== 0) return `docker info failed (run test/engine/docker-ci.sh up): ${r.stderr.trim()}`;
  return r.stdout.trim() === 'active true' ? undefined : `this daemon is not a swarm manager (swarm state: ${r.stdout.trim()})`;
}

const stackLabel = (ns: string) => `label=com.docker.stack.namespace=${ns}`;

/** Names of the services, networks, secrets and configs that still carry the stack's namespace label. */
export async function stackLeftovers(ns: string, opts: DockerOptions = {}): Promise<string[]> {
  const kinds = ['service', 'network', 'secret', 'config'] as const;
  const lists = await Promise.all(kinds.map((k) => dockerOk([k, 'ls', '--filter', stackLabel(ns), '--format', '{{.Name}}'], opts)));
  return lists.flatMap((out, i) =>
    out
      .split('\n')
      .filter(Boolean)
      .map((n) => `${kinds[i]} ${n}`),
  );
}

/** The sockets of the main swarm's worker daemons (docker-ci.sh up with DOCKER_CI_WORKERS). */
function mainWorkerSockets(): string[] {
  try {
    return readdirSync('/var/run')
      .filter((f) => /^docker-w\d+\.sock$/.test(f))
      .map((f) => `unix:///var/run/${f}`);
  } catch {
    return [];
  }
}

/** The stack's networks a worker daemon of the main swarm still holds (it removes its copy after the manager). */
async function workerNetworkLeftovers(ns: string): Promise<string[]> {
  const lists = await Promise.all(
    mainWorkerSockets().map(async (host) => {
      const r = await docker(['network', 'ls', '--filter', `name=${ns}_`, '--format', '{{.Name}}'], {
        env: cleanEnv({ DOCKER_HOST: host }),
        timeoutMs: 10_000,
      });
      return r.code === 0
        ? r.stdout
            .split('\n')
            .filter(Boolean)
            .map((n) => `network ${n} on ${host}`)
        : [];
    }),
  );
  return lists.flat();
}

/**
 * `docker stack rm` and wait (bounded) until nothing labelled with the namespace is left; rm is repeated while waiting.
 * On the main swarm it then waits (up to 20 s, not failing) until its workers dropped their copies of the stack's
 * networks: swarm hands a released subnet to the next network at once, and a worker still holding the old one refuses
 * the new network's tasks ("Pool overlaps with other one on this address space").
 */
export async function removeStack(ns: string, timeoutMs = 60_000, opts: DockerOptions = {}): Promise<void> {
  let left: string[] = [];
  let lastRm = 0;
  await waitUntil(
    `stack ${ns} to be removed`,
    async () => {
      left = await stackLeftovers(ns, opts);
      if (left.length === 0) return true;
      if (Date.now() - lastRm > 5_000) {
        lastRm = Date.now();
        await docker(['stack', 'rm', ns], opts);
      }
      return undefined;
    },
    { timeoutMs, describe: () => left.join(', ') },
  );
  if (opts.env?.DOCKER_HOST) return;
  await waitUntil('workers to drop the stack networks', async () => ((await workerNetworkLeftovers(ns)).length === 0 ? true : undefined), {
    timeoutMs: 20_000,
  }).catch((err) => console.log(`removeStack ${ns}: ${(err as Error).message}`));
}

export interface ServiceState {
  name: string;
  running: number;
  desired: number;
}

/** Running/desired replicas of every service of a stack (`docker stack services`). */
export async function stackServices(ns: string): Promise<ServiceState[]> {
  const out = await dockerOk(['stack', 'services', ns, '--format', '{{.Name}}\t{{.Replicas}}']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, replicas] = line.split('\t');
      const m = /^(\d+)\/(\d+)/.exec(replicas ?? '');
      return { name, running: Number(m?.[1] ?? 0), desired: Number(m?.[2] ?? 0) };
    });
}

export interface TaskState {
  /** Service name (the task name without its `.slot` / `.nodeid` suffix). */
  service: string;
  name: string;
  node: string;
  desiredState: string;
  /** First word of CurrentState: Running, Pending, Failed, Rejected, Starting, … */
  state: string;
  error: string;
}

/** Every task of a stack, history included (`docker stack ps`). */
export async function stackTasks(ns: string): Promise<TaskState[]> {
  const r = await docker(['stack', 'ps', ns, '--no-trunc', '--format', '{{.Name}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}']);
  if (r.code !== 0 && /nothing found in stack/.test(r.stderr)) return [];
  if (r.code !== 0) throw new Error(`docker stack ps ${ns} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, node, desiredState, current, error] = line.split('\t');
      return { service: name.replace(/\.[^.]+$/, ''), name, node, desiredState, state: current.split(' ')[0], error: (error ?? '').replace(/^"|"$/g, '') };
    });
}
