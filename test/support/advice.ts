import { allRules } from '../../server/src/core/rules';

/**
 * Every stack readiness-advice rule turned off (as the `swarmPilot.rules` setting would): tests of what docker
 * accepts assert exact diagnostics, and advice has its own tests (test/unit/readiness-*.test.ts).
 */
export const ADVICE_OFF: Record<string, 'off'> = Object.fromEntries(
  allRules()
    .filter((r) => r.advice && r.kinds.includes('stack'))
    .map((r) => [r.code, 'off'] as const),
);
