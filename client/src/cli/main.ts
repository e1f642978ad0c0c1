import { parseArgs } from 'node:util';
import { defaultSettings, FILE_KINDS, type FileKind } from '../../../server/src/core';
import { checkFiles } from './checkFiles';
import { collectFiles } from './collectFiles';
import { isAsyncCommand, startAsyncCommand } from './swarmCommands';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { processIo, type CliIo } from './io';

export type { CliIo };

declare const SWARM_PILOT_VERSION: string;
const VERSION = typeof SWARM_PILOT_VERSION === 'string' ? SWARM_PILOT_VERSION : '0.0.0-dev';

const USAGE = `Usage: swarm-pilot check [--kind stack|compose|daemon|oci-runtime|oci-hooks|fleet] [--format text|json|sarif] PATH...
       swarm-pilot deploy -c FILE [-c FILE]... [OPTIONS] STACK   (swarm-pilot deploy --help)
       swarm-pilot rollback [OPTIONS] STACK                      (swarm-pilot rollback --help)
       swarm-pilot diff -c FILE [-c FILE]... [OPTIONS] STACK     (swarm-pilot diff --help)
       swarm-pilot rm [--yes] STACK                              (swarm-pilot rm --help)
       swarm-pilot secret|config create|rm|rotate NAME [FILE|-]  (swarm-pilot secret --help)
       swarm-pilot logs [--follow] [--since S] [--tail N] STACK  (swarm-pilot logs --help)
       swarm-pilot rebalance [--dry-run] [--yes] [STACK|SERVICE...] (swarm-pilot rebalance --help)
       swarm-pilot quorum [-H HOST]                              (swarm-pilot quorum --help)
       swarm-pilot fleet plan|deploy|status|resume|rollback -c FILE --fleet FLEET STACK (swarm-pilot fleet --help)

Validates Docker stack/compose files, daemon.json, OCI runtime config.json and hooks.d files.
Directories are walked. Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.

Options:
  --kind KIND        force the file kind (default: detected from name and content)
  --format FORMAT    text (default), json or sarif
  --env-file FILE    not read: stack deploy ignores .env; set variables in the environment instead
  -h, --help         this help
  --version          print the version`;

/** Runs the CLI and returns its exit code (the caller exits), so tests can call it in-process. */
export function runCli(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === '--version') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    (command ? io.stdout : io.stderr)(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (isAsyncCommand(command)) return startAsyncCommand(command, rest, io);
  if (command !== 'check') {
    io.stderr(`swarm-pilot: unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr(`swarm-pilot: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const kind = values.kind as FileKind | undefined;
  if (kind && !FILE_KINDS.includes(kind)) {
    io.stderr(`swarm-pilot: --kind must be one of ${FILE_KINDS.join(', ')} (got '${kind}')\n`);
    return 2;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`swarm-pilot: --format must be text, json or sarif (got '${format}')\n`);
    return 2;
  }
  if (positionals.length === 0) {
    io.stderr(`swarm-pilot: no PATH given\n${USAGE}\n`);
    return 2;
  }
  const { files, missing } = collectFiles(positionals);
  const settings = defaultSettings({ env: io.env });
  const showProgress = io.stderrIsTty && files.length > 200;
  const outcome = checkFiles(
    files,
    new Set(positionals),
    kind,
    settings,
    showProgress ? (i) => i % 50 === 0 && io.stderr(`\rchecking ${i}/${files.length}`) : undefined,
  );
  if (showProgress) io.stderr(`\r${' '.repeat(30)}\r`);
  const out = format === 'json' ? formatJson(outcome.reports) : format === 'sarif' ? formatSarif(outcome.reports, VERSION) : formatText(outcome.reports);
  io.stdout(out);
  for (const m of missing) io.stderr(`swarm-pilot: ${m}: no such file or directory\n`);
  for (const e of outcome.ioErrors) io.stderr(`swarm-pilot: ${e.path}: ${e.message}\n`);
  if (missing.length || outcome.ioErrors.length) return 2;
  if (kind && kind !== 'stack' && kind !== 'compose' && outcome.reports.some((r) => r.diagnostics.some((d) => d.code === 'kind-not-supported'))) return 2;
  return outcome.reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

/** The `swarm-pilot` command on the real process (what bin/swarm-pilot.js runs): sets process.exitCode. */
export function main(argv: string[] = process.argv.slice(2)): void {
  const code = runCli(argv, processIo());
  // deploy, rollback and diff return undefined and set the exit code themselves when they finish.
  if (code !== undefined) process.exitCode = code;
}

if (require.main === module) main();
