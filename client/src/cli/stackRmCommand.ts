// `swarm-pilot rm STACK`: lists what goes, asks, removes it in docker stack rm's order and waits until the stack's
// networks are really gone (a deploy made before that fails).
import { parseArgs } from 'node:util';
import { isEmptyStack, removalLines, removeStack, stackContents } from '../swarm';
import { cliAction, cliRevisionStore, confirmer, CONNECTION_OPTIONS, helpShown, oneName, positiveNumber } from './deployShared';
import type { AsyncCliIo } from './io';

export const RM_USAGE = `Usage: swarm-pilot rm [OPTIONS] STACK

Removes a stack like \`docker stack rm\`: its services, then its secrets, configs and networks (everything with the
com.docker.stack.namespace label), after listing them and asking; then waits until the networks are really gone.
Recorded revisions of the stack are kept. Exit status: 0 removed, 1 not removed or networks still there, 2 usage error.

Options:
  --timeout SECONDS        limit for the networks to go (default 60)
  -y, --yes                remove without asking
  -H, --host HOST          daemon to use (like docker --host)
  --context NAME           docker context to use
  --state-dir DIR          where revisions are kept
  -h, --help               this help`;

export function runStackRmCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  return cliAction(io, RM_USAGE, async (connect) => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...CONNECTION_OPTIONS, timeout: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, 'state-dir': { type: 'string' } },
    });
    if (helpShown(values, io, RM_USAGE)) return 0;
    const stack = oneName(positionals, 'rm');
    const timeout = positiveNumber('timeout', values.timeout, false) ?? 60;
    const client = connect(values);
    const contents = await stackContents(client, stack, { store: cliRevisionStore(values, io) });
    if (isEmptyStack(contents)) {
      io.stderr(`swarm-pilot: nothing found in stack: ${stack}\n`);
      return 1;
    }
    io.stdout(
      `Removing stack ${stack}:\n${removalLines(contents)
        .map((l) => `  ${l}\n`)
        .join('')}`,
    );
    if (!(await confirmer(io, !!values.yes, `Remove stack ${stack}?`, 'remove it')())) {
      io.stderr('swarm-pilot: not removed\n');
      return 1;
    }
    const result = await removeStack(client, contents, { signal: io.signal, timeoutMs: timeout * 1000, onProgress: (m) => io.stdout(`${m}\n`) });
    for (const l of result.left) io.stderr(`swarm-pilot: still there: ${l}\n`);
    if (!result.networksGone) {
      io.stderr(`swarm-pilot: stack ${stack}: services removed, but its networks were still there after ${timeout}s\n`);
      return 1;
    }
    io.stdout(`Stack ${stack} removed; its networks are gone.\n`);
    return result.left.length ? 1 : 0;
  });
}
