import type { Node as JsonNode } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { LineIndex } from '../text/lineIndex';
import { isYamlKind, type FileKind } from '../types';
import { SymbolKind, type NavInput, type OutlineSymbol } from './types';

/** One key/value entry or list item, as the outline needs it from either tree (YAML AST or JSON). */
interface Entry<N> {
  /** The key text, or undefined for a list item. */
  key?: string;
  /** The key's offsets (unused for list items). */
  keyStart: number;
  keyEnd: number;
  value: N | undefined;
  /** The whole entry (key through value). */
  start: number;
  end: number;
}

/** What the outline reads from a tree: shared by YAML and JSON so both build symbols the same way. */
interface TreeAdapter<N> {
  shape(n: N | undefined): 'map' | 'seq' | 'scalar';
  entries(n: N): Entry<N>[];
  /** The values of the entries, cheaply (for sizing the outline before building it). */
  values(n: N): (N | undefined)[];
  /** A scalar's text (an alias as `*name`). */
  text(n: N | undefined): string | undefined;
  /** What a collection is known by besides its key (a YAML anchor). */
  label?(n: N): string | undefined;
}

const DETAIL_MAX = 60;
const clip = (s: string) => (s.length > DETAIL_MAX ? `${s.slice(0, DETAIL_MAX - 1)}…` : s);
const RESOURCE_KIND: Record<string, number> = {
  services: SymbolKind.Class,
  networks: SymbolKind.Struct,
  volumes: SymbolKind.Struct,
  secrets: SymbolKind.Key,
  configs: SymbolKind.Variable,
};
const OCI_STAGES = new Set(['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop']);

/** The symbol kind the path means in this file kind, or undefined for the generic shape-based kind. */
function kindFor(fileKind: FileKind, path: readonly (string | number)[]): number | undefined {
  const [top] = path;
  if (fileKind === 'stack' || fileKind === 'compose') {
    if (path.length === 1) return typeof top === 'string' && top.startsWith('x-') ? SymbolKind.Namespace : top in RESOURCE_KIND ? SymbolKind.Module : undefined;
    if (path.length === 2 && typeof top === 'string') return RESOURCE_KIND[top];
    return undefined;
  }
  if (fileKind === 'daemon') {
    if (top === 'runtimes') return path.length === 1 ? SymbolKind.Module : path.length === 2 ? SymbolKind.Class : undefined;
    return undefined;
  }
  if (fileKind === 'oci-runtime') {
    if (top !== 'hooks') return undefined;
    if (path.length === 1) return SymbolKind.Module;
    if (path.length === 2 && OCI_STAGES.has(String(path[1]))) return SymbolKind.Event;
    if (path.length === 3) return SymbolKind.Class;
    return undefined;
  }
  if (fileKind === 'oci-hooks') {
    if (top === 'hook' && path.length === 1) return SymbolKind.Class;
    if (top === 'stages') return SymbolKind.Event;
    return undefined;
  }
  return undefined;
}

function shapeKind(shape: 'map' | 'seq' | 'scalar', text: string | undefined, item: boolean): number {
  if (shape === 'map') return SymbolKind.Object;
  if (shape === 'seq') return SymbolKind.Array;
  if (!item) return SymbolKind.Property;
  if (text === undefined || text === 'null') return SymbolKind.Null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return SymbolKind.Number;
  if (text === 'true' || text === 'false') return SymbolKind.Boolean;
  return SymbolKind.String;
}

/** A list item that is a mapping is named by its `path` (OCI hooks), else by its first scalar entry. */
function itemName<N>(a: TreeAdapter<N>, n: N, index: number): { name: string; detail?: string } {
  const entries = a.entries(n);
  const path = entries.find((e) => e.key === 'path' && a.shape(e.value) === 'scalar');
  if (path) return { name: a.text(path.value) ?? `[${index}]` };
  const first = entries.find((e) => a.shape(e.value) === 'scalar' && a.text(e.value) !== undefined);
  return first ? { name: `${first.key}: ${clip(a.text(first.value)!)}` } : { name: `[${index}]` };
}

/**
 * An outline larger than this many symbols loses its deepest levels (never the services and
 * resources themselves): a 1000-service stack would otherwise send ~80,000 symbols (20 MB).
 */
export const OUTLINE_BUDGET = 5_000;

/** The deepest level that keeps the outline within the budget (at least sections and their entries). */
function depthWithinBudget<N>(a: TreeAdapter<N>, root: N): number {
  const perDepth: number[] = [];
  const stack: [N, number][] = [[root, 0]];
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    for (const v of a.values(n)) {
      perDepth[depth] = (perDepth[depth] ?? 0) + 1;
      if (v !== undefined && a.shape(v) !== 'scalar') stack.push([v, depth + 1]);
    }
  }
  let total = 0;
  for (let d = 0; d < perDepth.length; d++) {
    total += perDepth[d];
    if (total > OUTLINE_BUDGET) return Math.max(d, 2);
  }
  return perDepth.length;
}

function build<N>(a: TreeAdapter<N>, lines: LineIndex, fileKind: FileKind, node: N, path: (string | number)[], maxDepth: number): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  a.entries(node).forEach((e, i) => {
    const step = e.key ?? i;
    const childPath = [...path, step];
    const shape = a.shape(e.value);
    const text = shape === 'scalar' ? a.text(e.value) : undefined;
    let name = e.key;
    let detail = text === undefined ? undefined : clip(text);
    if (name === undefined) {
      if (shape === 'map') ({ name, detail } = itemName(a, e.value!, i));
      else name = shape === 'scalar' ? clip(text ?? 'null') : `[${i}]`;
      if (shape === 'scalar') detail = undefined;
    }
    const sym: OutlineSymbol = {
      name: name === '' ? '""' : name,
      kind: kindFor(fileKind, childPath) ?? shapeKind(shape, text, e.key === undefined),
      range: lines.rangeOf(e.start, e.end),
      // A list item has no key: its first line is what the editor selects.
      selectionRange: e.key === undefined ? lines.rangeOnOneLine(e.start, e.end) : lines.rangeOf(e.keyStart, e.keyEnd),
    };
    if (detail !== undefined) sym.detail = detail;
    if (shape !== 'scalar' && childPath.length < maxDepth) {
      const children = build(a, lines, fileKind, e.value!, childPath, maxDepth);
      if (children.length) sym.children = children;
    }
    if (shape !== 'scalar') {
      const n = a.values(e.value!).length;
      const parts = [a.label?.(e.value!), shape === 'seq' ? `${n} item${n === 1 ? '' : 's'}` : undefined].filter((x) => x !== undefined);
      if (parts.length) sym.detail = parts.join(' · ');
    }
    out.push(sym);
  });
  return out;
}

/** End of a node's text without the trailing line breaks and spaces yaml counts into block values. */
export function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  for (let c = text.charCodeAt(e - 1); e > start && (c === 32 || c === 9 || c === 10 || c === 13); c = text.charCodeAt(e - 1)) e--;
  return e;
}

function yamlAdapter(text: string): TreeAdapter<Node> {
  const range = (n: Node | null | undefined): [number, number] | undefined => (n?.range ? [n.range[0], trimmedEnd(text, n.range[0], n.range[1])] : undefined);
  return {
    shape: (n) => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : 'scalar'),
    label: (n) => ((n as { anchor?: string }).anchor ? `&${(n as { anchor?: string }).anchor}` : undefined),
    values: (n) =>
      isMap(n) ? (n.items as Pair[]).map((p) => (p.value ?? undefined) as Node | undefined) : isSeq(n) ? (n.items as Node[]).filter((i) => !isPair(i)) : [],
    text: (n) => {
      if (isAlias(n)) return `*${n.source}`;
      if (!isScalar(n)) return undefined;
      return n.value === null
        ? n.source === ''
          ? undefined
          : 'null'
        : typeof n.value === 'string' && /[\r\n]/.test(n.value)
          ? n.value.split(/\r?\n/)[0] + '…'
          : String(n.value);
    },
    entries: (n) => {
      const items = (isMap(n) || isSeq(n) ? n.items : []) as unknown[];
      const out: Entry<Node>[] = [];
      for (const item of items) {
        if (isMap(n)) {
          const p = item as Pair;
          const k = range(p.key as Node | null);
          if (!k) continue;
          const v = range(p.value as Node | null);
          const key = isScalar(p.key) && typeof p.key.value !== 'symbol' ? String(p.key.value ?? '') : text.slice(k[0], k[1]);
          out.push({ key, keyStart: k[0], keyEnd: k[1], value: (p.value ?? undefined) as Node | undefined, start: k[0], end: Math.max(k[1], v?.[1] ?? 0) });
        } else {
          const r = range(item as Node);
          if (!r || isPair(item)) continue;
          out.push({ keyStart: r[0], keyEnd: r[0], value: item as Node, start: r[0], end: r[1] });
        }
      }
      return out;
    },
  };
}

const jsonAdapter: TreeAdapter<JsonNode> = {
  shape: (n) => (n?.type === 'object' ? 'map' : n?.type === 'array' ? 'seq' : 'scalar'),
  values: (n) => (n.type === 'object' ? (n.children ?? []).map((c) => c.children?.[1]) : n.type === 'array' ? (n.children ?? []) : []),
  text: (n) => (n && n.type !== 'object' && n.type !== 'array' ? String(n.value) : undefined),
  entries: (n) =>
    (n.children ?? []).flatMap((c): Entry<JsonNode>[] => {
      if (n.type === 'array') return [{ keyStart: c.offset, keyEnd: c.offset, value: c, start: c.offset, end: c.offset + c.length }];
      const [k, v] = c.children ?? [];
      if (!k) return [];
      return [{ key: String(k.value), keyStart: k.offset, keyEnd: k.offset + k.length, value: v, start: c.offset, end: c.offset + c.length }];
    }),
};

/**
 * The hierarchical outline of a document: for stack/compose files the services (with their keys),
 * networks, volumes, secrets, configs and `x-` extensions; for the JSON kinds their keys, with
 * daemon.json runtimes, OCI config hooks by stage and a hooks.d file's hook, when and stages.
 */
export function documentSymbols(input: NavInput): OutlineSymbol[] {
  if (input.yaml && isYamlKind(input.kind)) {
    const root = input.yaml.doc?.contents;
    if (!isMap(root)) return [];
    const a = yamlAdapter(input.yaml.lines.text);
    return build(a, input.yaml.lines, input.kind, root as Node, [], depthWithinBudget(a, root as Node));
  }
  const root = input.json?.root;
  if (input.json && root?.type === 'object') return build(jsonAdapter, input.json.lines, input.kind, root, [], depthWithinBudget(jsonAdapter, root));
  return [];
}
