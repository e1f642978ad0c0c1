import { dotted } from './docs';
import { keyMarkdown, valueMarkdown } from './render';
import type { HoverResult, IntelInput } from './types';
import { hoverTargetAt, vocabularyFor } from './vocabulary';

/**
 * Hover at `offset`: on a key, its documentation (description, type, values, what swarm does with it,
 * sources); on a value, what the value means, then its key's documentation. Diagnostics are not
 * repeated: the editor shows them beside the hover.
 */
export function hover(input: IntelInput, offset: number): HoverResult | undefined {
  const vocab = vocabularyFor(input);
  const target = hoverTargetAt(input, offset);
  if (!vocab || !target) return undefined;
  let keyPath = target.path;
  while (keyPath.length && typeof keyPath[keyPath.length - 1] === 'number') keyPath = keyPath.slice(0, -1);
  const doc = vocab.describe(keyPath);
  if (target.on === 'key') return doc ? { markdown: keyMarkdown(doc, dotted(keyPath)), range: target.range } : undefined;
  const text = target.valueText ?? '';
  const value = vocab.values(target.path, text).find((v) => v.value === text || v.label === text);
  const blocks: string[] = [];
  if (value && (value.description || value.deprecated)) blocks.push(valueMarkdown(value, text));
  if (doc) blocks.push(keyMarkdown(doc, dotted(keyPath)));
  return blocks.length ? { markdown: blocks.join('\n\n---\n\n'), range: target.range } : undefined;
}
