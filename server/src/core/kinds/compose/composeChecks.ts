import { defineRule } from '../../rules/registry';
import { requiredValidator } from '../../schema/compile';
import type { SchemaSet } from '../../schema/schemaSet';
import { reportSchemaProblems } from '../../schema/reportSchema';
import type { StackCheck } from '../stack/context';
import { COMPOSE_PROJECT_CHECKS } from './composeProject';

export const composeSchemaRule = defineRule({
  code: 'compose-schema',
  kinds: ['compose'],
  severity: 'error',
  description: 'Violates the compose-spec schema (files for `docker compose`).',
  source: 'compose-spec/compose-spec schema/compose-spec.json (170098b)',
});

/** compose-spec.json is read on first use (its `$id` is checked by test/unit/schema-standalone.test.ts). */
export const COMPOSE_SCHEMA_SET: SchemaSet = {
  name: 'compose-spec',
  draft: 7,
  schemas: () => [require('../../../../../schemas/compose-spec.json') as object],
  refs: { root: 'compose_spec.json' },
};

const checkComposeSchema: StackCheck = (ctx) => {
  reportSchemaProblems(ctx, requiredValidator(COMPOSE_SCHEMA_SET, 'root'), ctx.config, composeSchemaRule);
};

export const COMPOSE_CHECKS: StackCheck[] = [checkComposeSchema, ...COMPOSE_PROJECT_CHECKS];
