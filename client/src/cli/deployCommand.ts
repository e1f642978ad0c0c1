// `swarm-pilot deploy`: validate, plan, confirm, deploy (parallel, watched, circuit breaker), record the revision.
// Shares the connection flags, the confirmation prompt and the event printer with `swarm-pilot rollback`.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DeployRunner, defaultStateDir, deployEventLines, FileRevisionStore, formatPlan, type DeployEvent, type DeployOptions, type DeployResult, type ResolveImage, type StackPlan } from '../deploy';
import { createEngineClient, EngineError, resolveEndpoint, type EngineClient } from '../engine';
import type { CliIo } from './main';

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

export interface AsyncCliIo extends CliIo {
  /** Answers the confirmation prompt (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Whether a person can answer (default process.stdin.isTTY). */
  stdinIsTty?: boolean;
  /** Cancels the deploy (the CLI wires SIGINT to it). */
  signal?: AbortSignal;
}

export class UsageError extends Error {}

/** Options common to deploy and rollback. */
export const COMMON_OPTIONS = {
  parallel: { type: 'string' },
  wait: { type: 'boolean' },
  detach: { type: 'boolean', short: 'd' },
  timeout: { type: 'string' },
  'failure-ratio': { type: 'string' },
  'resolve-image': { type: 'string' },
  'with-registry-auth': { type: 'boolean' },
  'no-revision-labels': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  host: { type: 'string', short: 'H' },
  context: { type: 'string' },
  'state-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type CommonValues = { [K in keyof typeof COMMON_OPTIONS]?: (typeof COMMON_OPTIONS)[K]['type'] extends 'string' ? string : boolean };

function positiveNumber(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n < 1))) throw new UsageError(`--${name} must be a ${integer ? 'whole number of at least 1' : 'number of at least 0'} (got '${value}')`);
  return n;
}

/** The runner options the common flags set, and the connection they name. */
export function commonDeployOptions(values: CommonValues, io: CliIo, defaultResolve: ResolveImage): Pick<DeployOptions, 'client' | 'parallel' | 'detach' | 'timeoutSeconds' | 'breaker' | 'resolveImage' | 'withRegistryAuth' | 'revisionLabels' | 'store'> {
  if (values.wait && values.detach) throw new UsageError('--wait and --detach cannot be used together');
  if (values.host && values.context) throw new UsageError('conflicting options: either specify --host or --context, not both');
  const resolveImage = (values['resolve-image'] ?? defaultResolve) as ResolveImage;
  if (!['always', 'changed', 'never'].includes(resolveImage)) throw new UsageError(`Invalid option ${resolveImage} for flag --resolve-image (always, changed or never)`);
  const ratio = positiveNumber('failure-ratio', values['failure-ratio'], false);
  const setting = values.host ? { host: values.host } : values.context ? { context: values.context } : undefined;
  const endpoint = resolveEndpoint({ setting, env: io.env, homedir: homedir() });
  return {
    client: createEngineClient(endpoint, { userAgent: 'swarm-pilot-cli' }),
    parallel: positiveNumber('parallel', values.parallel, true),
    detach: !!values.detach,
    timeoutSeconds: positiveNumber('timeout', values.timeout, false),
    breaker: ratio !== undefined ? { stackRatio: ratio } : undefined,
    resolveImage,
    withRegistryAuth: !!values['with-registry-auth'],
    revisionLabels: !values['no-revision-labels'],
    store: new FileRevisionStore(values['state-dir'] ? resolve(values['state-dir']) : defaultStateDir(io.env, homedir())),
  };
}

/** Asks "Deploy? [y/N]" when a person can answer; without one, --yes is required. */
export function confirmer(io: AsyncCliIo, yes: boolean, question: string): (plan: StackPlan) => Promise<boolean> {
  return async () => {
    if (yes) return true;
    const tty = io.stdinIsTty ?? Boolean(process.stdin.isTTY);
    if (!tty) {
      io.stderr('swarm-pilot: not confirmed: stdin is not a terminal; run with --yes to deploy without asking\n');
      return false;
    }
    const rl = createInterface({ input: io.stdin ?? process.stdin });
    io.stdout(`${question} [y/N] `);
    const answer = await new Promise<string>((res) => rl.once('line', res).once('close', () => res('')));
    rl.close();
    return /^y(es)?$/i.test(answer.trim());
  };
}

/** Prints the runner's events: plan, steps, progress (`12/20 services converged`), trip, rollback. */
export function eventPrinter(io: CliIo): (e: DeployEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'validated':
        for (const f of e.files) for (const d of f.diagnostics) if (d.severity === 'error') io.stderr(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${d.message}\n`);
        return;
      case 'warning':
        io.stderr(`warning: ${e.message.replace(/\n+$/, '').replace(/\n/g, ' ')}\n`);
        return;
      case 'planned':
        io.stdout(formatPlan(e.plan));
        return;
      case 'step-finished':
      case 'rolled-back':
        for (const line of deployEventLines(e)) io.stdout(`${line}\n`);
        return;
      case 'progress': {
        const r = e.report;
        const detail = r.services.filter((s) => s.state !== 'converged').map((s) => `${s.name.replace(/^.*?_/, '')} ${s.running}/${s.desired}${s.state === 'updating' ? ' updating' : ''}${s.failures ? ` ${s.failures} failed` : ''}`);
        io.stdout(`${r.converged}/${r.total} services converged${detail.length ? ` (${detail.join(', ')})` : ''}\n`);
        return;
      }
      case 'tripped':
        for (const line of deployEventLines(e)) io.stderr(`${line}\n`);
        return;
      default:
        return;
    }
  };
}

export function exitCodeOf(result: DeployResult): number {
  return result.status === 'converged' || result.status === 'unchanged' || result.status === 'submitted' ? 0 : 1;
}

/** Reports the result and returns the exit code. */
export function finish(io: CliIo, result: DeployResult): number {
  const code = exitCodeOf(result);
  (code === 0 ? io.stdout : io.stderr)(`${code === 0 ? '' : 'swarm-pilot: '}${result.message}\n`);
  return code;
}

/** Runs `deploy` with the arguments after the command name; resolves to the exit code. */
export async function runDeployCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  let client: EngineClient | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...COMMON_OPTIONS, 'compose-file': { type: 'string', short: 'c', multiple: true }, prune: { type: 'boolean' }, 'version-changed': { type: 'boolean' } },
    });
    if (values.help) {
      io.stdout(DEPLOY_USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `deploy takes one STACK name (got ${positionals.join(' ')})` : 'no STACK name given');
    const stack = positionals[0];
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(stack)) throw new UsageError(`invalid stack name "${stack}"`);
    const composeFiles = values['compose-file'] ?? [];
    if (!composeFiles.length) throw new UsageError('Specify a Compose file (with --compose-file)');
    const files = composeFiles.map((f) => {
      const path = resolve(f);
      try {
        return { path, text: readFileSync(path, 'utf8') };
      } catch (err) {
        throw new UsageError(`${f}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
      }
    });
    const common = commonDeployOptions(values, io, 'always');
    client = common.client;
    const result = await new DeployRunner({
      ...common,
      stack,
      source: { files, env: io.env },
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

export function usageOrError(io: CliIo, err: unknown, usage: string): number {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`swarm-pilot: ${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  io.stderr(`swarm-pilot: ${err instanceof EngineError ? err.message : (err as Error).message}\n`);
  return err instanceof EngineError && err.kind === 'endpoint-invalid' ? 2 : 1;
}

/**
 * The synchronous hook for main.ts: starts `deploy` / `rollback`, wires Ctrl-C to cancel (a second one exits) and
 * sets process.exitCode when done. Returns undefined (the real code follows); in-process callers use
 * runDeployCommand / runRollbackCommand instead.
 */
export function startAsyncCommand(command: 'deploy' | 'rollback', argv: string[], io: CliIo): number {
  const ctl = new AbortController();
  const onSigint = () => {
    if (ctl.signal.aborted) process.exit(130);
    io.stderr('\ncancelling: no further changes are sent; requests already sent finish (Ctrl-C again to quit at once)\n');
    ctl.abort();
  };
  process.on('SIGINT', onSigint);
  // Loaded lazily so `check` never pays for the deploy engine.
  const run = command === 'deploy' ? runDeployCommand(argv, { ...io, signal: ctl.signal }) : import('./rollbackCommand').then((m) => m.runRollbackCommand(argv, { ...io, signal: ctl.signal }));
  run
    .then((code) => (process.exitCode = code))
    .catch((err) => {
      io.stderr(`swarm-pilot: ${(err as Error).message}\n`);
      process.exitCode = 1;
    })
    .finally(() => process.off('SIGINT', onSigint));
  return undefined as unknown as number;
}
