import { defineRule } from '../../../rules/registry';
import { isGoDuration, parseGoDuration } from '../../../stackModel/goDuration';
import { asMap, type StackCheck } from '../context';
import { stackFileVersion, stackSchema } from '../stackSchemas';
import { SWARM, valueAt } from './common';

export const durationRule = defineRule({
  code: 'stack-duration',
  kinds: ['stack'],
  severity: 'error',
  description: 'A duration the schema version does not format-check but the loader parses with time.ParseDuration (e.g. healthcheck in 3.0–3.3).',
  source: 'docker/cli cli/compose/loader/loader.go transformStringToDuration (v27.5.1)',
});

export const negativeDurationRule = defineRule({
  code: 'stack-negative-duration',
  kinds: ['stack'],
  severity: 'error',
  description: 'Negative `update_config` delay/monitor or `restart_policy` delay/window ("… cannot be negative").',
  source: 'moby/swarmkit manager/controlapi/service.go validateUpdate, validateRestartPolicy (vendored in moby v27.5.1)',
});

export const healthcheckDurationRule = defineRule({
  code: 'stack-healthcheck-duration',
  kinds: ['stack'],
  severity: 'error',
  description: 'Healthcheck interval/timeout/start_period/start_interval that is not 0 but below 1ms ("cannot be less than 1ms").',
  source: 'moby/swarmkit manager/controlapi/service.go validateHealthCheck (vendored in moby v27.5.1)',
});

type SchemaNode = Record<string, unknown>;

/**
 * How the active schema treats a service-relative path: 'format' when it declares `format: duration`
 * (the schema check then already reports bad values), 'absent' when the key is not allowed at all
 * (reported as an additional property), 'plain' otherwise. Follows `properties` and local `$ref`s.
 */
export function schemaDurationFormat(schema: object | undefined, path: readonly string[]): 'format' | 'plain' | 'absent' {
  const root = schema as SchemaNode | undefined;
  const defs = asMap(root?.definitions);
  if (!defs) return 'format';
  const deref = (n: unknown): SchemaNode | undefined => {
    const m = asMap(n);
    const ref = m && typeof m.$ref === 'string' ? /^#\/definitions\/(.+)$/.exec(m.$ref) : null;
    return ref ? asMap(defs[ref[1]]) : m;
  };
  let node = deref(defs.service);
  for (const key of path) {
    node = deref(asMap(node?.properties)?.[key]);
    if (!node) return 'absent';
  }
  return node?.format === 'duration' ? 'format' : 'plain';
}

/** A hint for the usual non-Go durations: days, `min`/`sec`, a bare number. */
export function durationHint(value: string): string {
  const days = /^(\d+)d$/.exec(value);
  if (days) return `Go durations have no d unit: use ${Number(days[1]) * 24}h`;
  if (/\dd/.test(value)) return 'Go durations have no d unit: use 24h per day';
  if (/^\d+(\.\d+)?$/.test(value)) return `a unit is required, e.g. ${value}s`;
  if (/\d\s/.test(value)) return 'no spaces between number and unit, e.g. 1m30s';
  return 'units are ns, us, ms, s, m and h, e.g. 1m30s';
}

/**
 * Durations: docker's loader parses every Duration field with time.ParseDuration. The schema check already
 * reports bad values where the active schema declares `format: duration` (at the same range), so this
 * check reports syntax only for paths the schema leaves plain; range limits (negative, < 1ms) always.
 */
export const checkDurations: StackCheck = (ctx) => {
  const schema = stackSchema(stackFileVersion(ctx.config));
  const nonNegative = new Map(SWARM.nonNegativeDurations.paths.map((p) => [p.path.join('.'), p.name]));
  const health = new Map(SWARM.healthcheckDurations.paths.map((p) => [p.path.join('.'), p.name]));
  ctx.eachService('durations', (name, svc) => {
    for (const rel of SWARM.durationFields.paths) {
      const value = valueAt(svc, rel);
      if (typeof value !== 'string') continue;
      const path = ['services', name, ...rel];
      const ns = parseGoDuration(value);
      if (ns === undefined) {
        if (!isGoDuration(value) && schemaDurationFormat(schema, rel) === 'plain') {
          ctx.report(durationRule, ctx.valueRange(path), `invalid duration "${value}" for ${path.join('.')}: ${durationHint(value)}`, { data: { value } });
        }
        continue;
      }
      const key = rel.join('.');
      const limitName = nonNegative.get(key);
      if (limitName && ns < 0) {
        ctx.report(negativeDurationRule, ctx.valueRange(path), `TaskSpec: ${limitName} cannot be negative (${path.join('.')} is ${value})`, {
          data: { value },
        });
      }
      const healthName = health.get(key);
      if (healthName && asMap(svc.healthcheck)?.disable !== true && ns !== 0 && ns < SWARM.healthcheckDurations.minimumNanoseconds) {
        ctx.report(
          healthcheckDurationRule,
          ctx.valueRange(path),
          `ContainerSpec: ${healthName} in HealthConfig cannot be less than 1ms (${path.join('.')} is ${value}; use 0 for the default)`,
          { data: { value } },
        );
      }
    }
  });
};
