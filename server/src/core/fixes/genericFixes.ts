import type { Diagnostic } from '../types';
import { yamlScalar } from '../intel/complete';
import { replaceWord, textOf } from './textEdits';
import type { FixInput, QuickFix } from './types';
import { unquote } from '../text/guards';

const unquoted = (s: string) => unquote(s) ?? s;

/**
 * "Did you mean" fixes: when a diagnostic's range covers exactly the wrong word it names (its data's `key`,
 * `value` or `name`) and it carries a `suggestion` (or `replacement`), the fix writes that word instead. The
 * exact-cover guard keeps suggestions that mean something else (a version to raise to) from becoming edits.
 */
export function suggestionFix(input: FixInput, d: Diagnostic): QuickFix[] {
  const word = typeof d.data?.suggestion === 'string' ? d.data.suggestion : typeof d.data?.replacement === 'string' ? d.data.replacement : undefined;
  if (!word) return [];
  const covered = unquoted(textOf(input.text, d.range));
  const named = [d.data?.key, d.data?.value, d.data?.name].filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  if (!named.includes(covered) || covered === word) return [];
  const json = input.kind !== 'stack' && input.kind !== 'compose';
  if (json && input.json && siblingHas(input, d, word)) return [];
  const plainOk = json ? () => false : (w: string) => yamlScalar(w) === w;
  return [{ title: `Change "${covered}" to "${word}"`, edits: [replaceWord(input.text, d.range, word, plainOk)], preferred: true }];
}

/** For a JSON key rename: whether the object already has the new key (the rename would duplicate it). */
function siblingHas(input: FixInput, d: Diagnostic, word: string): boolean {
  const offset = input.json!.lines.offsetAt(d.range.start);
  const text = input.text;
  // Only keys: a string followed by a colon.
  const after = text.slice(input.json!.lines.offsetAt(d.range.end)).trimStart();
  if (!after.startsWith(':')) return false;
  return new RegExp(`"${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`).test(text.slice(0, offset) + text.slice(input.json!.lines.offsetAt(d.range.end)));
}
