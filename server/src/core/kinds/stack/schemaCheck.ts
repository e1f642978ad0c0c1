import { defineRule } from '../../rules/registry';
import { reportSchemaProblems } from '../../schema/reportSchema';
import type { StackCheck } from './context';
import { FORBIDDEN } from './loaderKeys';
import { LATEST_STACK_VERSION, STACK_VERSIONS, stackFileVersion, stackSchemaValidator } from './stackSchemas';

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
    ctx.report(stackVersionRule, ctx.valueRange(['version']), `unsupported Compose file version: ${version} (stack deploy supports ${STACK_VERSIONS[0]} to ${LATEST_STACK_VERSION}; leave \`version\` out to use ${LATEST_STACK_VERSION})`, {
      data: { suggestion: LATEST_STACK_VERSION },
    });
    return;
  }
  // Forbidden service keys are reported by their own rule; the schema would only repeat them.
  reportSchemaProblems(ctx, validate, ctx.config, stackSchemaRule, (p) =>
    p.keyword === 'additionalProperties' && p.path.length === 3 && p.path[0] === 'services' && String(p.path[2]) in FORBIDDEN,
  );
};
