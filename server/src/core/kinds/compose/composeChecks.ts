import composeSpec from '../../../../../schemas/compose-spec.json';
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

export const COMPOSE_SCHEMA_SET: SchemaSet = { name: 'compose-spec', draft: 7, schemas: () => [composeSpec], refs: { root: composeSpec.$id } };

const checkComposeSchema: StackCheck = (ctx) => {
  reportSchemaProblems(ctx, requiredValidator(COMPOSE_SCHEMA_SET, 'root'), ctx.config, composeSchemaRule);
};

export const COMPOSE_CHECKS: StackCheck[] = [checkComposeSchema, ...COMPOSE_PROJECT_CHECKS];
