import { LineIndex } from '../text/lineIndex';
import type { TextEdit } from './types';

/**
 * The single edit that turns `before` into `after`: the changed middle only, so the editor keeps the cursor and
 * folding outside it. Used by fixes that are easiest to compute as a rewritten document (several JSON changes).
 */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  const lines = new LineIndex(before);
  return { range: lines.rangeOf(start, endB), newText: after.slice(start, endA) };
}

/** The text a range covers. */
export function textOf(text: string, range: TextEdit['range']): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/**
 * Replaces a key or scalar with another word, keeping its quotes: `"grpah"` becomes `"graph"` in JSON,
 * `'replicated-ish'` stays single-quoted in YAML, a plain scalar stays plain when it can.
 */
export function replaceWord(text: string, range: TextEdit['range'], word: string, plainOk: (w: string) => boolean): TextEdit {
  const old = textOf(text, range);
  const q = old[0];
  if (q === '"') return { range, newText: JSON.stringify(word) };
  if (q === "'") return { range, newText: `'${word.replace(/'/g, "''")}'` };
  return { range, newText: plainOk(word) ? word : JSON.stringify(word) };
}
