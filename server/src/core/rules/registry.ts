import type { FileKind, Severity } from '../types';

/** What the README's rule table and hover texts are generated from: one entry per diagnostic code. */
export interface RuleMeta {
  /** Stable code shown in every diagnostic, e.g. `stack-forbidden-key`. */
  readonly code: string;
  /** File kinds the rule applies to ('any' for parser-level rules). */
  readonly kinds: readonly (FileKind | 'any')[];
  readonly severity: Severity;
  /** One line: what the rule reports. */
  readonly description: string;
  /** Where the behaviour comes from (upstream file or component), shown in the rule table. */
  readonly source: string;
  /** Readiness advice (issue #5 style): information by default, settings may raise it. */
  readonly advice?: boolean;
}

const registry = new Map<string, RuleMeta>();

export function defineRule(meta: RuleMeta): RuleMeta {
  const existing = registry.get(meta.code);
  if (existing) throw new Error(`rule code defined twice: ${meta.code}`);
  registry.set(meta.code, meta);
  return meta;
}

export function allRules(): RuleMeta[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export function ruleByCode(code: string): RuleMeta | undefined {
  return registry.get(code);
}
