// What the swarm commands (`deploy`, `rollback`, `diff`, `rm`, `logs`, `rebalance`, `secret`, `config`) share: the
// connection and rollout flags, the client's lifetime, the confirmation prompt, the event printer and how a result or
// an error becomes the exit code.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ParseArgsConfig } from 'node:util';
import {
  defaultStateDir,
  deployEventLines,
  FileRevisionStore,
  formatPlan,
  formatTimeline,
  type DeployEvent,
  type DeployOptions,
  type DeployResult,
  type ResolveImage,
  type StackPlan,
} from '../deploy';
import { createEngineClient, EngineError, resolveEndpoint, type EngineClient } from '../engine';
import type { AsyncCliIo, CliIo } from './io';

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

export function positiveNumber(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n < 1)))
    throw new UsageError(`--${name} must be a ${integer ? 'whole number of at least 1' : 'number of at least 0'} (got '${value}')`);
  return n;
}

/** The one STACK positional of deploy and diff, checked like docker checks a stack name. */
export function stackArgument(positionals: string[], command: string): string {
  if (positionals.length !== 1)
    throw new UsageError(positionals.length ? `${command} takes one STACK name (got ${positionals.join(' ')})` : 'no STACK name given');
  const stack = positionals[0];
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(stack)) throw new UsageError(`invalid stack name "${stack}"`);
  return stack;
}

/** The -c files, read (a missing one is a usage error, as for docker). */
export function readComposeFiles(composeFiles: string[]): { path: string; text: string }[] {
  if (!composeFiles.length) throw new UsageError('Specify a Compose file (with --compose-file)');
  return composeFiles.map((f) => {
    const path = resolve(f);
    try {
      return { path, text: readFileSync(path, 'utf8') };
    } catch (err) {
      throw new UsageError(`${f}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
  });
}

/** The connection flags every swarm command takes, and --help. */
export const CONNECTION_OPTIONS = {
  host: { type: 'string', short: 'H' },
  context: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** The one positional name a command takes (`rm takes one STACK name`). */
export function oneName(positionals: string[], command: string, what = 'STACK'): string {
  if (positionals.length !== 1)
    throw new UsageError(positionals.length ? `${command} takes one ${what} name (got ${positionals.join(' ')})` : `no ${what} name given`);
  return positionals[0];
}

/**
 * Runs a command's body: --help prints the usage, errors become exit codes (2 for usage), and the clients the body
 * opened with `connect` are closed at the end.
 */
export async function cliAction(
  io: CliIo,
  usage: string,
  body: (connect: (values: { host?: string; context?: string }) => EngineClient) => Promise<number>,
): Promise<number> {
  const clients: EngineClient[] = [];
  try {
    return await body((values) => {
      const c = cliEngineClient(values, io);
      clients.push(c);
      return c;
    });
  } catch (err) {
    return usageOrError(io, err, usage);
  } finally {
    for (const c of clients) c.close();
  }
}

/** Prints the usage for --help; true when it did. */
export function helpShown(values: { help?: boolean }, io: CliIo, usage: string): boolean {
  if (values.help) io.stdout(usage + '\n');
  return !!values.help;
}

/** The client for --host / --context, else DOCKER_HOST, DOCKER_CONTEXT and the current context (as docker does). */
export function cliEngineClient(values: { host?: string; context?: string }, io: CliIo): EngineClient {
  if (values.host && values.context) throw new UsageError('conflicting options: either specify --host or --context, not both');
  const setting = values.host ? { host: values.host } : values.context ? { context: values.context } : undefined;
  return createEngineClient(resolveEndpoint({ setting, env: io.env, homedir: homedir() }), { userAgent: 'swarm-pilot-cli' });
}

/** --state-dir, else the default state directory (where revisions and rollout state are kept). */
export function cliStateDir(values: { 'state-dir'?: string }, io: CliIo): string {
  return values['state-dir'] ? resolve(values['state-dir']) : defaultStateDir(io.env, homedir());
}

/** The revision store of --state-dir, else the default state directory. */
export function cliRevisionStore(values: { 'state-dir'?: string }, io: CliIo): FileRevisionStore {
  return new FileRevisionStore(cliStateDir(values, io));
}

/** The runner options the common flags set, and the connection they name. */
export function commonDeployOptions(
  values: CommonValues,
  io: CliIo,
  defaultResolve: ResolveImage,
): Pick<DeployOptions, 'client' | 'parallel' | 'detach' | 'timeoutSeconds' | 'breaker' | 'resolveImage' | 'withRegistryAuth' | 'revisionLabels' | 'store'> {
  if (values.wait && values.detach) throw new UsageError('--wait and --detach cannot be used together');
  const resolveImage = (values['resolve-image'] ?? defaultResolve) as ResolveImage;
  if (!['always', 'changed', 'never'].includes(resolveImage))
    throw new UsageError(`Invalid option ${resolveImage} for flag --resolve-image (always, changed or never)`);
  const ratio = positiveNumber('failure-ratio', values['failure-ratio'], false);
  return {
    client: cliEngineClient(values, io),
    parallel: positiveNumber('parallel', values.parallel, true),
    detach: !!values.detach,
    timeoutSeconds: positiveNumber('timeout', values.timeout, false),
    breaker: ratio !== undefined ? { stackRatio: ratio } : undefined,
    resolveImage,
    withRegistryAuth: !!values['with-registry-auth'],
    revisionLabels: !values['no-revision-labels'],
    store: cliRevisionStore(values, io),
  };
}

/** Asks "Deploy? [y/N]" when a person can answer; without one, --yes is required. */
export function confirmer(io: AsyncCliIo, yes: boolean, question: string, action = 'deploy'): (plan?: StackPlan) => Promise<boolean> {
  return async () => {
    if (yes) return true;
    const tty = io.stdinIsTty ?? Boolean(process.stdin.isTTY);
    if (!tty) {
      io.stderr(`swarm-pilot: not confirmed: stdin is not a terminal; run with --yes to ${action} without asking\n`);
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
        for (const f of e.files)
          for (const d of f.diagnostics)
            if (d.severity === 'error') io.stderr(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${d.message}\n`);
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
        const detail = r.services
          .filter((s) => s.state !== 'converged')
          .map(
            (s) =>
              `${s.name.replace(/^.*?_/, '')} ${s.running}/${s.desired}${s.state === 'updating' ? ' updating' : ''}${s.failures ? ` ${s.failures} failed` : ''}`,
          );
        io.stdout(`${r.converged}/${r.total} services converged${detail.length ? ` (${detail.join(', ')})` : ''}\n`);
        for (const line of r.services.flatMap((s) => s.nodeLoss ?? [])) io.stdout(`  ${line}\n`);
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

/** Reports the result (after a trip with the breaker's timeline) and returns the exit code. */
export function finish(io: CliIo, result: DeployResult): number {
  const code = exitCodeOf(result);
  (code === 0 ? io.stdout : io.stderr)(`${code === 0 ? '' : 'swarm-pilot: '}${result.message}\n`);
  if (result.timeline.some((e) => e.kind === 'tripped'))
    io.stderr(
      `Circuit breaker timeline:\n${formatTimeline(result.timeline)
        .map((l) => `  ${l}\n`)
        .join('')}`,
    );
  return code;
}

export function usageOrError(io: CliIo, err: unknown, usage: string): number {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`swarm-pilot: ${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  io.stderr(`swarm-pilot: ${err instanceof EngineError ? err.message : (err as Error).message}\n`);
  return err instanceof EngineError && err.kind === 'endpoint-invalid' ? 2 : 1;
}
