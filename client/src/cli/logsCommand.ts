// `swarm-pilot logs STACK`: the whole stack's logs in one stream, in timestamp order, each line prefixed
// `service.slot@node |`, including tasks that exited while their containers exist.
import { parseArgs } from 'node:util';
import { parseGoDuration } from '../../../server/src/core/stackModel';
import type { EngineClient } from '../engine';
import { formatStackLogLine, stackLogs } from '../swarm';
import { cliEngineClient, UsageError, usageOrError } from './deployShared';
import type { AsyncCliIo } from './io';

export const LOGS_USAGE = `Usage: swarm-pilot logs [OPTIONS] STACK

Prints the logs of every service of a stack merged in timestamp order, each line prefixed service.slot@node |,
the tasks that already exited included (while their containers exist). Exit status: 0, 1 on errors, 2 usage error.

Options:
  -f, --follow             keep following new lines (Ctrl-C stops)
  --since SINCE            only lines since a duration ago (10m, 1h30m), a date (2026-01-02T15:04:05Z) or Unix seconds
  -n, --tail N             lines of the stack to show first (default 100; all for everything)
  -t, --timestamps         show the Engine's timestamps
  -H, --host HOST          daemon to use (like docker --host)
  --context NAME           docker context to use
  -h, --help               this help`;

/** --since as Unix seconds: a Go duration ago, an RFC 3339 date, or a number of seconds. */
export function parseSince(value: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const ns = parseGoDuration(value);
  if (ns !== undefined) return Math.floor(now / 1000 - ns / 1e9);
  const ms = Date.parse(value);
  if (Number.isFinite(ms)) return Math.floor(ms / 1000);
  throw new UsageError(`--since must be a duration (10m), a date or Unix seconds (got '${value}')`);
}

export async function runLogsCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  let client: EngineClient | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        follow: { type: 'boolean', short: 'f' },
        since: { type: 'string' },
        tail: { type: 'string', short: 'n' },
        timestamps: { type: 'boolean', short: 't' },
        host: { type: 'string', short: 'H' },
        context: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(LOGS_USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `logs takes one STACK name (got ${positionals.join(' ')})` : 'no STACK name given');
    const tail = values.tail === undefined ? 100 : values.tail === 'all' ? ('all' as const) : Number(values.tail);
    if (tail !== 'all' && (!Number.isInteger(tail) || tail < 0)) throw new UsageError(`--tail must be a whole number or all (got '${values.tail}')`);
    const since = values.since === undefined ? undefined : parseSince(values.since);
    client = cliEngineClient(values, io);
    await stackLogs(client, positionals[0], (l) => (l.stream === 'stderr' ? io.stderr : io.stdout)(`${formatStackLogLine(l, values.timestamps)}\n`), {
      tail,
      since,
      follow: values.follow,
      signal: io.signal,
    });
    return 0;
  } catch (err) {
    return usageOrError(io, err, LOGS_USAGE);
  } finally {
    client?.close();
  }
}
