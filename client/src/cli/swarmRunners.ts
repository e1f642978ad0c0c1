// The commands that talk to a swarm, by name: built as a bundle of its own (dist/swarmRunners.js, with the deploy
// engine, the Engine client, ssh2 and grpc: over half of the CLI's code), which swarmCommands.ts requires only when
// one of them runs, so `swarm-pilot check` never parses it.
import { runDeployCommand } from './deployCommand';
import { runDiffCommand } from './diffCommand';
import { runFileObjectCommand } from './fileObjectCommand';
import { runFleetCommand } from './fleetCommand';
import type { AsyncCliIo } from './io';
import { runLogsCommand } from './logsCommand';
import { runQuorumCommand } from './quorumCommand';
import { runRebalanceCommand } from './rebalanceCommand';
import { runRollbackCommand } from './rollbackCommand';
import { runStackRmCommand } from './stackRmCommand';

export type SwarmRunner = (argv: string[], io: AsyncCliIo) => Promise<number>;

export const SWARM_RUNNERS = {
  deploy: runDeployCommand,
  rollback: runRollbackCommand,
  diff: runDiffCommand,
  rm: runStackRmCommand,
  logs: runLogsCommand,
  rebalance: runRebalanceCommand,
  quorum: runQuorumCommand,
  fleet: runFleetCommand,
  secret: (argv, io) => runFileObjectCommand('secret', argv, io),
  config: (argv, io) => runFileObjectCommand('config', argv, io),
} satisfies Record<string, SwarmRunner>;
