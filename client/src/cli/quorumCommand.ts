// `swarm-pilot quorum`: the swarm's Raft health from one manager, and when quorum is lost which managers are
// unreachable (the answering manager has no leader and cannot list nodes; its /info still names every manager).
import { parseArgs } from 'node:util';
import { quorumState } from '../swarm';
import { cliAction, CONNECTION_OPTIONS, helpShown } from './deployShared';
import type { AsyncCliIo } from './io';

export const QUORUM_USAGE = `Usage: swarm-pilot quorum [OPTIONS]

Prints the swarm's Raft health as the manager of --host sees it: managers reachable and needed, and the
unreachable managers by name (by address and node ID when quorum is lost: nodes cannot be listed then).
Exit status: 0 quorum holds, 1 quorum lost or the daemon did not answer, 2 usage error.

Options:
  -H, --host HOST          daemon to use (like docker --host): a manager
  --context NAME           docker context to use
  -h, --help               this help`;

export function runQuorumCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  return cliAction(io, QUORUM_USAGE, async (connect) => {
    const { values } = parseArgs({ args: argv, allowPositionals: false, options: { ...CONNECTION_OPTIONS } });
    if (helpShown(values, io, QUORUM_USAGE)) return 0;
    const state = await quorumState(connect(values));
    (state.lost ? io.stderr : io.stdout)(`${state.reason}\n`);
    return state.lost ? 1 : 0;
  });
}
