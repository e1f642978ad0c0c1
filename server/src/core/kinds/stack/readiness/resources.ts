import { type StackCheck } from '../context';
import { ramInBytes } from '../../../stackModel/sizes';
import { cpusProblem } from '../rules/numbers';
import { adviceRule, mapAt } from './common';

export const noLimitsRule = adviceRule(
  'stack-no-resource-limits',
  'Advice: no `deploy.resources.limits`: one task can take all the memory or CPU of its node and starve everything else there, including the swarm agent.',
  'Docker docs: compose file v3 reference, deploy.resources',
);

export const reservationAboveLimitRule = adviceRule(
  'stack-reservation-above-limit',
  'Advice: a reservation larger than its limit: the scheduler sets aside more than the task may ever use, so nodes look full while they are idle.',
  'swarmkit manager/scheduler (reservations are scheduling-only); moby daemon/cluster/executor/container (limits are cgroup limits)',
);

const cpuAmount = (v: unknown): number | undefined => {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v);
  if (cpusProblem(s)) return undefined;
  const [num, den] = s.includes('/') ? s.split('/').map(Number) : [Number(s), 1];
  return num / den;
};

const memoryBytes = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const r = ramInBytes(v);
  return 'bytes' in r ? r.bytes : undefined;
};

export const checkResources: StackCheck = (ctx) => {
  ctx.eachService('readiness-resources', (name, svc) => {
    const limits = mapAt(svc, ['deploy', 'resources', 'limits']);
    const reservations = mapAt(svc, ['deploy', 'resources', 'reservations']);
    if (!limits || (limits.memory === undefined && limits.cpus === undefined)) {
      const at = mapAt(svc, ['deploy']) ? ['services', name, 'deploy'] : ['services', name];
      ctx.report(
        noLimitsRule,
        ctx.keyRange(at),
        `service ${name} has no deploy.resources.limits: a runaway task can use all memory and CPU of its node; set limits.memory (and limits.cpus)`,
      );
      return;
    }
    if (!reservations) return;
    const pairs = [
      ['memory', memoryBytes(reservations.memory), memoryBytes(limits.memory)],
      ['cpus', cpuAmount(reservations.cpus), cpuAmount(limits.cpus)],
    ] as const;
    for (const [field, reserved, limit] of pairs) {
      if (reserved === undefined || limit === undefined || reserved <= limit) continue;
      ctx.report(
        reservationAboveLimitRule,
        ctx.valueRange(['services', name, 'deploy', 'resources', 'reservations', field]),
        `service ${name}: reservations.${field} (${String(reservations[field])}) is above limits.${field} (${String(limits[field])}): the scheduler reserves more than the task can use`,
      );
    }
  });
};
