// `swarm-pilot diff -c FILE STACK`: the field-level drift between the files and the stack on the swarm, for people
// (text) and CI (`--format json`, exit 2 on drift, like `terraform plan -detailed-exitcode`).
import { parseArgs } from 'node:util';
import { convertStack, EngineOps, formatDrift, loadStackConfig, readLiveState, stackDrift, type StackDrift } from '../deploy';
import type { EngineClient } from '../engine';
import { validateStackFile } from '../../../server/src/core';
import { cliEngineClient, CONNECTION_OPTIONS, eventPrinter, helpShown, readComposeFiles, stackArgument, UsageError, usageOrError } from './deployShared';
import type { AsyncCliIo } from './io';

export const DIFF_USAGE = `Usage: swarm-pilot diff -c FILE [-c FILE]... [OPTIONS] STACK

Compares what the files would deploy with the services the stack runs, field by field: services that drifted (and
which fields, live → file), services not deployed, and services on the swarm the files no longer have (would be
pruned). What only deploy-time normalisation changes (an image digest pinned by --resolve-image, the defaults the
Engine fills in, the com.docker.stack.* and revision labels) is not drift.
Exit status: 0 in sync, 2 drift, 1 error (files that do not convert, no swarm manager, usage).

Options:
  -c, --compose-file FILE  stack file; repeat it to merge files the way docker does
  --format FORMAT          text (default) or json
  -H, --host HOST          daemon to use (like docker --host); default: DOCKER_HOST, DOCKER_CONTEXT, current context
  --context NAME           docker context to use (like docker --context)
  -h, --help               this help`;

/** The JSON form: one object per service, changes as live (before) → file (after). */
export function driftJson(drift: StackDrift): string {
  const services = drift.services.map(({ key, name, status, fields, changes }) => ({ key, name, status, fields, changes }));
  return JSON.stringify({ stack: drift.stack, inSync: drift.inSync, services }, null, 2) + '\n';
}

export async function runDiffCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  let client: EngineClient | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'compose-file': { type: 'string', short: 'c', multiple: true },
        format: { type: 'string', default: 'text' },
        ...CONNECTION_OPTIONS,
      },
    });
    if (helpShown(values, io, DIFF_USAGE)) return 0;
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json (got '${values.format}')`);
    const stack = stackArgument(positionals, 'diff');
    const files = readComposeFiles(values['compose-file'] ?? []);
    const diagnostics = files.map((f) => ({ path: f.path, diagnostics: validateStackFile(f, io.env) }));
    eventPrinter(io)({ type: 'validated', files: diagnostics });
    if (diagnostics.some((f) => f.diagnostics.some((d) => d.severity === 'error'))) throw new Error('not compared: the files have errors (listed above)');
    const desired = convertStack(loadStackConfig({ files, env: io.env }), stack);
    client = cliEngineClient(values, io);
    const live = await readLiveState(new EngineOps(client), stack);
    if (live.info.swarm.state !== 'active' || !live.info.swarm.isManager)
      throw new Error('this node is not a swarm manager: diff needs a manager to read the stack');
    const drift = stackDrift(desired, live);
    io.stdout(values.format === 'json' ? driftJson(drift) : formatDrift(drift).join('\n') + '\n');
    return drift.inSync ? 0 : 2;
  } catch (err) {
    // Usage errors are 2 for the other commands; here 2 means drift, so every error is 1.
    usageOrError(io, err, DIFF_USAGE);
    return 1;
  } finally {
    client?.close();
  }
}
