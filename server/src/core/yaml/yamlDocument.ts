import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import { defineRule } from '../rules/registry';
import { aliasResolver, LoadError, MAX_EXPANDED_NODES, ValueBuilder } from './toValue';
import type { Diagnostic, Range } from '../types';

export const yamlSyntaxRule = defineRule({
  code: 'yaml-syntax',
  kinds: ['stack', 'compose'],
  severity: 'error',
  description: 'YAML the parser cannot read; nothing else is checked until it is fixed.',
  source: 'yaml (eemeli/yaml) parser',
});

export const yamlDuplicateKeyRule = defineRule({
  code: 'yaml-duplicate-key',
  kinds: ['stack', 'compose'],
  severity: 'error',
  description: 'The same key twice in one mapping (docker refuses it).',
  source: 'YAML 1.2 spec; docker/cli yaml decoding',
});

export const yamlAliasBombRule = defineRule({
  code: 'yaml-alias-bomb',
  kinds: ['stack', 'compose'],
  severity: 'error',
  description: 'Aliases that expand exponentially (billion laughs); the file is not loaded.',
  source: 'Swarm Pilot (resource limit)',
});

/** A path into the loaded value, as JSON Schema tools report it: keys and array indexes. */
export type ValuePath = readonly (string | number)[];

export interface YamlModel {
  readonly lines: LineIndex;
  /** The first YAML document; docker reads only that one. */
  readonly doc: Document.Parsed | undefined;
  /** Syntax errors, duplicate keys, alias bombs: positions as the parser reports them. */
  readonly syntaxDiagnostics: Diagnostic[];
  /** The loaded value (aliases and merge keys resolved), or undefined when it could not be loaded. */
  readonly value: unknown;
  /** anchor name -> nodes carrying it, in document order (an alias uses the nearest one before it). */
  readonly anchors: Map<string, Node[]>;
  /** `swarm-pilot-disable` codes of the text, when the parser collected them on the way (else the reporter does). */
  readonly disabledCodes?: ReadonlySet<string>;
}

/** The parser options every YAML kind uses (full and incremental parsing must agree). */
export const YAML_PARSE_OPTIONS = { uniqueKeys: true, merge: true, prettyErrors: false, strict: true } as const;

/**
 * Calls `fn` on every node below `root` (keys included), depth first. Much cheaper than yaml's
 * `visit`, which allocates a frozen path array per node.
 */
export function walkNodes(root: unknown, fn: (node: Node) => void, onPair?: (pair: Pair) => void): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (isPair(n)) {
      onPair?.(n as Pair);
      stack.push(n.value, n.key);
      continue;
    }
    fn(n as Node);
    if (isMap(n) || isSeq(n)) {
      const items = (n as { items: unknown[] }).items;
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
    }
  }
}

/** Moves node ranges (start, value end, node end) by `delta` characters. */
export function shiftRanges(ranges: number[][], delta: number): void {
  for (const r of ranges) {
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
}

/** Anchor name -> nodes defining it, in document order. */
export function collectAnchors(root: unknown, into = new Map<string, Node[]>()): Map<string, Node[]> {
  const found: Node[] = [];
  walkNodes(root, (node) => {
    if ((node as { anchor?: string }).anchor && !isAlias(node)) found.push(node);
  });
  found.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  for (const n of found) {
    const name = (n as { anchor: string }).anchor;
    const list = into.get(name);
    if (list) list.push(n);
    else into.set(name, [n]);
  }
  return into;
}

export function parseYaml(text: string): YamlModel {
  const lines = new LineIndex(text);
  const docs = parseAllDocuments(text, YAML_PARSE_OPTIONS);
  const syntaxDiagnostics: Diagnostic[] = [];
  // parseAllDocuments returns an EmptyStream (array-like, length 0) for an empty text.
  const all = Array.isArray(docs) ? docs : [];
  const doc = all[0] as Document.Parsed | undefined;
  for (const d of all) {
    for (const e of d.errors) {
      syntaxDiagnostics.push({
        range: lines.rangeOnOneLine(e.pos[0], e.pos[1]),
        severity: 'error',
        code: e.code === 'DUPLICATE_KEY' ? yamlDuplicateKeyRule.code : yamlSyntaxRule.code,
        message: e.code === 'DUPLICATE_KEY' ? 'Duplicate key: YAML map keys must be unique' : firstLine(e.message),
      });
    }
  }
  const anchors = doc ? collectAnchors(doc.contents) : new Map<string, Node[]>();
  return finishModel(lines, doc, syntaxDiagnostics, anchors);
}

/** Loads the value (aliases and merge keys resolved) unless there were syntax errors. */
export function finishModel(lines: LineIndex, doc: Document.Parsed | undefined, syntaxDiagnostics: Diagnostic[], anchors: Map<string, Node[]>): YamlModel {
  // An empty stream (only comments) loads as null, like an empty document.
  let value: unknown = !doc && syntaxDiagnostics.length === 0 ? null : undefined;
  if (doc && syntaxDiagnostics.length === 0) {
    const builder = new ValueBuilder(aliasResolver(anchors));
    try {
      if (builder.size(doc.contents) > MAX_EXPANDED_NODES) throw new LoadError(undefined, '', 'bomb');
      value = builder.value(doc.contents);
    } catch (err) {
      syntaxDiagnostics.push(loadErrorDiagnostic(lines, doc, err));
    }
  }
  return { lines, doc, syntaxDiagnostics, value, anchors };
}

function loadErrorDiagnostic(lines: LineIndex, doc: Document.Parsed, err: unknown): Diagnostic {
  if (err instanceof LoadError && err.kind === 'syntax') {
    const r = err.node?.range;
    return { range: lines.rangeOnOneLine(r?.[0] ?? 0, r?.[1] ?? 0), severity: 'error', code: yamlSyntaxRule.code, message: err.message };
  }
  if (!(err instanceof LoadError)) throw err;
  let first: Node | undefined;
  walkNodes(doc.contents, (n) => {
    if (!first && isAlias(n)) first = n;
  });
  return {
    range: first?.range ? lines.rangeOnOneLine(first.range[0], first.range[1]) : lines.rangeOnOneLine(0, 0),
    severity: 'error',
    code: yamlAliasBombRule.code,
    message: `YAML aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes: an alias bomb (billion laughs)? The file is not loaded.`,
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Follows aliases to the node they point at. */
export function deref(model: YamlModel, node: unknown): Node | undefined {
  const resolve = aliasResolver(model.anchors);
  let n = node as Node | undefined;
  for (let guard = 0; n && isAlias(n) && guard < 100; guard++) n = resolve(n);
  return n ?? undefined;
}

interface MapIndex {
  pairs: Map<string, Pair>;
  merges: Pair[];
}

/** Per-map key index: maps are never mutated after parsing, so an index built once stays valid. */
const mapIndexes = new WeakMap<YAMLMap, MapIndex>();

function indexOf(map: YAMLMap): MapIndex {
  let idx = mapIndexes.get(map);
  if (!idx) {
    idx = { pairs: new Map(), merges: [] };
    for (const item of map.items as Pair[]) {
      const k = isScalar(item.key) ? item.key.value : item.key;
      if (k === '<<' || (typeof k === 'symbol' && k.description === '<<')) idx.merges.push(item);
      else if (typeof k !== 'object' || k === null) {
        const name = String(k);
        if (!idx.pairs.has(name)) idx.pairs.set(name, item);
      }
    }
    mapIndexes.set(map, idx);
  }
  return idx;
}

/** The pair for `key` in a map, looking through `<<` merge keys as the loader does. */
export function findPair(model: YamlModel, map: YAMLMap, key: string | number, depth = 0): Pair | undefined {
  const idx = indexOf(map);
  const own = idx.pairs.get(String(key));
  if (own || depth >= 20) return own;
  for (const item of idx.merges) {
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const s of sources) {
      const src = deref(model, s);
      const found = isMap(src) ? findPair(model, src, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

export interface Located {
  /** The key scalar of the last path step (absent for array items and the root). */
  key?: Node;
  /** The value node (absent for `key:` with nothing after it). */
  value?: Node;
  /** The deepest path prefix found, when the full path does not exist in the AST. */
  partial: boolean;
}

/** Walks the AST along a value path, through aliases and merge keys. */
export function locate(model: YamlModel, path: ValuePath): Located {
  let node: Node | undefined = model.doc?.contents ?? undefined;
  let key: Node | undefined;
  for (const step of path) {
    const cur = deref(model, node);
    let next: Node | undefined;
    let nextKey: Node | undefined;
    if (isMap(cur)) {
      const pair = findPair(model, cur, step);
      if (!pair) return { key, value: node, partial: true };
      nextKey = pair.key as Node;
      next = (pair.value ?? undefined) as Node | undefined;
      if (!next) return { key: nextKey, value: undefined, partial: false };
    } else if ((isSeq(cur) && typeof step === 'number') || (isSeq(cur) && /^\d+$/.test(String(step)))) {
      const items = (cur as { items: unknown[] }).items;
      next = items[Number(step)] as Node | undefined;
      nextKey = undefined;
      if (!next) return { key, value: node, partial: true };
    } else {
      return { key, value: node, partial: true };
    }
    node = next;
    key = nextKey;
  }
  return { key, value: node, partial: false };
}

/** Source range of a node, clipped to its first line (never the whole file for a block value). */
export function nodeRange(model: YamlModel, node: Node | undefined): Range {
  if (!node?.range) return model.lines.rangeOnOneLine(0, 0);
  return model.lines.rangeOnOneLine(node.range[0], node.range[1]);
}

/** Range of the key at `path` (the value's range for array items), for "this key is wrong" diagnostics. */
export function keyRange(model: YamlModel, path: ValuePath): Range {
  const loc = locate(model, path);
  return nodeRange(model, loc.key ?? loc.value);
}

/** Range of the value at `path` (its key's range when the value is empty), for "this value is wrong". */
export function valueRange(model: YamlModel, path: ValuePath): Range {
  const loc = locate(model, path);
  if (loc.partial) return nodeRange(model, loc.key ?? loc.value);
  return nodeRange(model, loc.value ?? loc.key);
}

export function isScalarNode(n: unknown): n is Scalar {
  return isScalar(n);
}

export { isPair };
