// `swarm-pilot rollback STACK`: deploys the revision before the live one again (same plan, checks and watch).
import { parseArgs } from 'node:util';
import { rollbackStack } from '../deploy';
import type { EngineClient } from '../engine';
import { COMMON_OPTIONS, commonDeployOptions, confirmer, eventPrinter, finish, UsageError, usageOrError } from './deployShared';
import type { AsyncCliIo } from './io';

export const ROLLBACK_USAGE = `Usage: swarm-pilot rollback [OPTIONS] STACK

Rolls a stack back to the revision deployed before the live one: the previous files and specs kept by
\`swarm-pilot deploy\` for this connection (or, from another machine, the files in the services'
com.swarm-pilot.previous-files label) are deployed again, with the same plan, checks, parallel apply, convergence
watch and circuit breaker. Exit status: 0 converged, 1 not rolled back or failed, 2 usage error.

Options:
  --resolve-image MODE     changed (default), always or never
  --with-registry-auth     send the docker config's registry credentials
  --parallel N             services updated at once (default 4)
  --wait | -d, --detach    watch until converged (default) or return once submitted
  --timeout SECONDS        limit for converging (default 300)
  --failure-ratio R        stack-wide failure ratio for the circuit breaker
  --no-revision-labels     do not write the com.swarm-pilot.* revision labels
  -y, --yes                roll back without asking
  -H, --host HOST          daemon to use (like docker --host)
  --context NAME           docker context to use
  --state-dir DIR          where revisions are kept
  -h, --help               this help`;

export async function runRollbackCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  let client: EngineClient | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: COMMON_OPTIONS });
    if (values.help) {
      io.stdout(ROLLBACK_USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError(positionals.length ? `rollback takes one STACK name (got ${positionals.join(' ')})` : 'no STACK name given');
    const stack = positionals[0];
    const common = commonDeployOptions(values, io, 'changed');
    client = common.client;
    const result = await rollbackStack({
      ...common,
      stack,
      env: io.env,
      confirm: confirmer(io, !!values.yes, `Roll stack ${stack} back?`),
      signal: io.signal,
      onEvent: eventPrinter(io),
      onTarget: (t) => {
        if (t.revision)
          io.stdout(`Rolling back to revision ${t.revision.id} (deployed ${t.revision.deployedAt})${t.liveId ? `; the live revision is ${t.liveId}` : ''}\n`);
        else if (t.files)
          io.stdout(`Rolling back to the files in the ${t.files.length === 1 ? 'label' : 'labels'} of the live services (no local revision recorded)\n`);
      },
    });
    return finish(io, result);
  } catch (err) {
    return usageOrError(io, err, ROLLBACK_USAGE);
  } finally {
    client?.close();
  }
}
