// Watching the services of a deploy converge, all at once: one GET /services and one GET /tasks per round for every
// watched service together (not one service after the other like `docker stack deploy --detach=false`). A service
// has converged when the update swarm started for it completed (if the change restarts tasks) and all its desired
// tasks run (jobs: completed). Failed tasks created after the deploy started feed the circuit breaker.
import type { SwarmService, SwarmTask } from '../engine';
import type { CircuitBreaker, ServiceHealth, TripInfo } from './circuitBreaker';
import type { EngineOps } from './engineOps';
import { nodeName } from './placement';
import { fatalRejection } from './taskRejection';
import type { DeployTimeline } from './timeline';

export interface WatchTarget {
  id: string;
  name: string;
  action: 'create' | 'update';
  /** The change restarts tasks: wait for the rolling update swarm starts. */
  restarts: boolean;
  /** UpdateStatus.StartedAt before this deploy's update. */
  previousUpdateStartedAt?: string;
  /** Tasks that existed before the change (not counted as failures). */
  knownTaskIds: Set<string>;
  maxFailureRatio: number;
  /** Global services: the tasks swarm should create (eligible nodes), in case it has not created them yet. */
  expectedGlobalTasks?: number;
}

export type ServiceWatchState = 'starting' | 'updating' | 'converged' | 'failed';

export interface ServiceProgress {
  name: string;
  id: string;
  state: ServiceWatchState;
  running: number;
  desired: number;
  completed: number;
  failures: number;
  taskErrors: string[];
  message?: string;
  /** Tasks of this deploy left on a node swarm marks down, and where each went (see movedOffDownNodes). */
  nodeLoss?: string[];
}

export interface ProgressReport {
  converged: number;
  total: number;
  services: ServiceProgress[];
  /** Hostnames of the nodes that went down under this deploy's tasks. */
  downNodes?: string[];
}

export interface WatchOptions {
  pollMs?: number;
  /** Overall limit for convergence. */
  timeoutMs: number;
  breaker: CircuitBreaker;
  signal?: AbortSignal;
  onProgress?: (report: ProgressReport) => void;
  /** Node id → hostname, for task errors that say where (`on vm-w1`). */
  nodeNames?: ReadonlyMap<string, string>;
  /** Receives each failed task once, when a round first sees it, and the moment the breaker trips. */
  timeline?: DeployTimeline;
  /**
   * Wakes the watcher for an early round (e.g. on an Engine event about a watched service), at most once per
   * minRoundMs (default 200) so an event storm cannot flood the daemon; returns a function that stops it.
   */
  wakeOn?: (wake: () => void, serviceIds: () => ReadonlySet<string>) => () => void;
  minRoundMs?: number;
}

export interface WatchResult {
  status: 'converged' | 'tripped' | 'timeout' | 'cancelled' | 'failed';
  progress: ProgressReport;
  trip?: TripInfo;
  error?: Error;
}

const FAILED = new Set(['failed', 'rejected']);
const ENDED = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);
const FOLLOW_UP_ROUNDS = 3;
const TERMINAL_UPDATE_FAILURE = new Set(['paused', 'rollback_started', 'rollback_paused', 'rollback_completed']);

const isJob = (svc: SwarmService) => {
  const mode = (svc.Spec?.Mode ?? {}) as Record<string, unknown>;
  return !!(mode.ReplicatedJob || mode.GlobalJob);
};

/** A task's failure line for reports: `<service>.<slot> on <node>: <err>` (the hostname when known, else the node id). */
export function taskError(name: string, t: SwarmTask, nodeNames?: ReadonlyMap<string, string>): string {
  const where = `${name}${t.Slot ? `.${t.Slot}` : ''}`;
  const err = t.Status?.Err;
  const exit = t.Status?.ContainerStatus?.ExitCode;
  const detail = err ? `: ${err}` : exit ? `: exit code ${exit}` : t.Status?.Message ? ` (${t.Status.Message})` : '';
  const node = t.NodeID ? (nodeNames?.get(t.NodeID) ?? `node ${t.NodeID.slice(0, 12)}`) : undefined;
  return `${where}${node ? ` on ${node}` : ''}: ${t.Status?.State}${detail}`;
}

/** The tasks of this deploy (not known before it) that failed; a replicated service's task that completed counts too. */
export function failedTasks(target: WatchTarget, svc: SwarmService, tasks: SwarmTask[]): SwarmTask[] {
  const job = isJob(svc);
  return tasks.filter(
    (t) => !target.knownTaskIds.has(t.ID) && (FAILED.has(t.Status?.State ?? '') || (!job && t.Status?.State === 'complete' && t.DesiredState !== 'running')),
  );
}

/**
 * Tasks of this deploy swarm gave up on (desired no longer running) that never reported an end: what a node that
 * went down leaves behind. Cheap to find from the tasks alone; only then are the nodes asked whether one is down.
 */
export function strandedTasks(target: WatchTarget, tasks: SwarmTask[]): SwarmTask[] {
  return tasks.filter((t) => !target.knownTaskIds.has(t.ID) && t.NodeID && t.DesiredState !== 'running' && !ENDED.has(t.Status?.State ?? ''));
}

/** The task swarm started in place of `task` (same service and slot); global tasks have no slot and are not moved. */
export function replacementOf(task: SwarmTask, tasks: SwarmTask[]): SwarmTask | undefined {
  return task.Slot ? tasks.find((r) => r.ServiceID === task.ServiceID && r.Slot === task.Slot && r.ID !== task.ID && r.DesiredState === 'running') : undefined;
}

/** Where the deploy's tasks on down nodes went: `web.2 on sp-w2 (node down) → running on sp-w1` (or not yet, and why). */
export function movedOffDownNodes(
  target: WatchTarget,
  tasks: SwarmTask[],
  downNodeIds: ReadonlySet<string>,
  nodeNames?: ReadonlyMap<string, string>,
): string[] {
  const where = (id: string) => nodeNames?.get(id) ?? `node ${id.slice(0, 12)}`;
  return strandedTasks(target, tasks)
    .filter((t) => downNodeIds.has(t.NodeID!))
    .map((t) => {
      const r = replacementOf(t, tasks);
      const why = r?.Status?.Err ? `: ${r.Status.Err}` : '';
      const now = r ? `${r.Status?.State}${r.NodeID ? ` on ${where(r.NodeID)}` : ''}${why}` : 'not rescheduled yet';
      return `${target.name}${t.Slot ? `.${t.Slot}` : ''} on ${where(t.NodeID!)} (node down) → ${now}`;
    });
}

/** One sentence for the deploy's result when nodes went down under it, else ''. */
export function nodeLossNote(report: ProgressReport): string {
  const lines = report.services.flatMap((s) => s.nodeLoss ?? []);
  if (!report.downNodes?.length || !lines.length) return '';
  return ` Node${report.downNodes.length === 1 ? '' : 's'} down during the deploy: ${report.downNodes.join(', ')}; ${lines.join('; ')}.`;
}

export function evaluateService(
  target: WatchTarget,
  svc: SwarmService | undefined,
  tasks: SwarmTask[],
  nodeNames?: ReadonlyMap<string, string>,
): ServiceProgress {
  const base = { name: target.name, id: target.id, running: 0, desired: 0, completed: 0, failures: 0, taskErrors: [] as string[] };
  if (!svc) return { ...base, state: 'failed', message: 'the service was removed while the deploy was watching it' };
  const job = isJob(svc);
  const failed = failedTasks(target, svc, tasks).sort((a, b) => (b.UpdatedAt ?? '').localeCompare(a.UpdatedAt ?? ''));
  const taskErrors = failed.slice(0, 5).map((t) => taskError(target.name, t, nodeNames));
  const active = tasks.filter((t) => t.DesiredState === 'running');
  const running = active.filter((t) => t.Status?.State === 'running').length;
  const status = (svc as SwarmService & { ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number } }).ServiceStatus;
  const mode = (svc.Spec?.Mode ?? {}) as { Replicated?: { Replicas?: number }; Global?: object; ReplicatedJob?: { TotalCompletions?: number } };
  let desired = status?.DesiredTasks ?? 0;
  if (mode.Replicated) desired = mode.Replicated.Replicas ?? 1;
  if (mode.Global) desired = Math.max(desired, target.expectedGlobalTasks ?? 0, active.length);
  const completed = job ? tasks.filter((t) => t.Status?.State === 'complete').length : (status?.CompletedTasks ?? 0);
  const progress = { ...base, running, desired, completed, failures: failed.length, taskErrors };
  // A missing image or platform fails the service at once, whatever its failure ratio allows.
  const fatal = failed.map((t) => fatalRejection(t, nodeNames)).find(Boolean);
  if (fatal) return { ...progress, state: 'failed', message: `task rejected on ${fatal.node}: ${fatal.reason}` };
  const us = svc.UpdateStatus;
  const ours = !!us?.StartedAt && us.StartedAt !== target.previousUpdateStartedAt;
  if (target.action === 'update' && ours && us?.State && TERMINAL_UPDATE_FAILURE.has(us.State)) {
    return {
      ...progress,
      state: 'failed',
      message: `swarm ${us.State === 'paused' ? 'paused the update' : 'rolled the update back'}${us.Message ? `: ${us.Message}` : ''}`,
    };
  }
  // Swarm starts no rolling update for a service without tasks (replicas 0, no eligible node): nothing to wait for.
  const idle = desired === 0 && active.length === 0;
  if (target.action === 'update' && target.restarts && !idle && (!ours || us?.State !== 'completed')) return { ...progress, state: 'updating' };
  if (job) {
    const total = mode.ReplicatedJob?.TotalCompletions ?? desired;
    return { ...progress, desired: total, state: completed >= total ? 'converged' : 'starting' };
  }
  const allRunning = active.every((t) => t.Status?.State === 'running');
  return { ...progress, state: running >= desired && allRunning ? 'converged' : 'starting' };
}

/** Follows every added service until all converged (after close()), the breaker trips, time runs out or cancel. */
export class ConvergenceWatcher {
  private readonly targets = new Map<string, WatchTarget>();
  private closed = false;
  private wake?: () => void;
  private last = '';

  constructor(
    private readonly ops: EngineOps,
    private readonly options: WatchOptions,
  ) {}

  /** Follows one more service from the next round on (rounds run every pollMs, whatever is added meanwhile). */
  add(target: WatchTarget): void {
    this.targets.set(target.id, target);
  }

  /** No more services will be added. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.options.signal?.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      this.options.signal?.addEventListener('abort', done, { once: true });
    });
  }

  async run(): Promise<WatchResult> {
    const deadline = Date.now() + this.options.timeoutMs;
    const pollMs = this.options.pollMs ?? 500;
    const minRoundMs = Math.min(pollMs, this.options.minRoundMs ?? 200);
    let report: ProgressReport = { converged: 0, total: 0, services: [] };
    let early = false;
    // After an event, a few rounds minRoundMs apart: the Engine records a task as failed a little after its
    // container died, so the round the event triggers can be too early to see it.
    let followUps = 0;
    const unwake = this.options.wakeOn?.(
      () => {
        early = true;
        followUps = FOLLOW_UP_ROUNDS;
        this.wake?.();
      },
      () => new Set(this.targets.keys()),
    );
    try {
      for (;;) {
        if (this.options.signal?.aborted) return { status: 'cancelled', progress: report };
        const roundStart = Date.now();
        early = false;
        if (this.targets.size) {
          try {
            report = await this.round();
          } catch (err) {
            return { status: 'failed', progress: report, error: err as Error };
          }
          const trip = this.options.breaker.evaluate(report.services.map((s) => this.health(s)));
          if (trip) {
            this.options.timeline?.record('tripped', { service: trip.service, detail: trip.reason });
            return { status: 'tripped', progress: report, trip };
          }
          if (this.closed && report.services.length === this.targets.size && report.converged === report.total)
            return { status: 'converged', progress: report };
        } else if (this.closed) {
          return { status: 'converged', progress: report };
        }
        if (Date.now() >= deadline) return { status: 'timeout', progress: report };
        const nap = followUps > 0 ? minRoundMs : pollMs;
        followUps = Math.max(0, followUps - 1);
        await this.sleep(Math.min(nap, Math.max(0, deadline - Date.now())));
        // Woken early by an event: still no closer than minRoundMs to the previous round.
        const gap = roundStart + minRoundMs - Date.now();
        if (early && gap > 0) await new Promise((r) => setTimeout(r, gap));
      }
    } finally {
      unwake?.();
    }
  }

  private health(s: ServiceProgress): ServiceHealth {
    const t = this.targets.get(s.id)!;
    return {
      name: s.name,
      maxFailureRatio: t.maxFailureRatio,
      desired: s.desired,
      failures: s.failures,
      taskErrors: s.taskErrors,
      swarmFailure: s.state === 'failed' ? s.message : undefined,
    };
  }

  /** Fills each service's nodeLoss when some of its tasks were left on a node that is down; the down hostnames. */
  private async nodeLoss(targets: WatchTarget[], list: ServiceProgress[], tasksOf: Map<string, SwarmTask[]>): Promise<string[] | undefined> {
    const holding = new Set(targets.flatMap((t) => strandedTasks(t, tasksOf.get(t.id) ?? []).map((x) => x.NodeID!)));
    if (!holding.size) return undefined;
    const nodes = await this.ops.client.listNodes();
    const down = nodes.filter((n) => holding.has(n.ID) && (n.Status?.State === 'down' || n.Status?.State === 'unknown'));
    const ids = new Set(down.map((n) => n.ID));
    const names = new Map([...(this.options.nodeNames ?? []), ...nodes.map((n) => [n.ID, nodeName(n)] as const)]);
    targets.forEach((t, i) => {
      const lines = movedOffDownNodes(t, tasksOf.get(t.id) ?? [], ids, names);
      if (lines.length) list[i].nodeLoss = lines;
    });
    return down.length ? down.map((n) => names.get(n.ID)!) : undefined;
  }

  private async round(): Promise<ProgressReport> {
    // Services added while this round waits for the daemon are evaluated next round.
    const targets = [...this.targets.values()];
    const ids = targets.map((t) => t.id);
    const services = await this.ops.listServices({ id: ids });
    const byId = new Map(services.map((s) => [s.ID, s]));
    // GET /tasks fails as a whole when one `service` filter value no longer exists: ask only for the live ones.
    const live = ids.filter((id) => byId.has(id));
    const tasks = live.length ? await this.ops.listTasks({ service: live }) : [];
    const tasksOf = new Map<string, SwarmTask[]>();
    for (const t of tasks) tasksOf.set(t.ServiceID, [...(tasksOf.get(t.ServiceID) ?? []), t]);
    const names = this.options.nodeNames;
    const list = targets.map((t) => evaluateService(t, byId.get(t.id), tasksOf.get(t.id) ?? [], names));
    const downNodes = await this.nodeLoss(targets, list, tasksOf);
    const timeline = this.options.timeline;
    if (timeline)
      for (const t of targets) {
        const svc = byId.get(t.id);
        for (const task of svc ? failedTasks(t, svc, tasksOf.get(t.id) ?? []) : [])
          timeline.taskFailed(task.ID, { service: t.name, engineAt: task.Status?.Timestamp, detail: taskError(t.name, task, names) });
      }
    const report = {
      converged: list.filter((s) => s.state === 'converged').length,
      total: this.targets.size,
      services: list,
      ...(downNodes ? { downNodes } : {}),
    };
    const key = JSON.stringify(list.map((s) => [s.name, s.state, s.running, s.desired, s.failures, s.nodeLoss]));
    if (key !== this.last) {
      this.last = key;
      this.options.onProgress?.(report);
    }
    return report;
  }
}
