// DeployRunner: one stack deploy as a state machine that reports what it does —
//   validating → planning → planned → applying (+ watching) → pruning → converged
//   with the exits refused (validation or plan errors), declined (not confirmed), unchanged, submitted (--detach),
//   tripped → rolling-back → rolled-back, timeout, cancelled and failed.
// Pure: no `vscode`; the CLI and the extension feed it a client, the files (or a stored revision), and listen.
import { homedir } from 'node:os';
import type { Diagnostic } from '../../../server/src/core/stackModel';
import { EngineError, type EngineClient } from '../engine';
import { applyPlan, Journal, pruneServices, type ApplyStep, type ChangeRecord } from './apply';
import { CircuitBreaker, type BreakerOptions, type TripInfo } from './circuitBreaker';
import { convertStack, loadStackConfig, type ComposeFile, type DesiredStack } from './convert';
import { EngineOps } from './engineOps';
import { evaluateConstraints, nodeName } from './placement';
import { planStack, type ResolveImage, type StackPlan } from './plan';
import { readDockerConfig, registryAuthForImage, type DockerConfigFile } from './registryAuth';
import { encodeFilesLabel, makeRevision, revisionId, REVISION_LABEL, type RevisionFile, type RevisionStore, type StackRevision } from './revisions';
import { readLiveState } from './state';
import { DeployTimeline, type TimelineEntry } from './timeline';
import { undoJournal, type UndoResult } from './undo';
import { ConvergenceWatcher, nodeLossNote, type ProgressReport, type WatchResult, type WatchTarget } from './watch';
import { engineEventWake } from './watchEvents';

export type DeployState =
  | 'idle'
  | 'validating'
  | 'planning'
  | 'planned'
  | 'applying'
  | 'pruning'
  | 'rolling-back'
  | 'converged'
  | 'unchanged'
  | 'submitted'
  | 'rolled-back'
  | 'timeout'
  | 'cancelled'
  | 'failed'
  | 'refused'
  | 'declined';

/** The injected validator: a file's diagnostics as the validator gives them for a stack file and this environment. */
export type StackValidator = (file: { path: string; text: string }, env: Record<string, string | undefined>) => Diagnostic[];

export interface FileDiagnostics {
  path: string;
  diagnostics: Diagnostic[];
}

export type DeployEvent =
  | { type: 'state'; state: DeployState }
  | { type: 'validated'; files: FileDiagnostics[] }
  | { type: 'planned'; plan: StackPlan }
  | { type: 'step-started'; step: ApplyStep }
  | { type: 'step-finished'; step: ApplyStep; error?: Error }
  | { type: 'progress'; report: ProgressReport }
  | { type: 'converged'; report: ProgressReport }
  | { type: 'tripped'; trip: TripInfo }
  | { type: 'rolled-back'; results: UndoResult[] }
  | { type: 'warning'; message: string }
  | { type: 'failed'; message: string; error?: Error };

export type DeployStatus = 'converged' | 'unchanged' | 'submitted' | 'tripped' | 'timeout' | 'cancelled' | 'failed' | 'refused' | 'declined';

export interface DeployResult {
  status: DeployStatus;
  /** One sentence: what happened and, on failure, why and what to do. */
  message: string;
  plan?: StackPlan;
  /** What this deploy changed on the swarm (for tripped: what it had changed before rolling back). */
  changes: ChangeRecord[];
  undo?: UndoResult[];
  trip?: TripInfo;
  progress?: ProgressReport;
  diagnostics?: FileDiagnostics[];
  revision?: StackRevision;
  warnings: string[];
  error?: Error;
  timings: { planMs: number; submitMs?: number; convergeMs?: number };
  /** Failed tasks seen, breaker trip, rollbacks requested, services converged back: in the order they happened. */
  timeline: TimelineEntry[];
}

export type DeploySource =
  { files: ComposeFile[]; env: Record<string, string | undefined>; workingDir?: string; readFile?: (path: string) => Buffer } | { revision: StackRevision };

export interface DeployOptions {
  client: EngineClient;
  stack: string;
  source: DeploySource;
  /** Revisions are kept per connection; default: the client's endpoint id. */
  connectionId?: string;
  /** Remove services the files no longer have (after the others converged). */
  prune?: boolean;
  /** Default `always`, as docker. */
  resolveImage?: ResolveImage;
  /** Services created/updated at once (default 4). */
  parallel?: number;
  /** Return once everything is submitted instead of watching convergence. */
  detach?: boolean;
  /** Version secrets/configs whose content changed instead of refusing. */
  versionChanged?: boolean;
  /** Send X-Registry-Auth from the docker config (`--with-registry-auth`). */
  withRegistryAuth?: boolean;
  /** The docker config to take registry auth from (default: read from $DOCKER_CONFIG / ~/.docker). */
  dockerConfig?: DockerConfigFile;
  breaker?: BreakerOptions;
  /** Convergence limit (default 300 s). */
  timeoutSeconds?: number;
  pollMs?: number;
  /** Follow Engine events to look at the watched services before the next poll (default true). */
  events?: boolean;
  /** Roll back when convergence times out (default false: report and leave it). */
  rollbackOnTimeout?: boolean;
  store?: RevisionStore;
  /** Write the com.swarm-pilot.* revision labels on the services (default true). */
  revisionLabels?: boolean;
  /**
   * Validates one stack file before anything is planned (required when the source is files): the CLI passes the
   * core's validateStackFile, the extension one that loads the validation core when a deploy first needs it, so
   * the deploy engine (and the extension bundle) never imports the validator and its rules.
   */
  validate?: StackValidator;
  /** Asked after planning when something would change; false declines. */
  confirm?: (plan: StackPlan) => boolean | Promise<boolean>;
  signal?: AbortSignal;
  onEvent?: (event: DeployEvent) => void;
}

const CONNECTION_KINDS = new Set([
  'daemon-not-running',
  'connection-lost',
  'timeout',
  'host-unreachable',
  'ssh-failed',
  'tls-handshake-refused',
  'tls-verify-failed',
  'permission-denied',
]);

export class DeployRunner {
  private stateValue: DeployState = 'idle';
  private readonly ops: EngineOps;
  private readonly journal = new Journal();
  private readonly warnings: string[] = [];
  private readonly timeline = new DeployTimeline();

  constructor(readonly options: DeployOptions) {
    this.ops = new EngineOps(options.client);
  }

  get state(): DeployState {
    return this.stateValue;
  }

  get changes(): readonly ChangeRecord[] {
    return this.journal.records;
  }

  private emit(event: DeployEvent): void {
    if (event.type === 'warning') this.warnings.push(event.message);
    try {
      this.options.onEvent?.(event);
    } catch {
      /* a listener's bug must not break the deploy */
    }
  }

  private set(state: DeployState): void {
    this.stateValue = state;
    this.emit({ type: 'state', state });
  }

  private get connectionId(): string {
    return this.options.connectionId ?? this.options.client.endpoint.id;
  }

  private result(status: DeployStatus, message: string, rest: Partial<DeployResult> & { timings: DeployResult['timings'] }): DeployResult {
    const terminal: Record<DeployStatus, DeployState> = {
      converged: 'converged',
      unchanged: 'unchanged',
      submitted: 'submitted',
      tripped: 'rolled-back',
      timeout: 'timeout',
      cancelled: 'cancelled',
      failed: 'failed',
      refused: 'refused',
      declined: 'declined',
    };
    this.set(terminal[status]);
    if (status === 'failed' || status === 'refused') this.emit({ type: 'failed', message, error: rest.error });
    return { status, message, changes: [...this.journal.records], warnings: [...new Set(this.warnings)], timeline: [...this.timeline.entries], ...rest };
  }

  /** Validates and converts the files (or takes the stored revision). */
  private load(): { desired: DesiredStack; files: RevisionFile[]; diagnostics?: FileDiagnostics[]; errors: string[] } {
    const src = this.options.source;
    if ('revision' in src) return { desired: structuredClone(src.revision.desired), files: src.revision.files, errors: [] };
    this.set('validating');
    const validate = this.options.validate;
    if (!validate) throw new Error('DeployOptions.validate is required to deploy files');
    const diagnostics = src.files.map((f) => ({ path: f.path, diagnostics: validate(f, src.env) }));
    this.emit({ type: 'validated', files: diagnostics });
    const errors = diagnostics.flatMap((f) =>
      f.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`),
    );
    for (const f of diagnostics)
      for (const d of f.diagnostics)
        if (d.severity === 'warning')
          this.emit({ type: 'warning', message: `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}` });
    if (errors.length) return { desired: undefined as never, files: [], diagnostics, errors };
    const config = loadStackConfig(src);
    return {
      desired: convertStack(config, this.options.stack, src.readFile),
      files: src.files.map((f) => ({ path: f.path, text: f.text })),
      diagnostics,
      errors,
    };
  }

  /** Validation, conversion, live state and plan; nothing is changed. */
  async plan(): Promise<{ plan?: StackPlan; files: RevisionFile[]; refused?: DeployResult }> {
    const t0 = Date.now();
    let loaded: ReturnType<DeployRunner['load']>;
    try {
      loaded = this.load();
    } catch (err) {
      return {
        files: [],
        refused: this.result('refused', `The stack files cannot be loaded: ${(err as Error).message}`, {
          error: err as Error,
          timings: { planMs: Date.now() - t0 },
        }),
      };
    }
    if (loaded.errors.length) {
      return {
        files: [],
        refused: this.result(
          'refused',
          `Not deployed: the files have ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}:\n${loaded.errors.join('\n')}`,
          { diagnostics: loaded.diagnostics, timings: { planMs: Date.now() - t0 } },
        ),
      };
    }
    this.set('planning');
    const live = await readLiveState(this.ops, this.options.stack);
    const revisions = this.options.store ? await this.options.store.list(this.connectionId, this.options.stack) : [];
    const last = revisions[revisions.length - 1];
    const knownSecretHashes = Object.fromEntries((last?.desired.secrets ?? []).filter((s) => s.sha256).map((s) => [s.spec.Name, s.sha256]));
    const liveRevision = live.services.map((s) => s.Spec?.Labels?.[REVISION_LABEL]).find(Boolean);
    const dockerConfig = this.options.withRegistryAuth ? (this.options.dockerConfig ?? readDockerConfig(process.env, homedir())) : undefined;
    const plan = await planStack(this.ops, loaded.desired, live, {
      prune: this.options.prune,
      resolveImage: this.options.resolveImage,
      versionChanged: this.options.versionChanged,
      knownSecretHashes,
      registryAuth: dockerConfig ? (image) => registryAuthForImage(dockerConfig, image) : undefined,
      revisionLabels:
        this.options.revisionLabels === false
          ? undefined
          : (desired) => {
              const id = revisionId(desired);
              const previous = [...revisions].reverse().find((r) => r.id !== id);
              const previousId = previous?.id ?? (liveRevision && liveRevision !== id ? liveRevision : undefined);
              const previousFiles = previous ? encodeFilesLabel(previous.files) : undefined;
              return { id, ...(previousId ? { previousId } : {}), ...(previousFiles ? { previousFiles } : {}) };
            },
    });
    for (const w of plan.warnings) this.emit({ type: 'warning', message: w });
    this.set('planned');
    this.emit({ type: 'planned', plan });
    return { plan, files: loaded.files };
  }

  /** Plan, confirm, apply, watch, breaker, prune, revision: the whole deploy. Never throws. */
  async run(): Promise<DeployResult> {
    const t0 = Date.now();
    let planned: Awaited<ReturnType<DeployRunner['plan']>>;
    try {
      planned = await this.plan();
    } catch (err) {
      return this.result('failed', `Planning failed: ${(err as Error).message}`, { error: err as Error, timings: { planMs: Date.now() - t0 } });
    }
    if (planned.refused) return planned.refused;
    const plan = planned.plan!;
    const planMs = Date.now() - t0;
    if (!plan.ok) {
      const errors = plan.problems.filter((p) => p.severity === 'error').map((p) => `${p.service ?? p.object ?? plan.stack}: ${p.message}`);
      return this.result(
        'refused',
        `Not deployed: the plan found ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was changed:\n${errors.join('\n')}`,
        { plan, timings: { planMs } },
      );
    }
    if (!plan.changes) {
      const revision = await this.saveRevision(plan, planned.files);
      return this.result('unchanged', `Stack ${plan.stack} is up to date; nothing to change.`, { plan, revision, timings: { planMs } });
    }
    if (this.options.confirm && !(await this.options.confirm(plan)))
      return this.result('declined', 'Not deployed: the plan was not confirmed.', { plan, timings: { planMs } });
    if (this.options.signal?.aborted) return this.result('cancelled', 'Cancelled before anything was changed.', { plan, timings: { planMs } });
    try {
      return await this.applyAndWatch(plan, planned.files, planMs);
    } catch (err) {
      return this.result('failed', `Deploy failed: ${(err as Error).message}`, { plan, error: err as Error, timings: { planMs } });
    }
  }

  private async applyAndWatch(plan: StackPlan, files: RevisionFile[], planMs: number): Promise<DeployResult> {
    const o = this.options;
    const tApply = Date.now();
    const stop = new AbortController();
    const watchStop = new AbortController();
    const watchSignal = o.signal ? AbortSignal.any([o.signal, watchStop.signal]) : watchStop.signal;
    const breaker = new CircuitBreaker(o.breaker);
    let convergeMs: number | undefined;
    const watcher = o.detach
      ? undefined
      : new ConvergenceWatcher(this.ops, {
          timeoutMs: (o.timeoutSeconds ?? 300) * 1000,
          pollMs: o.pollMs,
          breaker,
          signal: watchSignal,
          onProgress: (report) => this.emit({ type: 'progress', report }),
          nodeNames: new Map(plan.live.nodes.map((n) => [n.ID, nodeName(n)])),
          timeline: this.timeline,
          wakeOn: o.events === false ? undefined : engineEventWake(o.client),
        });
    const updating = plan.services.filter((s) => s.action === 'update').map((s) => s.current!.ID);
    const knownTasks = new Set(updating.length ? (await this.ops.listTasks({ service: updating })).map((t) => t.ID) : []);
    const watching: Promise<WatchResult> | undefined = watcher?.run().then((r) => {
      if (r.status !== 'converged') stop.abort();
      else convergeMs = Date.now() - tApply;
      return r;
    });
    this.set('applying');
    const outcome = await applyPlan(this.ops, plan, this.journal, {
      parallel: o.parallel,
      signal: o.signal,
      stop: stop.signal,
      versionChanged: o.versionChanged,
      onStepStarted: (step) => this.emit({ type: 'step-started', step }),
      onStepFinished: (step, error) => this.emit({ type: 'step-finished', step, error }),
      onServiceSubmitted: (s, record) => watcher?.add(this.watchTarget(plan, s, record, knownTasks)),
    });
    const submitMs = Date.now() - tApply;
    for (const w of outcome.warnings) this.emit({ type: 'warning', message: w });
    const timings = () => ({ planMs, submitMs, ...(convergeMs !== undefined ? { convergeMs } : {}) });
    const changedNames = () => this.journal.records.map((r) => `${r.kind.replace('-', ' ')} ${r.name}`).join(', ') || 'nothing';

    if (outcome.status === 'failed') {
      watchStop.abort();
      await watching;
      const err = outcome.error!;
      if (err instanceof EngineError && CONNECTION_KINDS.has(err.kind)) {
        return this.result(
          'failed',
          `${err.message}\nThe deploy stopped after ${outcome.submitted.length} of ${outcome.submitted.length + outcome.pending.length} services were submitted (changed: ${changedNames()}; not submitted: ${outcome.pending.join(', ') || 'none'}). Nothing was rolled back because the daemon cannot be reached; run the same deploy again once it is back: the plan starts from what is live, so it completes the rest.`,
          { plan, error: err, timings: timings() },
        );
      }
      const undo = await this.rollBack();
      return this.result('failed', `Deploy failed: ${err.message}. Everything this deploy had changed was rolled back.`, {
        plan,
        error: err,
        undo,
        timings: timings(),
      });
    }
    if (outcome.status === 'cancelled') {
      watchStop.abort();
      const watched = await watching;
      return this.result(
        'cancelled',
        `Cancelled: ${outcome.submitted.length} service${outcome.submitted.length === 1 ? ' was' : 's were'} submitted before the cancel (${outcome.submitted.join(', ') || 'none'}), ${outcome.pending.length} not (${outcome.pending.join(', ') || 'none'}). Changed: ${changedNames()}. Run the deploy again to complete it.`,
        { plan, progress: watched?.progress, timings: timings() },
      );
    }
    watcher?.close();
    if (!watching) {
      await this.prune(plan);
      const revision = await this.saveRevision(plan, files);
      return this.result(
        'submitted',
        `Submitted ${outcome.submitted.length} service${outcome.submitted.length === 1 ? '' : 's'} of stack ${plan.stack} (not watching convergence: --detach).`,
        { plan, revision, timings: timings() },
      );
    }
    const watched = await watching;
    if (watched.status === 'converged') {
      this.emit({ type: 'converged', report: watched.progress });
      await this.prune(plan);
      const revision = await this.saveRevision(plan, files);
      return this.result(
        'converged',
        `Stack ${plan.stack} converged: ${watched.progress.converged}/${watched.progress.total} services.${nodeLossNote(watched.progress)}`,
        {
          plan,
          progress: watched.progress,
          revision,
          timings: timings(),
        },
      );
    }
    if (watched.status === 'tripped') {
      const trip = watched.trip!;
      this.emit({ type: 'tripped', trip });
      const undo = await this.rollBack();
      const failedUndo = undo.filter((u) => u.outcome === 'failed');
      const errors = trip.taskErrors.length ? `\nTask errors:\n  ${trip.taskErrors.join('\n  ')}` : '';
      const undone = failedUndo.length
        ? ` Rolling back failed for: ${failedUndo.map((u) => `${u.record.name} (${u.error})`).join(', ')}.`
        : ' Every change of this deploy was rolled back.';
      return this.result(
        'tripped',
        `The circuit breaker stopped the rollout: ${trip.service === 'stack' ? 'the stack' : `service ${trip.service}`}: ${trip.reason}.${undone}${errors}`,
        { plan, trip, undo, progress: watched.progress, timings: timings() },
      );
    }
    if (watched.status === 'cancelled') {
      return this.result(
        'cancelled',
        `Cancelled while watching; everything was submitted (changed: ${changedNames()}). The services keep converging on their own.`,
        {
          plan,
          progress: watched.progress,
          timings: timings(),
        },
      );
    }
    if (watched.status === 'timeout') {
      const pending = watched.progress.services.filter((s) => s.state !== 'converged').map((s) => `${s.name} (${s.state}, ${s.running}/${s.desired} running)`);
      const undo = o.rollbackOnTimeout ? await this.rollBack() : undefined;
      return this.result(
        'timeout',
        `Not converged within ${o.timeoutSeconds ?? 300} s: ${pending.join(', ')}.${nodeLossNote(watched.progress)}${undo ? ' The changes were rolled back.' : ''}`,
        { plan, undo, progress: watched.progress, timings: timings() },
      );
    }
    const err = watched.error;
    return this.result(
      'failed',
      `Watching the rollout failed: ${err?.message}. Changed: ${changedNames()}. Run the deploy again once the daemon answers; it completes what is missing.`,
      { plan, error: err, progress: watched.progress, timings: timings() },
    );
  }

  private watchTarget(plan: StackPlan, s: StackPlan['services'][number], record: ChangeRecord, knownTasks: Set<string>): WatchTarget {
    const spec = s.spec!;
    const global = !!spec.Mode.Global;
    return {
      id: record.id,
      name: s.name,
      action: s.action === 'create' ? 'create' : 'update',
      restarts: s.restarts,
      previousUpdateStartedAt: record.previousUpdateStartedAt,
      knownTaskIds: knownTasks,
      maxFailureRatio: spec.UpdateConfig?.MaxFailureRatio ?? 0,
      ...(global ? { expectedGlobalTasks: evaluateConstraints(plan.live.nodes, spec.TaskTemplate.Placement?.Constraints ?? []).eligible.length } : {}),
    };
  }

  private async rollBack(): Promise<UndoResult[]> {
    this.set('rolling-back');
    const names = new Map(this.journal.records.map((r) => [r.id, r.name]));
    const results = await undoJournal(this.ops, this.journal, {
      onRequested: (record, outcome) => this.timeline.record('rollback-requested', { service: record.name, detail: outcome }),
      onConvergedBack: (id, state) => this.timeline.record('converged-back', { service: names.get(id) ?? id, detail: state }),
    });
    this.emit({ type: 'rolled-back', results });
    return results;
  }

  private async prune(plan: StackPlan): Promise<void> {
    if (!plan.services.some((s) => s.action === 'remove')) return;
    this.set('pruning');
    await pruneServices(this.ops, plan, this.journal, {
      onStepStarted: (step) => this.emit({ type: 'step-started', step }),
      onStepFinished: (step, error) => this.emit({ type: 'step-finished', step, error }),
    });
  }

  private async saveRevision(plan: StackPlan, files: RevisionFile[]): Promise<StackRevision | undefined> {
    if (!this.options.store) return undefined;
    const revision = makeRevision(plan.stack, this.connectionId, files, plan.desired);
    try {
      await this.options.store.save(revision);
    } catch (err) {
      this.emit({ type: 'warning', message: `the revision could not be saved: ${(err as Error).message}` });
    }
    return revision;
  }
}

/** Convenience: one deploy with a runner. */
export function deployStack(options: DeployOptions): Promise<DeployResult> {
  return new DeployRunner(options).run();
}
