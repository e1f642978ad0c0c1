// The commands that talk to a swarm, loaded on first use: `check` never parses or evaluates the deploy engine, the
// Engine client or their dependencies (over half of the CLI's code), which matters when CI runs it per commit.
// Bundled, './swarmRunners' is dist/swarmRunners.js beside dist/cli.js (external in scripts/build.mjs).
import type { CliIo } from './io';

type Runners = typeof import('./swarmRunners').SWARM_RUNNERS;
export type AsyncCommand = keyof Runners;
const ASYNC_COMMANDS: readonly AsyncCommand[] = ['deploy', 'rollback', 'diff', 'rm', 'logs', 'rebalance', 'quorum', 'fleet', 'secret', 'config'];

export const isAsyncCommand = (c: string): c is AsyncCommand => (ASYNC_COMMANDS as readonly string[]).includes(c);
const loadRunners = (): Runners => (require('./swarmRunners') as typeof import('./swarmRunners')).SWARM_RUNNERS;

/**
 * The synchronous hook for main.ts: starts a swarm command, wires Ctrl-C to cancel (a second one exits) and
 * sets process.exitCode when done. Returns undefined (the real code follows); in-process callers use
 * the run…Command functions instead.
 */
export function startAsyncCommand(command: AsyncCommand, argv: string[], io: CliIo): number {
  const ctl = new AbortController();
  const onSigint = () => {
    if (ctl.signal.aborted) process.exit(130);
    io.stderr('\ncancelling: no further changes are sent; requests already sent finish (Ctrl-C again to quit at once)\n');
    ctl.abort();
  };
  process.on('SIGINT', onSigint);
  const run = Promise.resolve().then(() => loadRunners()[command](argv, { ...io, signal: ctl.signal }));
  run
    .then((code) => (process.exitCode = code))
    .catch((err) => {
      io.stderr(`swarm-pilot: ${(err as Error).message}\n`);
      process.exitCode = 1;
    })
    .finally(() => process.off('SIGINT', onSigint));
  return undefined as unknown as number;
}
