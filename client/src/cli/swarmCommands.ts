// The commands that talk to a swarm, each loaded on first use: `check` never evaluates the deploy engine, the Engine
// client or their dependencies (a third of the CLI bundle's load time), which matters when CI runs it per commit.
import type { AsyncCliIo, CliIo } from './io';

/** The commands that talk to a swarm, loaded lazily so `check` never pays for them. */
const ASYNC_COMMANDS = {
  deploy: () => import('./deployCommand').then((m) => m.runDeployCommand),
  rollback: () => import('./rollbackCommand').then((m) => m.runRollbackCommand),
  diff: () => import('./diffCommand').then((m) => m.runDiffCommand),
  rm: () => import('./stackRmCommand').then((m) => m.runStackRmCommand),
  logs: () => import('./logsCommand').then((m) => m.runLogsCommand),
  rebalance: () => import('./rebalanceCommand').then((m) => m.runRebalanceCommand),
  quorum: () => import('./quorumCommand').then((m) => m.runQuorumCommand),
  fleet: () => import('./fleetCommand').then((m) => m.runFleetCommand),
  secret: () => import('./fileObjectCommand').then((m) => (argv: string[], io: AsyncCliIo) => m.runFileObjectCommand('secret', argv, io)),
  config: () => import('./fileObjectCommand').then((m) => (argv: string[], io: AsyncCliIo) => m.runFileObjectCommand('config', argv, io)),
} satisfies Record<string, () => Promise<(argv: string[], io: AsyncCliIo) => Promise<number>>>;

export type AsyncCommand = keyof typeof ASYNC_COMMANDS;
export const isAsyncCommand = (c: string): c is AsyncCommand => Object.hasOwn(ASYNC_COMMANDS, c);

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
  const run = ASYNC_COMMANDS[command]().then((fn) => fn(argv, { ...io, signal: ctl.signal }));
  run
    .then((code) => (process.exitCode = code))
    .catch((err) => {
      io.stderr(`swarm-pilot: ${(err as Error).message}\n`);
      process.exitCode = 1;
    })
    .finally(() => process.off('SIGINT', onSigint));
  return undefined as unknown as number;
}
