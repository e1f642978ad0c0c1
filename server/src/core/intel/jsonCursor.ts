import { findNodeAtOffset, getLocation, type Node } from 'jsonc-parser';
import { jsonNodeAt, type JsonModel } from '../json/jsonDocument';
import type { CursorContext, HoverTarget } from './types';

/** Characters of a bare word being typed where JSON wants a string (`{ lo| }`). */
const WORD = /[A-Za-z0-9_.\-]/;

/**
 * The cursor context in a JSON document, complete or not: jsonc-parser's scanner reads the path at
 * any offset of broken text; the tree (kept even on errors) lists the members present.
 */
export function jsonCursor(text: string, model: JsonModel, offset: number): CursorContext | undefined {
  const loc = getLocation(text, offset);
  const prev = loc.previousNode;
  // Inside a comment or past the end of a finished string: nothing.
  if (prev && offset > prev.offset + prev.length) return undefined;
  let start = offset;
  let end = offset;
  let quoted = false;
  if (
    prev &&
    (prev.type === 'string' || prev.type === 'property' || prev.type === 'number' || prev.type === 'boolean' || prev.type === 'null') &&
    offset >= prev.offset
  ) {
    start = prev.offset;
    end = prev.offset + prev.length;
    quoted = text[start] === '"';
  } else {
    while (start > 0 && WORD.test(text[start - 1])) start--;
    while (end < text.length && WORD.test(text[end])) end++;
    if (text[start - 1] === '"') {
      // An unterminated string: `"lo|` at the end of a line.
      start--;
      quoted = true;
    }
  }
  const prefix = text.slice(start, offset);
  const after = text.slice(end);
  const needsComma = /^\s*["{[\dtfn-]/.test(after);
  if (loc.isAtPropertyKey) {
    const container = loc.path.slice(0, -1);
    return {
      type: 'key',
      path: container,
      prefix,
      range: { start, end },
      existing: existingMembers(model, container, start),
      keyHasColon: /^\s*:/.test(after),
      needsComma: needsComma && !/^\s*:/.test(after),
    };
  }
  const path = loc.path;
  if (!path.length) return undefined;
  return {
    type: 'value',
    path,
    prefix,
    range: { start, end },
    existing: new Set(),
    insideQuotes: false,
    needsSpace: text[offset - 1] === ':' && start === offset,
    needsComma: needsComma && !quoted,
  };
}

function existingMembers(model: JsonModel, path: (string | number)[], exceptAt: number): Set<string> {
  const out = new Set<string>();
  const obj = jsonNodeAt(model, path);
  if (obj?.type !== 'object') return out;
  for (const prop of obj.children ?? []) {
    const key = prop.children?.[0];
    if (key && typeof key.value === 'string' && key.offset !== exceptAt) out.add(key.value);
  }
  return out;
}

/** The key or value under the cursor, for hover. */
export function jsonHoverTarget(model: JsonModel, offset: number): HoverTarget | undefined {
  if (!model.root) return undefined;
  const node = findNodeAtOffset(model.root, offset, true);
  if (!node) return undefined;
  const path = pathOf(node);
  if (!path) return undefined;
  const range = { start: node.offset, end: node.offset + node.length };
  const parent = node.parent;
  if (parent?.type === 'property' && parent.children?.[0] === node) return { path, on: 'key', range };
  if (node.type === 'object' || node.type === 'array') return undefined;
  return { path, on: 'value', valueText: String(node.value), range };
}

/** Value path of a node; for a property's key node, the path of that property. */
function pathOf(node: Node): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let n: Node | undefined = node;
  if (n.parent?.type === 'property' && n.parent.children?.[0] === n) {
    out.unshift(String(n.value));
    n = n.parent.parent;
  }
  for (let guard = 0; n?.parent && guard < 500; guard++) {
    const p: Node = n.parent;
    if (p.type === 'property') {
      const key = p.children?.[0]?.value;
      if (typeof key !== 'string') return undefined;
      out.unshift(key);
      n = p.parent;
    } else {
      if (p.type === 'array') out.unshift(p.children?.indexOf(n) ?? 0);
      n = p;
    }
  }
  return out;
}
