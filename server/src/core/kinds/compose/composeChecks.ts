import composeSpec from '../../../../../schemas/compose-spec.json';
import { defineRule } from '../../rules/registry';
import { compileDraft07 } from '../../schema/compile';
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

const checkComposeSchema: StackCheck = (ctx) => {
  reportSchemaProblems(ctx, compileDraft07('compose-spec', composeSpec), ctx.config, composeSchemaRule);
};

export const COMPOSE_CHECKS: StackCheck[] = [checkComposeSchema, ...COMPOSE_PROJECT_CHECKS];
