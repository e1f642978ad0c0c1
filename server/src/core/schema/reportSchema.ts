import type { ValidateFunction } from 'ajv';
import type { RuleMeta } from '../rules/registry';
import type { StackContext } from '../kinds/stack/context';
import { reduceSchemaErrors, type SchemaProblem } from './schemaErrors';

/** Validates `value` and reports each reduced problem at the exact key or value it concerns. */
export function reportSchemaProblems(
  ctx: Pick<StackContext, 'report' | 'keyRange' | 'valueRange'>,
  validate: ValidateFunction,
  value: unknown,
  rule: RuleMeta,
  skip: (p: SchemaProblem) => boolean = () => false,
): SchemaProblem[] {
  if (validate(value)) return [];
  const problems = reduceSchemaErrors(validate.errors ?? []).filter((p) => !skip(p));
  reportProblems(ctx, problems, rule);
  return problems;
}

/** Reports reduced schema problems at the key or value each one concerns. */
export function reportProblems(ctx: Pick<StackContext, 'report' | 'keyRange' | 'valueRange'>, problems: SchemaProblem[], rule: RuleMeta): void {
  for (const p of problems) {
    const range = p.target === 'key' ? ctx.keyRange(p.path) : ctx.valueRange(p.path);
    ctx.report(rule, range, p.message, { data: { ...p.data, keyword: p.keyword, path: p.path } });
  }
}
