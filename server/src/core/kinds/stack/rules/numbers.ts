import { defineRule } from '../../../rules/registry';
import { asMap, type StackCheck } from '../context';
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

export const cpuMinimumRule = defineRule({
  code: 'stack-cpu-minimum',
  kinds: ['stack'],
  severity: 'error',
  description: '`deploy.resources.*.cpus` other than 0 but below 0.001 (negative included): "Must be at least 0.001".',
  source: 'moby/swarmkit manager/controlapi/service.go validateResources (vendored in moby v27.5.1)',
});

/** swarmkit's minimum: 1e6 nano-CPUs. */
const MIN_NANO_CPUS = 1e6;

/** Go's `%g` of a float64 (shortest digits; exponent form below 1e-4 or from 1e21 on, as fmt does). */
export function goFormatG(x: number): string {
  const [mantissa, exp] = x.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 21) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(x);
}

const COUNT_PATHS = Object.entries(SWARM.unsignedCounts.paths).map(([p, field]) => [p.split('.'), field] as const);
const RATIONAL = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|\d+\/\d+)$/;

/** ParseCPUs: the nano-CPUs of a value, or its error. */
function nanoCpus(value: string): { nano: number } | { error: string } {
  if (!RATIONAL.test(value.trim())) return { error: `failed to parse ${value} as a rational number` };
  const [num, den] = value.includes('/') ? value.split('/').map(Number) : [Number(value), 1];
  const nano = (num / den) * 1e9;
  if (!Number.isInteger(Math.round(nano * 1e6) / 1e6)) return { error: 'value is too precise' };
  return { nano: Math.round(nano) };
}

/** Nano-CPU problems as ParseCPUs reports them, or undefined for a valid value. */
export function cpusProblem(value: string): string | undefined {
  const r = nanoCpus(value);
  return 'error' in r ? r.error : undefined;
}

export const checkNumbers: StackCheck = (ctx) => {
  ctx.eachService('numbers', (name, svc) => {
    for (const [path, field] of COUNT_PATHS) {
      const v = valueAt(svc, path);
      if (typeof v === 'number' && v < 0) {
        ctx.report(
          negativeCountRule,
          ctx.valueRange(['services', name, ...path]),
          `cannot parse '${field}', ${v} overflows uint (services.${name}.${path.join('.')} must be 0 or more)`,
        );
      }
    }
    const replicas = asMap(svc.deploy)?.replicas;
    if ((typeof replicas === 'number' || typeof replicas === 'bigint') && replicas >= 2 ** 63) {
      // A valid uint64 that swarmkit casts to a negative int64 (validateMode).
      const job = asMap(svc.deploy)?.mode === 'replicated-job';
      ctx.report(
        negativeCountRule,
        ctx.valueRange(['services', name, 'deploy', 'replicas']),
        `${job ? 'Maximum concurrent jobs must not be negative' : 'Number of replicas must be non-negative'} (services.${name}.deploy.replicas is 2^63 or more, which swarm reads as a negative number: use at most 9223372036854775807)`,
      );
    }
    for (const p of SWARM.cpus.paths) {
      const path = p.split('.');
      const v = valueAt(svc, path);
      if (v === undefined || v === null || (typeof v !== 'string' && typeof v !== 'number')) continue;
      const r = nanoCpus(String(v));
      if ('error' in r)
        ctx.report(
          cpusRule,
          ctx.valueRange(['services', name, ...path]),
          `service ${name}: ${r.error} (services.${name}.${p} takes a number of CPUs such as 0.5 or "1.5")`,
        );
      else if (r.nano !== 0 && r.nano < MIN_NANO_CPUS) {
        ctx.report(
          cpuMinimumRule,
          ctx.valueRange(['services', name, ...path]),
          `invalid cpu value ${goFormatG(r.nano / 1e9)}: Must be at least 0.001 (services.${name}.${p}: use at least 0.001 CPUs, or remove the key)`,
          { data: { value: v } },
        );
      }
    }
  });
};
