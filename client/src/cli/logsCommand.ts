// `swarm-pilot logs STACK`: the whole stack's logs in one stream, in timestamp order, each line prefixed
// `service.slot@node |`, including tasks that exited while their containers exist.
import { parseArgs } from 'node:util';
import { parseGoDuration } from '../../../server/src/core/stackModel';
import { formatStackLogLine, stackLogs, type StackLogLine } from '../swarm';
import { cliAction, CONNECTION_OPTIONS, helpShown, oneName, positiveNumber, UsageError } from './deployShared';
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

export function runLogsCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  return cliAction(io, LOGS_USAGE, async (connect) => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...CONNECTION_OPTIONS,
        follow: { type: 'boolean', short: 'f' },
        since: { type: 'string' },
        tail: { type: 'string', short: 'n' },
        timestamps: { type: 'boolean', short: 't' },
      },
    });
    if (helpShown(values, io, LOGS_USAGE)) return 0;
    const stack = oneName(positionals, 'logs');
    const tail = values.tail === 'all' ? ('all' as const) : values.tail === '0' ? 0 : (positiveNumber('tail', values.tail, true) ?? 100);
    const since = values.since === undefined ? undefined : parseSince(values.since);
    const print = (l: StackLogLine) => (l.stream === 'stderr' ? io.stderr : io.stdout)(`${formatStackLogLine(l, values.timestamps)}\n`);
    await stackLogs(connect(values), stack, print, { tail, since, follow: values.follow, signal: io.signal });
    return 0;
  });
}
