import type { Node as JsonNode } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { LineIndex } from '../text/lineIndex';
import { isYamlKind } from '../types';
import type { YamlModel } from '../yaml/yamlDocument';
import { trimmedEnd } from './outline';
import type { Fold, NavInput } from './types';

/**
 * Folding ranges: YAML block mappings, sequences and multi-line scalars (from the key's or the
 * item's line to the value's last line), comment blocks; JSON objects and arrays (the closing
 * bracket stays visible).
 */
export function foldingRanges(input: NavInput): Fold[] {
  if (input.yaml && isYamlKind(input.kind)) return yamlFolds(input.yaml);
  if (input.json?.root) return jsonFolds(input.json.root, input.json.lines);
  return [];
}

function yamlFolds(model: YamlModel): Fold[] {
  const { lines } = model;
  const text = lines.text;
  /** startLine -> endLine: the outermost range wins when two start on one line (`- name:` items). */
  const byStart = new Map<number, number>();
  const add = (start: number, node: Node | null | undefined) => {
    if (!node?.range) return;
    // Most values are one-line scalars: no line lookups for them.
    if (isScalar(node) || isAlias(node)) {
      const nl = text.indexOf('\n', start);
      if (nl < 0 || nl >= node.range[1]) return;
    }
    const end = trimmedEnd(text, node.range[0], node.range[1]);
    const startLine = lines.positionAt(start).line;
    const endLine = lines.positionAt(end).line;
    if (endLine > startLine && endLine > (byStart.get(startLine) ?? -1)) byStart.set(startLine, endLine);
  };
  /** Multi-line scalars: a `#` line inside one is text, not a comment. */
  const scalars: [number, number][] = [];
  const stack: unknown[] = [model.doc?.contents];
  while (stack.length) {
    const n = stack.pop();
    if (isScalar(n) && n.range) {
      const nl = text.indexOf('\n', n.range[0]);
      if (nl >= 0 && nl < n.range[1]) scalars.push([n.range[0], n.range[1]]);
    }
    if (isMap(n)) {
      for (const p of n.items as Pair[]) {
        const key = p.key as Node | null;
        add(key?.range?.[0] ?? (p.value as Node | null)?.range?.[0] ?? 0, p.value as Node | null);
        stack.push(p.value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) {
        if (isPair(item)) stack.push(item.value);
        else {
          add((item as Node | null)?.range?.[0] ?? 0, item as Node | null);
          stack.push(item);
        }
      }
    }
  }
  const folds: Fold[] = [...byStart].map(([startLine, endLine]) => ({ startLine, endLine }));
  folds.push(...commentFolds(lines, scalars));
  return folds.sort((a, b) => a.startLine - b.startLine);
}

/** Runs of two or more whole-line `#` comments (outside the given multi-line scalars). */
function commentFolds(lines: LineIndex, scalars: [number, number][]): Fold[] {
  const inScalar = (offset: number) => scalars.some(([s, e]) => offset > s && offset < e);
  const out: Fold[] = [];
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  };
  for (const m of lines.text.matchAll(/^[ \t]*#/gm)) {
    if (inScalar(m.index)) continue;
    const line = lines.positionAt(m.index).line;
    if (line === runEnd + 1 && runStart >= 0) runEnd = line;
    else {
      flush();
      runStart = runEnd = line;
    }
  }
  flush();
  return out;
}

function jsonFolds(root: JsonNode, lines: LineIndex): Fold[] {
  const out: Fold[] = [];
  const stack: JsonNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'object' || n.type === 'array') {
      const startLine = lines.positionAt(n.offset).line;
      // Up to the line before the closing bracket, so `}` / `]` stays visible.
      const endLine = lines.positionAt(n.offset + n.length - 1).line - 1;
      if (endLine > startLine) out.push({ startLine, endLine });
    }
    for (const c of n.children ?? []) stack.push(c);
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
