// Where a stack file's `services:` key and each service key are (for code lenses and diagnostics), from the YAML
// syntax tree: positions only, no validation.
import { isMap, isScalar, parseDocument } from 'yaml';

export interface StackOutline {
  /** Offset of the `services:` key. */
  services?: number;
  /** Service key → offset of the key. */
  keys: Map<string, number>;
}

export function stackOutline(text: string): StackOutline {
  const keys = new Map<string, number>();
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (!isMap(doc.contents)) return { keys };
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  if (!pair || !isScalar(pair.key)) return { keys };
  if (isMap(pair.value)) for (const p of pair.value.items) if (isScalar(p.key) && p.key.range) keys.set(String(p.key.value), p.key.range[0]);
  return { services: pair.key.range?.[0], keys };
}
