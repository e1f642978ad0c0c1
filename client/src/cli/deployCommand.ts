// `swarm-pilot deploy`: validate, plan, confirm, deploy (parallel, watched, circuit breaker), record the revision.
// The flags, prompt and printer it shares with `swarm-pilot rollback` are in deployShared.ts.
import { parseArgs } from 'node:util';
import { validateStackFile } from '../../../server/src/core';
import { DeployRunner } from '../deploy';
import type { EngineClient } from '../engine';
import { COMMON_OPTIONS, commonDeployOptions, confirmer, eventPrinter, finish, readComposeFiles, stackArgument, usageOrError } from './deployShared';
import type { AsyncCliIo, CliIo } from './io';

export const DEPLOY_USAGE = `Usage: swarm-pilot deploy -c FILE [-c FILE]... [OPTIONS] STACK

Deploys a stack like \`docker stack deploy\` (the same service, network, secret and config specs), after validating
the files and showing a plan with live checks. Services are created and updated in parallel and watched until they
converge; when tasks fail faster than the failure ratio allows, the rollout stops and everything this deploy changed
is rolled back. Exit status: 0 converged (or nothing to change, or submitted with --detach), 1 not deployed or
failed (the reason is printed), 2 usage or file error.

Options:
  -c, --compose-file FILE  stack file; repeat it to merge files the way docker does
  --prune                  remove services the files no longer have (after the others converged)
  --resolve-image MODE     always (default), changed or never: look image digests up on the registry
  --with-registry-auth     send the docker config's registry credentials (X-Registry-Auth) to the swarm
  --parallel N             services created/updated at once (default 4)
  --wait                   watch until every service converged (default)
  -d, --detach             return once everything is submitted
  --timeout SECONDS        limit for converging with --wait (default 300)
  --failure-ratio R        stack-wide failure ratio for the circuit breaker (default: only each service's
                           update_config.max_failure_ratio)
  --version-changed        give a secret/config whose content changed a new name <name>-<sha256[:8]> instead of
                           refusing (swarm cannot change a secret's or config's data)
  --no-revision-labels     do not write the com.swarm-pilot.* revision labels on the services
  -y, --yes                deploy without asking
  -H, --host HOST          daemon to use (like docker --host); default: DOCKER_HOST, DOCKER_CONTEXT, current context
  --context NAME           docker context to use (like docker --context)
  --state-dir DIR          where revisions are kept (default $XDG_STATE_HOME/swarm-pilot, ~/.local/state/swarm-pilot)
  -h, --help               this help`;

/** Runs `deploy` with the arguments after the command name; resolves to the exit code. */
export async function runDeployCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  let client: EngineClient | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...COMMON_OPTIONS,
        'compose-file': { type: 'string', short: 'c', multiple: true },
        prune: { type: 'boolean' },
        'version-changed': { type: 'boolean' },
      },
    });
    if (values.help) {
      io.stdout(DEPLOY_USAGE + '\n');
      return 0;
    }
    const stack = stackArgument(positionals, 'deploy');
    const files = readComposeFiles(values['compose-file'] ?? []);
    const common = commonDeployOptions(values, io, 'always');
    client = common.client;
    const result = await new DeployRunner({
      ...common,
      stack,
      source: { files, env: io.env },
      validate: validateStackFile,
      prune: !!values.prune,
      versionChanged: !!values['version-changed'],
      confirm: confirmer(io, !!values.yes, `Deploy stack ${stack}?`),
      signal: io.signal,
      onEvent: eventPrinter(io),
    }).run();
    return finish(io, result);
  } catch (err) {
    return usageOrError(io, err, DEPLOY_USAGE);
  } finally {
    client?.close();
  }
}

/** The commands that talk to a swarm, loaded lazily so `check` never pays for them. */
const ASYNC_COMMANDS = {
  deploy: () => Promise.resolve(runDeployCommand),
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
