// The fleet rollout: one stack to many swarms, in waves. Each target is deployed by the deploy engine's DeployRunner
// (plan, parallel apply, convergence watch, circuit breaker, revisions); this module adds the waves, the soak, the
// failure budget per wave, the rollback of what the run changed (the deploy engine's stack rollback), unreachable
// targets, per-target timeouts, and the run state that makes an interrupted rollout resumable.
import { DeployRunner, EngineOps, REVISION_LABEL, rollbackStack, type DeployResult, type RevisionStore, type StackPlan, type StackValidator } from '../deploy';
import type { EngineClient } from '../engine';
import { reach, sleep, targetClient } from './connect';
import type { FleetFile, FleetTarget } from './fleetFile';
import { stackUnhealthy } from './health';
import { mapLimit } from './pool';
import {
  changedTargets,
  newRunState,
  notResumable,
  readRunState,
  resumeSelection,
  runStatePath,
  writeRunState,
  type FleetRunState,
  type TargetState,
} from './runState';
import { allowedFailures, budgetExceeded, computeWaves, formatBudget, waveBudget } from './waves';

export type FleetEvent =
  | { type: 'wave-started'; wave: number; targets: string[] }
  | { type: 'target'; target: string; state: TargetState }
  | { type: 'target-log'; target: string; message: string }
  | { type: 'wave-finished'; wave: number; failed: string[]; allowed: number; exceeded: boolean }
  | { type: 'rolling-back'; targets: string[] };

export interface FleetOptions {
  fleet: FleetFile;
  stack: string;
  /** The stack files (validated once for every target). */
  files: { path: string; text: string }[];
  env: Record<string, string | undefined>;
  homedir: string;
  validate: StackValidator;
  /** Where the run state lives (`<stateDir>/fleet/`), beside the revision store. */
  stateDir: string;
  store?: RevisionStore;
  signal?: AbortSignal;
  onEvent?: (e: FleetEvent) => void;
  /** Clients by target instead of the file's connections (tests; VS Code, which allows only user-configured ones and may throw to refuse one). */
  connect?: (target: FleetTarget) => EngineClient;
  pollMs?: number;
}

export type FleetOutcome = 'succeeded' | 'paused' | 'rolled-back' | 'failed' | 'interrupted' | 'refused';

export interface FleetResult {
  outcome: FleetOutcome;
  message: string;
  state?: FleetRunState;
  /** Validation errors when refused. */
  errors?: string[];
}

export interface TargetPlan {
  target: string;
  wave: number;
  reachable: boolean;
  error?: string;
  plan?: StackPlan;
}

/** Validates the files once; the per-target runners get the cached answer. */
function validateOnce(o: Pick<FleetOptions, 'files' | 'env' | 'validate'>): { validate: StackValidator; errors: string[]; warnings: string[] } {
  const byPath = new Map(o.files.map((f) => [f.path, o.validate(f, o.env)]));
  const lines = (sev: string) =>
    [...byPath].flatMap(([path, ds]) =>
      ds.filter((d) => d.severity === sev).map((d) => `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`),
    );
  return { validate: (f) => byPath.get(f.path) ?? [], errors: lines('error'), warnings: lines('warning') };
}

export class FleetRunner {
  private readonly clients = new Map<string, EngineClient>();
  readonly waves: string[][];
  readonly statePath: string;

  constructor(readonly options: FleetOptions) {
    this.waves = computeWaves(options.fleet);
    this.statePath = runStatePath(options.stateDir, options.fleet.name, options.stack);
  }

  private target(name: string): FleetTarget {
    return this.options.fleet.targets.find((t) => t.name === name)!;
  }

  client(name: string): EngineClient {
    let c = this.clients.get(name);
    if (!c) {
      const t = this.target(name);
      c = this.options.connect ? this.options.connect(t) : targetClient(t, this.options.env, this.options.homedir);
      this.clients.set(name, c);
    }
    return c;
  }

  /** The client, or why there is none: `connect` may refuse a target (VS Code: a host no user setting allows). */
  private tryClient(name: string): EngineClient | Error {
    try {
      return this.client(name);
    } catch (err) {
      return err as Error;
    }
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private emit(e: FleetEvent): void {
    try {
      this.options.onEvent?.(e);
    } catch {
      /* a listener's bug must not stop the rollout */
    }
  }

  readState(): FleetRunState | undefined {
    return readRunState(this.statePath);
  }

  /** Validates once, then plans every reachable target in parallel; nothing is changed. */
  async plan(): Promise<{ errors: string[]; targets: TargetPlan[] }> {
    const v = validateOnce(this.options);
    if (v.errors.length) return { errors: v.errors, targets: [] };
    const all = this.waves.flatMap((w, i) => w.map((name) => ({ name, wave: i })));
    const retry = Math.min(this.options.fleet.rollout.unreachableRetrySeconds, 5);
    const targets = await Promise.all(
      all.map(async ({ name, wave }): Promise<TargetPlan> => {
        const client = this.tryClient(name);
        if (client instanceof Error) return { target: name, wave, reachable: false, error: client.message };
        const down = await reach(client, retry, this.options.signal);
        if (down) return { target: name, wave, reachable: false, error: down.message };
        try {
          const planned = await this.runner(name, client, v.validate).plan();
          if (planned.refused) return { target: name, wave, reachable: true, error: planned.refused.message };
          return { target: name, wave, reachable: true, plan: planned.plan };
        } catch (err) {
          return { target: name, wave, reachable: true, error: (err as Error).message };
        }
      }),
    );
    return { errors: [], targets };
  }

  private runner(name: string, client: EngineClient, validate: StackValidator, signal?: AbortSignal): DeployRunner {
    const o = this.options;
    return new DeployRunner({
      client,
      stack: o.stack,
      source: { files: o.files, env: o.env },
      validate,
      store: o.store,
      resolveImage: 'never',
      timeoutSeconds: o.fleet.rollout.timeoutSeconds,
      rollbackOnTimeout: true,
      pollMs: o.pollMs,
      signal,
      onEvent: (e) => {
        if (e.type === 'tripped') this.emit({ type: 'target-log', target: name, message: `circuit breaker: ${e.trip.service}: ${e.trip.reason}` });
      },
    });
  }

  /** A new rollout of the files to every target, wave by wave. */
  async deploy(): Promise<FleetResult> {
    const v = validateOnce(this.options);
    if (v.errors.length)
      return { outcome: 'refused', message: `Not deployed: the stack files have ${v.errors.length} error(s); no target was touched.`, errors: v.errors };
    const state = newRunState(this.options.fleet.name, this.options.stack, this.waves);
    writeRunState(this.statePath, state);
    return this.run(state, v.validate);
  }

  /** Continues the recorded rollout: finished targets are not deployed again. */
  async resume(): Promise<FleetResult> {
    const state = this.readState();
    const why = notResumable(state);
    if (why) return { outcome: 'refused', message: `Nothing to resume: ${why}.`, state };
    const v = validateOnce(this.options);
    if (v.errors.length) return { outcome: 'refused', message: `Not resumed: the stack files have ${v.errors.length} error(s).`, errors: v.errors };
    state!.status = 'running';
    delete state!.message;
    writeRunState(this.statePath, state!);
    return this.run(state!, v.validate);
  }

  /** Rolls back every target the recorded run changed, in parallel. */
  async rollback(): Promise<FleetResult> {
    const state = this.readState();
    if (!state) return { outcome: 'refused', message: 'Nothing to roll back: no rollout of this stack to this fleet is recorded.' };
    const targets = changedTargets(state);
    if (!targets.length)
      return { outcome: 'refused', message: `Nothing to roll back: rollout ${state.runId} changed no target that is still on its release.`, state };
    const failed = await this.rollBack(state, targets);
    state.status = failed.length ? 'failed' : 'rolled-back';
    state.message = failed.length ? `rolling back failed on ${failed.join(', ')}` : `rolled back ${targets.join(', ')}`;
    writeRunState(this.statePath, state);
    return { outcome: failed.length ? 'failed' : 'rolled-back', message: `Rollout ${state.runId}: ${state.message}.`, state };
  }

  private save(state: FleetRunState, name: string, patch: Partial<TargetState>): void {
    state.targets[name] = { ...state.targets[name], ...patch };
    if (patch.message === undefined && 'message' in patch) delete state.targets[name].message;
    writeRunState(this.statePath, state);
    this.emit({ type: 'target', target: name, state: state.targets[name] });
  }

  private async run(state: FleetRunState, validate: StackValidator): Promise<FleetResult> {
    const r = this.options.fleet.rollout;
    const signal = this.options.signal;
    try {
      for (const { wave, targets } of resumeSelection(state)) {
        if (signal?.aborted) break;
        this.emit({ type: 'wave-started', wave, targets });
        await mapLimit(targets, r.parallel, (name) => this.deployTarget(state, name, validate));
        if (signal?.aborted) break;
        const size = state.waves[wave].length;
        const failed = state.waves[wave].filter((n) => state.targets[n].status === 'failed');
        const budget = waveBudget(r, wave);
        const exceeded = budgetExceeded(budget, size, failed.length);
        this.emit({ type: 'wave-finished', wave, failed, allowed: allowedFailures(budget, size), exceeded });
        if (!exceeded) continue;
        const why = `wave ${wave + 1}: ${failed.length} of ${size} target(s) failed (${failed.join(', ')}), budget ${formatBudget(budget)}`;
        if (r.onBudgetExceeded === 'rollback') {
          const changed = changedTargets(state);
          const undoFailed = changed.length ? await this.rollBack(state, changed) : [];
          state.status = undoFailed.length ? 'failed' : 'rolled-back';
          state.message = `${why}; ${changed.length ? `rolled back ${changed.join(', ')}` : 'no target had been changed'}${undoFailed.length ? `; rolling back failed on ${undoFailed.join(', ')}` : ''}; later waves untouched`;
        } else {
          state.status = 'paused';
          state.message = `${why}; paused, later waves untouched (\`fleet resume\` continues, \`fleet rollback\` undoes)`;
        }
        writeRunState(this.statePath, state);
        return {
          outcome: state.status === 'paused' ? 'paused' : state.status === 'rolled-back' ? 'rolled-back' : 'failed',
          message: `Rollout ${state.runId} stopped: ${state.message}.`,
          state,
        };
      }
      if (signal?.aborted) {
        state.status = 'interrupted';
        state.message = 'cancelled; `fleet resume` continues without redoing finished targets';
        writeRunState(this.statePath, state);
        return { outcome: 'interrupted', message: `Rollout ${state.runId} ${state.message}.`, state };
      }
      const skipped = Object.entries(state.targets).filter(([, t]) => t.status === 'skipped');
      const failed = Object.entries(state.targets).filter(([, t]) => t.status === 'failed');
      state.status = skipped.length || failed.length ? 'failed' : 'succeeded';
      state.message =
        state.status === 'succeeded'
          ? `every target runs the release`
          : [
              failed.length ? `failed within budget: ${failed.map(([n]) => n).join(', ')}` : '',
              skipped.length ? `skipped (unreachable): ${skipped.map(([n]) => n).join(', ')}; \`fleet resume\` deploys them when they are back` : '',
            ]
              .filter(Boolean)
              .join('; ');
      writeRunState(this.statePath, state);
      return { outcome: state.status === 'succeeded' ? 'succeeded' : 'failed', message: `Rollout ${state.runId}: ${state.message}.`, state };
    } finally {
      this.close();
    }
  }

  /** One target: reach it, deploy with the deploy engine, soak, record. Never throws. */
  private async deployTarget(state: FleetRunState, name: string, validate: StackValidator): Promise<void> {
    const r = this.options.fleet.rollout;
    const outer = this.options.signal;
    if (outer?.aborted) return;
    this.save(state, name, { status: 'deploying', startedAt: new Date().toISOString(), finishedAt: undefined, message: undefined });
    const client = this.tryClient(name);
    // A refused connection is treated as an unreachable target (the policy decides: skip or fail), without retries.
    if (client instanceof Error)
      return this.save(state, name, { status: r.unreachable === 'fail' ? 'failed' : 'skipped', finishedAt: new Date().toISOString(), message: client.message });
    const down = await reach(client, r.unreachableRetrySeconds, outer);
    if (outer?.aborted) return this.save(state, name, { status: 'pending', message: 'interrupted before it was deployed' });
    if (down) {
      return this.save(state, name, {
        status: r.unreachable === 'fail' ? 'failed' : 'skipped',
        finishedAt: new Date().toISOString(),
        message: `unreachable after ${r.unreachableRetrySeconds} s of retries: ${down.message}`,
      });
    }
    // The per-target limit covers plan, apply, convergence and soak, so a slow link never holds the wave forever.
    const limit = AbortSignal.timeout((r.timeoutSeconds + r.soakSeconds + 30) * 1000);
    const signal = outer ? AbortSignal.any([outer, limit]) : limit;
    let result: DeployResult;
    try {
      result = await this.runner(name, client, validate, signal).run();
    } catch (err) {
      return this.save(state, name, { status: 'failed', finishedAt: new Date().toISOString(), message: (err as Error).message });
    }
    if (result.status === 'cancelled') {
      // Changes submitted before the interrupt count: a resume then finds the target unchanged, and a rollback must still undo it.
      // So does a request in flight when the interrupt came (applied by the daemon, never recorded here): once the apply
      // phase has begun (submitMs is set from then on) with something to change, the target counts as changed.
      const applyBegan = result.timings.submitMs !== undefined && !!result.plan?.changes;
      const changed = !!state.targets[name].changed || result.changes.length > 0 || applyBegan;
      if (outer?.aborted) return this.save(state, name, { status: 'pending', changed, message: `interrupted: ${result.message}` });
      return this.save(state, name, {
        status: 'failed',
        finishedAt: new Date().toISOString(),
        message: `timed out after ${r.timeoutSeconds} s: ${result.message}`,
      });
    }
    if (result.status !== 'converged' && result.status !== 'unchanged') {
      return this.save(state, name, { status: 'failed', finishedAt: new Date().toISOString(), message: failureReason(result) });
    }
    const changed = result.status === 'converged' || !!state.targets[name].changed;
    if (result.status === 'converged' && r.soakSeconds > 0) {
      await sleep(r.soakSeconds * 1000, signal);
      if (outer?.aborted) return this.save(state, name, { status: 'pending', changed, message: 'interrupted during the soak' });
      const sick = await stackUnhealthy(new EngineOps(client), this.options.stack, signal).catch((err: Error) => err.message);
      if (sick)
        return this.save(state, name, {
          status: 'failed',
          changed,
          revision: result.revision?.id,
          finishedAt: new Date().toISOString(),
          message: `not converged any more after the ${r.soakSeconds} s soak: ${sick}`,
        });
    }
    this.save(state, name, {
      // Unchanged now but changed by an interrupted attempt of this run: this run did change it.
      status: changed ? 'succeeded' : 'unchanged',
      changed,
      revision: result.revision?.id,
      finishedAt: new Date().toISOString(),
      message: undefined,
    });
    if (!state.release && result.revision) state.release = result.revision.id;
  }

  private async rollBack(state: FleetRunState, targets: string[]): Promise<string[]> {
    this.emit({ type: 'rolling-back', targets });
    const failed: string[] = [];
    await Promise.all(
      targets.map(async (name) => {
        try {
          const res = await rollbackStack({
            client: this.client(name),
            stack: this.options.stack,
            store: this.options.store,
            env: this.options.env,
            resolveImage: 'never',
            timeoutSeconds: this.options.fleet.rollout.timeoutSeconds,
            pollMs: this.options.pollMs,
          });
          if (res.status === 'converged' || res.status === 'unchanged') {
            this.save(state, name, {
              status: 'rolled-back',
              changed: false,
              revision: res.revision?.id,
              finishedAt: new Date().toISOString(),
              message: `rolled back to ${res.revision?.id ?? 'the previous revision'}`,
            });
          } else {
            failed.push(name);
            this.save(state, name, { message: `rollback failed: ${res.message}` });
          }
        } catch (err) {
          failed.push(name);
          this.save(state, name, { message: `rollback failed: ${(err as Error).message}` });
        }
      }),
    );
    return failed;
  }
}

/** Task rejections that retrying cannot fix (a missing image, a platform no node has): named with node and reason. */
const FAST_FAIL = /No such image|unsupported platform|no suitable node|image .* not found|manifest unknown/i;

export function failureReason(result: DeployResult): string {
  const fatal = result.trip?.taskErrors.find((e) => FAST_FAIL.test(e));
  if (fatal) return `tasks rejected: ${fatal}`;
  return result.message.split('\n')[0] + (result.trip?.taskErrors.length ? ` (${result.trip.taskErrors[0]})` : '');
}

/** A progress line per event (the CLI's output, VS Code's "Swarm Pilot: Fleet" output channel). */
export function fleetEventLine(e: FleetEvent): string {
  switch (e.type) {
    case 'wave-started':
      return `wave ${e.wave + 1}: ${e.targets.join(', ')}\n`;
    case 'target':
      return `  ${e.target}: ${e.state.status}${e.state.revision ? ` (revision ${e.state.revision})` : ''}${e.state.message ? `: ${e.state.message}` : ''}\n`;
    case 'target-log':
      return `  ${e.target}: ${e.message}\n`;
    case 'wave-finished':
      return `wave ${e.wave + 1}: ${e.failed.length} failed (budget ${e.allowed})${e.exceeded ? ': budget exceeded' : ''}\n`;
    case 'rolling-back':
      return `rolling back ${e.targets.join(', ')}\n`;
  }
}

/** One line per planned target (the CLI's `fleet plan` table, VS Code's wave preview). */
export function planSummary(t: TargetPlan): string {
  if (!t.reachable) return `unreachable: ${t.error}`;
  if (!t.plan) return `not planned: ${t.error?.split('\n')[0]}`;
  const n = (a: string) => t.plan!.services.filter((s) => s.action === a).length;
  const problems = t.plan.problems.filter((p) => p.severity === 'error').map((p) => `${p.service ?? p.object ?? ''}: ${p.message}`);
  return `${t.plan.changes ? `${n('create')} to create, ${n('update')} to update, ${n('unchanged')} unchanged` : 'up to date'}${problems.length ? `; problems: ${problems.join('; ')}` : ''}`;
}

/** The revision each target runs, from its services' revision labels; unreachable targets say why. */
export async function fleetStatus(
  runner: FleetRunner,
): Promise<{ target: string; wave: number; revision?: string; services: number; error?: string; state?: TargetState }[]> {
  const state = runner.readState();
  try {
    return await Promise.all(
      runner.waves.flatMap((w, wave) =>
        w.map(async (target) => {
          try {
            const services = await new EngineOps(runner.client(target)).stackServices(runner.options.stack, { timeoutSeconds: 10 });
            const revisions = [...new Set(services.map((s) => s.Spec?.Labels?.[REVISION_LABEL]).filter((x): x is string => !!x))];
            return { target, wave, revision: revisions.join(',') || undefined, services: services.length, state: state?.targets[target] };
          } catch (err) {
            return { target, wave, services: 0, error: (err as Error).message, state: state?.targets[target] };
          }
        }),
      ),
    );
  } finally {
    runner.close();
  }
}
