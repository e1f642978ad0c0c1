// Section "deploy": needs the loopback test swarm. The circuit breaker's latency: a release whose tasks crash,
// deployed by Swarm Pilot (its breaker; swarm's failure_action is `continue` so swarm itself does not react) and by
// `docker stack deploy` with swarm's own `failure_action: rollback`, on the same services in the same run
// (bench/probes/breaker-probe.ts). Prints first failure → trip → rollback requested → converged back for ours and
// swarm's UpdateStatus timeline for docker's, in ms from the first failed task's Engine timestamp. Stacks are named
// <prefix>brk / <prefix>brkcli ($SWARM_PILOT_BENCH_PREFIX, default spbench) and removed afterwards.
import { join } from 'node:path';
import { fmt, log, mdTable, run } from '../lib/util.mjs';
import { withoutSwarm } from './swarm.mjs';

const TRIP_GOAL_MS = 2000;

export default {
  id: 'deploy',
  title: 'Circuit breaker latency vs swarm failure_action: rollback',
  async run(ctx) {
    const skipped = await withoutSwarm('deploy', 'Circuit breaker');
    if (skipped) return skipped;
    const [services, replicas] = ctx.opts.quick ? [2, 2] : [3, 3];
    const prefix = process.env.SWARM_PILOT_BENCH_PREFIX || 'spbench';
    const r = await run(
      process.execPath,
      ['--import', 'tsx', join(ctx.repo, 'bench', 'probes', 'breaker-probe.ts'), String(services), String(replicas), prefix],
      {
        cwd: ctx.repo,
        timeoutMs: 20 * 60_000,
      },
    );
    const data = JSON.parse(r.stdout.trim().split('\n').pop());
    if (data.error) throw new Error(data.error);
    const s = (ms) => (ms == null ? '–' : `${fmt(ms / 1000, 2)} s`);
    const o = data.ours;
    const d = data.docker;
    const table = mdTable(
      ['', 'first failure (Engine)', 'failure seen', 'trip', 'rollback requested / started', 'converged back'],
      [
        ['Swarm Pilot breaker', s(0), s(o.first_failure_seen_ms), s(o.trip_ms), s(o.rollback_requested_ms), s(o.converged_back_ms)],
        ['swarm `failure_action: rollback`', s(0), '–', '–', s(d.rollback_started_ms), s(d.rollback_completed_ms)],
      ],
    );
    log(`deploy: trip ${s(o.trip_ms)} after the first failure; swarm's rollback started ${s(d.rollback_started_ms)}`);
    return {
      data,
      markdown: [
        `### Circuit breaker: a release whose tasks crash (${services} services × ${replicas} replicas, parallelism 1, monitor 5 s)\n\n${table}` +
          `\n\nTimes from the first failed task's own Engine timestamp (failure ratio 0: the ratio is exceeded there). ` +
          `Ours: the deploy's timeline (\`DeployResult.timeline\`, \`swarm-pilot deploy --format json\`); trip reason: ${o.trip?.reason ?? '–'}. ` +
          `Docker's: swarm's UpdateStatus (rollback_started as a 100 ms poll first saw it, since swarm keeps the update's StartedAt; the last CompletedAt of rollback_completed), final states ${d.final_states.join(', ')}.`,
      ],
      targets: [
        {
          id: 'breaker-trip',
          what: 'circuit breaker: first failed task → trip',
          target: `≤ ${TRIP_GOAL_MS} ms`,
          actual: o.trip_ms,
          unit: 'ms',
          met: o.trip_ms == null ? null : o.trip_ms <= TRIP_GOAL_MS,
        },
      ],
    };
  },
};
