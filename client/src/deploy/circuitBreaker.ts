// The failure-rate circuit breaker of a rollout: failed tasks counted per service and across the stack while the
// deploy is watched. A service trips it when its failed tasks divided by its desired tasks pass its threshold — by
// default the service's own update_config.max_failure_ratio (swarm's own rule: failures / tasks > ratio, so the
// default 0 trips on the first failure) — and the stack trips it when all failures divided by all desired tasks pass
// the stack-wide ratio, when one is set. Swarm pausing or rolling back an update by itself trips it too.

export interface BreakerOptions {
  /** Overrides every service's update_config.max_failure_ratio. */
  serviceRatio?: number;
  /** Stack-wide ratio (failed tasks of all watched services / their desired tasks); off when undefined. */
  stackRatio?: number;
}

export interface ServiceHealth {
  name: string;
  /** The service's update_config.max_failure_ratio (0 when unset). */
  maxFailureRatio: number;
  desired: number;
  failures: number;
  /** Status.Err of the failed tasks, newest first. */
  taskErrors: string[];
  /** Set when swarm itself gave up on the update (paused, rolled back). */
  swarmFailure?: string;
}

export interface TripInfo {
  /** The service that tripped it, or `stack` for the stack-wide ratio. */
  service: string;
  reason: string;
  failures: number;
  desired: number;
  ratio: number;
  threshold: number;
  taskErrors: string[];
}

export class CircuitBreaker {
  private tripped?: TripInfo;

  constructor(readonly options: BreakerOptions = {}) {}

  get trip(): TripInfo | undefined {
    return this.tripped;
  }

  /** Evaluates one round of counts; the first trip is kept. */
  evaluate(services: readonly ServiceHealth[]): TripInfo | undefined {
    if (this.tripped) return this.tripped;
    for (const s of services) {
      const threshold = this.options.serviceRatio ?? s.maxFailureRatio;
      const ratio = s.failures / Math.max(1, s.desired);
      if (s.swarmFailure) {
        return (this.tripped = {
          service: s.name,
          reason: s.swarmFailure,
          failures: s.failures,
          desired: s.desired,
          ratio,
          threshold,
          taskErrors: s.taskErrors,
        });
      }
      if (s.failures > 0 && ratio > threshold) {
        const reason = `${s.failures} failed task${s.failures === 1 ? '' : 's'} for ${s.desired} desired (failure ratio ${fmt(ratio)} > ${fmt(threshold)})`;
        return (this.tripped = { service: s.name, reason, failures: s.failures, desired: s.desired, ratio, threshold, taskErrors: s.taskErrors });
      }
    }
    const stackRatio = this.options.stackRatio;
    if (stackRatio !== undefined) {
      const failures = services.reduce((n, s) => n + s.failures, 0);
      const desired = services.reduce((n, s) => n + Math.max(1, s.desired), 0);
      const ratio = failures / Math.max(1, desired);
      if (failures > 0 && ratio > stackRatio) {
        const worst = [...services].sort((a, b) => b.failures - a.failures)[0];
        return (this.tripped = {
          service: 'stack',
          reason: `${failures} failed tasks across the stack for ${desired} desired (failure ratio ${fmt(ratio)} > ${fmt(stackRatio)}); most failures: ${worst.name}`,
          failures,
          desired,
          ratio,
          threshold: stackRatio,
          taskErrors: worst.taskErrors,
        });
      }
    }
    return undefined;
  }
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
