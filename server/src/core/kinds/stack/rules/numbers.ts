import { defineRule } from '../../../rules/registry';
import { services, type StackCheck } from '../context';
import { SWARM, valueAt } from './common';

export const negativeCountRule = defineRule({
  code: 'stack-negative-count',
  kinds: ['stack'],
  severity: 'error',
  description: 'A negative count (replicas, parallelism, max_attempts, retries, max_replicas_per_node): the schema allows it, decoding refuses it.',
  source: SWARM.unsignedCounts.source,
});

export const cpusRule = defineRule({
  code: 'stack-cpus',
  kinds: ['stack'],
  severity: 'error',
  description: '`deploy.resources.*.cpus` that is not a number stack deploy can convert to nano-CPUs.',
  source: SWARM.cpus.source,
});

const COUNT_PATHS = Object.entries(SWARM.unsignedCounts.paths).map(([p, field]) => [p.split('.'), field] as const);
const RATIONAL = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|\d+\/\d+)$/;

/** Nano-CPU problems as ParseCPUs reports them, or undefined for a valid value. */
export function cpusProblem(value: string): string | undefined {
  if (!RATIONAL.test(value.trim())) return `failed to parse ${value} as a rational number`;
  const [num, den] = value.includes('/') ? value.split('/').map(Number) : [Number(value), 1];
  const nano = (num / den) * 1e9;
  if (!Number.isInteger(Math.round(nano * 1e6) / 1e6)) return 'value is too precise';
  return undefined;
}

export const checkNumbers: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    for (const [path, field] of COUNT_PATHS) {
      const v = valueAt(svc, path);
      if (typeof v === 'number' && v < 0) {
        ctx.report(negativeCountRule, ctx.valueRange(['services', name, ...path]), `cannot parse '${field}', ${v} overflows uint (services.${name}.${path.join('.')} must be 0 or more)`);
      }
    }
    for (const p of SWARM.cpus.paths) {
      const path = p.split('.');
      const v = valueAt(svc, path);
      if (v === undefined || v === null || (typeof v !== 'string' && typeof v !== 'number')) continue;
      const problem = cpusProblem(String(v));
      if (problem) ctx.report(cpusRule, ctx.valueRange(['services', name, ...path]), `service ${name}: ${problem} (services.${name}.${p} takes a number of CPUs such as 0.5 or "1.5")`);
    }
  }
};
