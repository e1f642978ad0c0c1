// Keeps a snapshot of the swarm current: refreshes on engine events (service, node, secret, config) with a
// debounce, polls while someone looks at tasks, while services converge after an event, or while a down node's tasks
// are being rescheduled (there are no task events: a scale emits one service event and the running counts change
// only afterwards; a node loss none), and reconnects with backoff when the engine goes away. Listeners get one call
// per settled change, never a storm.
import type { EngineClient, EventStream } from '../engine';
import { reschedulingPending } from './recovery';
import { takeSnapshot, type SwarmSnapshot } from './snapshot';

export type WatcherState =
  { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; snapshot: SwarmSnapshot } | { kind: 'error'; error: Error; snapshot?: SwarmSnapshot };

export interface WatcherOptions {
  debounceMs?: number;
  taskPollMs?: number;
  maxBackoffMs?: number;
  /** How long after the last event the watcher keeps polling (every taskPollMs) while a service is not converged. */
  settleMs?: number;
}

/** A service whose running tasks do not match what it wants yet, or whose update is still rolling. */
function converging(s: SwarmSnapshot): boolean {
  return s.services.some((x) => x.running !== x.desired || x.updateState === 'updating' || x.updateState === 'rollback_started');
}

export class SwarmWatcher {
  private state: WatcherState = { kind: 'idle' };
  private readonly listeners = new Set<(s: WatcherState) => void>();
  private debounce?: NodeJS.Timeout;
  private poll?: NodeJS.Timeout;
  private settle?: NodeJS.Timeout;
  /** Until when (ms since epoch) a non-converged snapshot is polled again: the last event + settleMs. */
  private settleUntil = 0;
  private readonly settleMs: number;
  private events?: EventStream;
  private stopped = true;
  private refreshing?: Promise<void>;
  private again = false;
  private taskWatchers = 0;
  private readonly debounceMs: number;
  private readonly taskPollMs: number;
  private readonly maxBackoffMs: number;
  /** Bumped by reset(): a load started for the previous engine must not publish its result. */
  private generation = 0;
  private loop = 0;
  /** Refreshes done, for tests and the bench. */
  refreshes = 0;

  constructor(
    private readonly client: () => Promise<EngineClient>,
    opts: WatcherOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 300;
    this.taskPollMs = opts.taskPollMs ?? 3000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.settleMs = opts.settleMs ?? 120_000;
  }

  get current(): WatcherState {
    return this.state;
  }

  /** The last swarm read: the current one, or the one kept on screen while the engine cannot be reached. */
  get lastSnapshot(): SwarmSnapshot | undefined {
    return this.state.kind === 'ready' || this.state.kind === 'error' ? this.state.snapshot : undefined;
  }

  onChange(fn: (s: WatcherState) => void): { dispose(): void } {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  }

  /** Loads once and follows events until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.follow(++this.loop);
  }

  stop(): void {
    this.stopped = true;
    this.loop++;
    this.events?.close();
    clearTimeout(this.debounce);
    clearTimeout(this.settle);
    clearInterval(this.poll);
  }

  /** Another engine (the connection changed): forget the old swarm, and follow the new one if following. */
  reset(): void {
    const running = !this.stopped;
    this.generation++;
    this.stop();
    this.set({ kind: 'idle' });
    if (this.taskWatchers > 0) this.startPolling();
    if (running) this.start();
  }

  /** A refresh now (coalesced with one already running). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.load().finally(() => {
      this.refreshing = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  /** A view shows tasks: poll while at least one does. Returns the release. */
  watchTasks(): { dispose(): void } {
    if (this.taskWatchers++ === 0) this.startPolling();
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        if (--this.taskWatchers === 0) clearInterval(this.poll);
      },
    };
  }

  private startPolling(): void {
    this.poll = setInterval(() => void this.refresh(), this.taskPollMs);
  }

  private scheduleRefresh(): void {
    this.settleUntil = Date.now() + this.settleMs;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.refresh(), this.debounceMs);
  }

  /** One more refresh a poll interval from now while services converge after an event (not when tasks are polled anyway). */
  private scheduleSettle(snapshot: SwarmSnapshot): void {
    clearTimeout(this.settle);
    if (this.stopped || this.taskWatchers > 0) return;
    // Converging after an event (within settleMs of it), or a down node's tasks being rescheduled (no event says when).
    const settling = Date.now() <= this.settleUntil && converging(snapshot);
    if (!settling && !reschedulingPending(snapshot)) return;
    this.settle = setTimeout(() => void this.refresh(), this.taskPollMs);
  }

  private async load(): Promise<void> {
    const generation = this.generation;
    if (this.state.kind === 'idle') this.set({ kind: 'loading' });
    try {
      const snapshot = await takeSnapshot(await this.client());
      if (generation !== this.generation) return;
      this.refreshes++;
      this.set({ kind: 'ready', snapshot });
      this.scheduleSettle(snapshot);
    } catch (err) {
      if (generation !== this.generation) return;
      this.set({ kind: 'error', error: err as Error, snapshot: this.lastSnapshot });
    }
  }

  /** Event loop: (re)subscribe, refresh, follow; on failure wait with backoff and try again. */
  private async follow(loop: number): Promise<void> {
    // A loop whose number is no longer current was stopped (maybe restarted): it ends quietly.
    const ended = () => this.stopped || loop !== this.loop;
    let backoff = 1000;
    while (!ended()) {
      try {
        const client = await this.client();
        const events = await client.events({ filters: { type: ['service', 'node', 'secret', 'config'] } });
        if (ended()) return events.close();
        this.events = events;
        await this.refresh();
        backoff = 1000;
        for await (const _e of events) {
          if (ended()) break;
          this.scheduleRefresh();
        }
        if (ended()) return;
        throw new Error('the engine closed the event stream');
      } catch (err) {
        if (ended()) return;
        if (this.state.kind !== 'error') this.set({ kind: 'error', error: err as Error, snapshot: this.lastSnapshot });
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
  }

  private set(s: WatcherState): void {
    this.state = s;
    for (const fn of this.listeners) fn(s);
  }
}
