import { defineRule } from '../../rules/registry';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { reportProblems } from '../../schema/reportSchema';
import { reduceSchemaErrors } from '../../schema/schemaErrors';
import { asMap, type StackCheck } from './context';
import { FORBIDDEN } from './loaderKeys';
import { LATEST_STACK_VERSION, serviceNamePattern, STACK_VERSIONS, stackFileVersion, stackSchemaValidator, stackServiceValidator } from './stackSchemas';

export const stackSchemaRule = defineRule({
  code: 'stack-schema',
  kinds: ['stack'],
  severity: 'error',
  description: "Violates docker/cli's config_schema_v3.x for the file's `version` (unknown keys, wrong types, bad formats).",
  source: 'docker/cli cli/compose/schema/data/config_schema_v3.*.json (v27.5.1)',
});

export const stackVersionRule = defineRule({
  code: 'stack-version',
  kinds: ['stack'],
  severity: 'error',
  description: '`version` that stack deploy has no schema for (only 3.0 … 3.13; missing means 3.13).',
  source: 'docker/cli cli/compose/schema/schema.go (v27.5.1)',
});

export const checkStackSchema: StackCheck = (ctx) => {
  const version = stackFileVersion(ctx.config);
  const validate = stackSchemaValidator(version);
  if (!validate) {
    ctx.report(
      stackVersionRule,
      ctx.valueRange(['version']),
      `unsupported Compose file version: ${version} (stack deploy supports ${STACK_VERSIONS[0]} to ${LATEST_STACK_VERSION}; leave \`version\` out to use ${LATEST_STACK_VERSION})`,
      {
        data: { suggestion: LATEST_STACK_VERSION },
      },
    );
    return;
  }
  const errors = stackSchemaErrors(version, validate, ctx.config);
  // Forbidden service keys are reported by their own rule; the schema would only repeat them.
  const problems = reduceSchemaErrors(errors).filter(
    (p) => !(p.keyword === 'additionalProperties' && p.path.length === 3 && p.path[0] === 'services' && String(p.path[2]) in FORBIDDEN),
  );
  reportProblems(ctx, problems, stackSchemaRule);
};

/** Per-service schema errors, cached by the (unchanged between edits) service value object. */
const serviceErrorCache = new Map<string, WeakMap<object, ErrorObject[]>>();

function serviceErrors(version: string, validateService: ValidateFunction, svc: object): ErrorObject[] {
  let cache = serviceErrorCache.get(version);
  if (!cache) serviceErrorCache.set(version, (cache = new WeakMap()));
  let errs = cache.get(svc);
  if (!errs) {
    errs = validateService(svc) ? [] : [...(validateService.errors ?? [])];
    cache.set(svc, errs);
  }
  return errs;
}

/**
 * The whole-file schema check, split so that an edit re-validates only the services it touched:
 * the file without its services, then each service against `#/definitions/service`.
 */
function stackSchemaErrors(version: string, validate: ValidateFunction, config: Record<string, unknown>): ErrorObject[] {
  const services = asMap(config.services);
  const validateService = stackServiceValidator(version);
  const pattern = serviceNamePattern(version);
  if (!services || !validateService || !pattern) return validate(config) ? [] : [...(validate.errors ?? [])];
  const rest: Record<string, unknown> = {};
  const errors: ErrorObject[] = [];
  for (const name of Object.keys(services)) {
    const svc = services[name];
    if (!pattern.test(name) || svc === null || typeof svc !== 'object' || Array.isArray(svc)) {
      rest[name] = svc;
      continue;
    }
    const errs = serviceErrors(version, validateService, svc);
    // Runs for every service on each keystroke: the JSON pointer is built only for a service with errors.
    if (errs.length === 0) continue;
    const prefix = `/services/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    for (const e of errs) errors.push({ ...e, instancePath: prefix + e.instancePath });
  }
  if (!validate({ ...config, services: rest })) errors.unshift(...(validate.errors ?? []));
  return errors;
}
