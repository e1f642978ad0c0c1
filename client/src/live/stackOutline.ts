// Where a stack file's `services:` key and each service key are (for code lenses and diagnostics), from the YAML
// syntax tree: positions only, no validation.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';

export interface StackOutline {
  /** Offset of the `services:` key. */
  services?: number;
  /** Service key → offset of the key. */
  keys: Map<string, number>;
  /** The syntax tree, for finding other keys (the live diagnostics). */
  document?: Document;
}

export function stackOutline(text: string): StackOutline {
  const keys = new Map<string, number>();
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (!isMap(doc.contents)) return { keys, document: doc };
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  if (!pair || !isScalar(pair.key)) return { keys, document: doc };
  if (isMap(pair.value)) for (const p of pair.value.items) if (isScalar(p.key) && p.key.range) keys.set(String(p.key.value), p.key.range[0]);
  return { services: pair.key.range?.[0], keys, document: doc };
}

/** The map entry at a path of keys (`['services', 'web', 'image']`), or undefined. */
export function pairAt(doc: Document | undefined, path: readonly string[]): Pair<Node, Node | null> | undefined {
  let node: unknown = doc?.contents;
  let found: Pair<Node, Node | null> | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    found = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<Node, Node | null> | undefined;
    if (!found || !isPair(found)) return undefined;
    node = found.value;
  }
  return found;
}

/** The items of the sequence at a path. */
export function seqItemsAt(doc: Document | undefined, path: readonly string[]): Node[] {
  const value = pairAt(doc, path)?.value;
  return isSeq(value) ? (value.items as Node[]) : [];
}
