// `swarm-pilot rebalance [STACK|SERVICE…]`: shows the skewed services and the moves expected, asks, then
// force-updates them a few at a time and reports the new spread. Services with one replica or with data on the node
// (bind mounts, local volumes) are left out unless --all.
import { parseArgs } from 'node:util';
import { moveLine, outcomeLine, rebalance, skewedServices, takeSnapshot } from '../swarm';
import { cliAction, confirmer, CONNECTION_OPTIONS, helpShown, positiveNumber } from './deployShared';
import type { AsyncCliIo } from './io';

export const REBALANCE_USAGE = `Usage: swarm-pilot rebalance [OPTIONS] [STACK|SERVICE...]

Swarm never moves running tasks back when a node returns. This finds the replicated services whose running tasks
sit on fewer nodes than they could use (constraints, max_replicas_per_node, reservations, platforms), shows the
moves expected, and force-updates them (each by its update_config, a few services at a time) until their new tasks
run, then prints the new spread. Without names: the whole swarm. Exit status: 0 done (or nothing skewed), 1 a
service did not converge or not confirmed, 2 usage error.

Options:
  --dry-run                only show the skewed services and the expected moves
  --all                    include services left out by default (bind mounts, local volumes: their data stays)
  --parallel N             services updated at once (default 2)
  --timeout SECONDS        limit for each service to converge (default 300)
  -y, --yes                rebalance without asking
  -H, --host HOST          daemon to use (like docker --host)
  --context NAME           docker context to use
  -h, --help               this help`;

export function runRebalanceCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  return cliAction(io, REBALANCE_USAGE, async (connect) => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...CONNECTION_OPTIONS,
        'dry-run': { type: 'boolean' },
        all: { type: 'boolean' },
        parallel: { type: 'string' },
        timeout: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
      },
    });
    if (helpShown(values, io, REBALANCE_USAGE)) return 0;
    const parallel = positiveNumber('parallel', values.parallel, true) ?? 2;
    const timeout = positiveNumber('timeout', values.timeout, false) ?? 300;
    const client = connect(values);
    const snapshot = await takeSnapshot(client);
    const unknown = positionals.filter((p) => !snapshot.services.some((s) => s.stack === p || s.name === p));
    if (unknown.length) throw new Error(`no stack or service named ${unknown.join(', ')}`);
    const skewed = skewedServices(
      snapshot,
      positionals.length ? (s) => positionals.includes(s.name) || (!!s.stack && positionals.includes(s.stack)) : undefined,
    );
    if (!skewed.length) {
      io.stdout('No skewed service: every service uses as many nodes as it can.\n');
      return 0;
    }
    const chosen = skewed.filter((s) => values.all || !s.caution);
    io.stdout(`Expected moves:\n${chosen.map((s) => `  ${moveLine(s)}\n`).join('')}`);
    for (const s of skewed.filter((x) => !chosen.includes(x))) io.stdout(`Left out (--all includes it): ${s.name}: ${s.caution}\n`);
    if (values['dry-run'] || !chosen.length) return 0;
    if (!(await confirmer(io, !!values.yes, `Force-update ${chosen.length} service(s)?`, 'rebalance')())) return 1;
    const outcomes = await rebalance(client, chosen, {
      concurrency: parallel,
      timeoutMs: timeout * 1000,
      signal: io.signal,
      onProgress: (m) => io.stdout(`${m}\n`),
    });
    for (const o of outcomes) (o.outcome === 'converged' ? io.stdout : io.stderr)(`${outcomeLine(o)}\n`);
    return outcomes.every((o) => o.outcome === 'converged') ? 0 : 1;
  });
}
