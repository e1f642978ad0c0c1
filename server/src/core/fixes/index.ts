import { parseYaml } from '../yaml/yamlDocument';
import type { Diagnostic } from '../types';
import { suggestionFix } from './genericFixes';
import { JSON_FIXES, jsonModelOf } from './jsonFixes';
import { STACK_FIXES } from './stackFixes';
import type { FixInput, QuickFix } from './types';

export type { FixInput, QuickFix, TextEdit } from './types';
export { applyEdits } from '../text/edits';

/**
 * The quick fixes for one diagnostic of a document: the rule-specific ones first, then a "did you mean" word
 * replacement. Pure: edits are computed on the given text and never applied here.
 */
export function quickFixes(input: FixInput, d: Diagnostic): QuickFix[] {
  const out: QuickFix[] = [];
  if (input.kind === 'stack') {
    const fixer = STACK_FIXES[d.code];
    if (fixer) out.push(...fixer(input, input.yaml ?? parseYaml(input.text), d));
  } else if (input.kind !== 'compose') {
    const fixer = JSON_FIXES[d.code];
    if (fixer) out.push(...fixer({ ...input, json: jsonModelOf(input) }, jsonModelOf(input), d));
  }
  if (out.length === 0) out.push(...suggestionFix(input, d));
  return out;
}
