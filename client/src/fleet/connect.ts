// Reaching a target: its connection as an Engine client (like a `swarmPilot.connections` entry: a context, or a host
// with TLS/SSH options; secrets stay in the context store, cert files and the ssh agent), and a reachability check
// retried with backoff for a bounded time, so a slow or offline site is skipped instead of blocking the rollout.
import { createEngineClient, resolveEndpoint, type EngineClient } from '../engine';
import type { FleetTarget } from './fleetFile';

export function targetClient(target: FleetTarget, env: Readonly<Record<string, string | undefined>>, homedir: string): EngineClient {
  const { context, host, tls, tlsVerify, certPath, sshArgs } = target;
  // No `name`: the connection id is then the host's or context's, the same `swarm-pilot deploy -H/--context` uses,
  // so the revisions a fleet rollout records are the ones `swarm-pilot rollback` finds.
  const setting = context ? { context } : { host, tls, tlsVerify, certPath, sshArgs };
  return createEngineClient(resolveEndpoint({ setting, env, homedir }), { userAgent: 'swarm-pilot-fleet' });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((res) => {
    if (signal?.aborted) return res();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      res();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Backoff delays (ms) that fit in `seconds`: 0.5 s doubling up to 8 s. Pure, for the tests. */
export function backoffDelays(seconds: number): number[] {
  const out: number[] = [];
  let total = 0;
  for (let d = 500; total + d <= seconds * 1000; d = Math.min(d * 2, 8000)) {
    out.push(d);
    total += d;
  }
  return out;
}

/** Pings until the daemon answers or the retry time is used up; the last error when it never did. */
export async function reach(client: EngineClient, retrySeconds: number, signal?: AbortSignal): Promise<Error | undefined> {
  let last: Error | undefined;
  for (const delay of [0, ...backoffDelays(retrySeconds)]) {
    if (delay) await sleep(delay, signal);
    if (signal?.aborted) return last ?? new Error('cancelled');
    try {
      await client.ping({ signal, timeoutSeconds: 5 });
      return undefined;
    } catch (err) {
      last = err as Error;
    }
  }
  return last;
}

export { sleep };
