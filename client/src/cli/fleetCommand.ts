// `swarm-pilot fleet plan|deploy|status|resume|rollback`: one stack to the swarms of a fleet file, in waves (the
// fleet engine, client/src/fleet). The fleet file is validated by the core like the editor does; the stack files once.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultSettings, validateStackFile, validateText } from '../../../server/src/core';
import { FileRevisionStore } from '../deploy';
import { fleetEventLine, fleetStatus, FleetRunner, parseFleetFile, planSummary, type FleetResult, type FleetRunState, type TargetPlan } from '../fleet';
import { cliStateDir, confirmer, helpShown, readComposeFiles, stackArgument, UsageError, usageOrError } from './deployShared';
import type { AsyncCliIo, CliIo } from './io';

export const FLEET_USAGE = `Usage: swarm-pilot fleet plan|deploy|status|resume|rollback -c FILE [-c FILE]... --fleet FLEET [OPTIONS] STACK

Rolls one stack out to the swarms of a fleet file (swarm-pilot.fleet.yaml) in waves. Each target is deployed with the
same engine as \`swarm-pilot deploy\` (plan, live checks, parallel apply, convergence watch, circuit breaker,
revisions); a target is healthy when it converged and is still converged after the soak. When a wave has more failed
targets than its budget, the rollout stops (pause) or every target it changed is rolled back (rollback); later waves
are untouched. The state is written per target, so \`resume\` continues an interrupted rollout without redoing
finished targets.

  plan      validate the files once and plan every reachable target (nothing changes)
  deploy    a new rollout, wave by wave
  status    the revision each target runs (its services' labels) and the recorded rollout state
  resume    continue the recorded rollout (skipped, failed and interrupted targets)
  rollback  roll every target the recorded rollout changed back to its previous revision

Exit status: 0 every target healthy (plan: every target planned; status: every target answered), 1 a failure,
the budget exceeded and rolled back, or an interrupted rollout, 2 usage or file error, 3 paused (budget exceeded
with onBudgetExceeded: pause).

Options:
  -c, --compose-file FILE  stack file (not needed for status and rollback); repeat it to merge files
  --fleet FILE             the fleet file (targets and rollout policy)
  --format text|json       json: one object on stdout for CI (progress goes to stderr)
  -y, --yes                deploy, resume or roll back without asking
  --state-dir DIR          where revisions and the rollout state are kept (default $XDG_STATE_HOME/swarm-pilot)
  -h, --help               this help`;

const SUBCOMMANDS = ['plan', 'deploy', 'status', 'resume', 'rollback'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

/** Reads and validates the fleet file the way the language server does; errors are usage errors. */
function readFleet(path: string | undefined, io: CliIo) {
  if (!path) throw new UsageError('Specify the fleet file (with --fleet)');
  const full = resolve(path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    throw new UsageError(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
  const errors = (validateText({ text, filePath: full, kind: 'fleet', settings: defaultSettings({ env: io.env }) })?.diagnostics ?? []).filter(
    (d) => d.severity === 'error',
  );
  if (errors.length)
    throw new UsageError(
      `${path} has errors:\n${errors.map((d) => `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`).join('\n')}`,
    );
  return parseFleetFile(text, full);
}

export async function runFleetCommand(argv: string[], io: AsyncCliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'compose-file': { type: 'string', short: 'c', multiple: true },
        fleet: { type: 'string' },
        format: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        'state-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (helpShown(values, io, FLEET_USAGE)) return 0;
    const [first, ...rest] = positionals;
    const sub = first as Sub;
    if (!SUBCOMMANDS.includes(sub)) throw new UsageError(first ? `unknown fleet command '${first}' (${SUBCOMMANDS.join(', ')})` : 'no fleet command given');
    const json = values.format === 'json';
    if (values.format && !json && values.format !== 'text') throw new UsageError(`--format must be text or json (got '${values.format}')`);
    const stack = stackArgument(rest, `fleet ${sub}`);
    const fleet = readFleet(values.fleet, io);
    const needsFiles = sub === 'plan' || sub === 'deploy' || sub === 'resume';
    const files = needsFiles ? readComposeFiles(values['compose-file'] ?? []) : [];
    const stateDir = cliStateDir(values, io);
    const progress = json ? io.stderr : io.stdout;
    const runner = new FleetRunner({
      fleet,
      stack,
      files,
      env: io.env,
      homedir: homedir(),
      validate: validateStackFile,
      stateDir,
      store: new FileRevisionStore(stateDir),
      signal: io.signal,
      onEvent: (e) => progress(fleetEventLine(e)),
    });
    try {
      if (sub === 'plan') return await planCommand(runner, io, json);
      if (sub === 'status') return await statusCommand(runner, io, json);
      progress(`Fleet ${fleet.name}, stack ${stack}: ${runner.waves.map((w, i) => `wave ${i + 1}: ${w.join(', ')}`).join('; ')}\n`);
      const question = {
        deploy: `Deploy stack ${stack} to fleet ${fleet.name}?`,
        resume: `Resume the rollout of ${stack} to fleet ${fleet.name}?`,
        rollback: `Roll back what the rollout of ${stack} changed in fleet ${fleet.name}?`,
      }[sub as 'deploy' | 'resume' | 'rollback'];
      if (!(await confirmer(io, !!values.yes, question, sub)())) return 1;
      const result = await (sub === 'deploy' ? runner.deploy() : sub === 'resume' ? runner.resume() : runner.rollback());
      return report(io, json, sub, result);
    } finally {
      runner.close();
    }
  } catch (err) {
    return usageOrError(io, err, FLEET_USAGE);
  }
}

const EXIT: Record<FleetResult['outcome'], number> = { succeeded: 0, paused: 3, 'rolled-back': 1, failed: 1, interrupted: 1, refused: 1 };

function targetsJson(state: FleetRunState | undefined) {
  return state ? Object.entries(state.targets).map(([name, t]) => ({ name, ...t, wave: t.wave + 1 })) : [];
}

function report(io: CliIo, json: boolean, sub: Sub, result: FleetResult): number {
  const code = EXIT[result.outcome];
  if (json) {
    io.stdout(
      JSON.stringify({
        command: sub,
        outcome: result.outcome,
        message: result.message,
        runId: result.state?.runId,
        release: result.state?.release,
        errors: result.errors,
        targets: targetsJson(result.state),
      }) + '\n',
    );
  } else {
    for (const e of result.errors ?? []) io.stderr(`${e}\n`);
    (code === 0 ? io.stdout : io.stderr)(`${code === 0 ? '' : 'swarm-pilot: '}${result.message}\n`);
  }
  return code;
}

async function planCommand(runner: FleetRunner, io: CliIo, json: boolean): Promise<number> {
  const { errors, targets } = await runner.plan();
  const ok = !errors.length && targets.every((t) => t.plan?.ok);
  if (json) {
    io.stdout(
      JSON.stringify({
        command: 'plan',
        ok,
        errors,
        waves: runner.waves,
        targets: targets.map((t) => ({
          name: t.target,
          wave: t.wave + 1,
          reachable: t.reachable,
          error: t.error,
          ok: t.plan?.ok,
          changes: t.plan?.changes,
          services: t.plan?.services.map((s) => ({ name: s.name, action: s.action })),
          problems: t.plan?.problems,
        })),
      }) + '\n',
    );
    return ok ? 0 : 1;
  }
  for (const e of errors) io.stderr(`${e}\n`);
  runner.waves.forEach((w, i) => {
    io.stdout(`wave ${i + 1}\n`);
    for (const t of targets.filter((x) => x.wave === i)) io.stdout(`  ${t.target.padEnd(16)} ${planSummary(t)}\n`);
  });
  return ok ? 0 : 1;
}

async function statusCommand(runner: FleetRunner, io: CliIo, json: boolean): Promise<number> {
  const state = runner.readState();
  const rows = await fleetStatus(runner);
  if (json) {
    io.stdout(
      JSON.stringify({
        command: 'status',
        runId: state?.runId,
        run: state?.status,
        message: state?.message,
        release: state?.release,
        targets: rows.map((r) => ({ name: r.target, wave: r.wave + 1, revision: r.revision, services: r.services, error: r.error, last: r.state })),
      }) + '\n',
    );
  } else {
    if (state) io.stdout(`rollout ${state.runId}: ${state.status}${state.message ? ` (${state.message})` : ''}\n`);
    for (const r of rows)
      io.stdout(
        `  wave ${r.wave + 1}  ${r.target.padEnd(16)} ${r.error ? `unreachable: ${r.error}` : r.revision ? `revision ${r.revision} (${r.services} services)` : 'not deployed'}${r.state ? `  last: ${r.state.status}` : ''}\n`,
      );
  }
  return rows.some((r) => r.error) ? 1 : 0;
}
