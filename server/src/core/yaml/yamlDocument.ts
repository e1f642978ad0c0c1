import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import { defineRule } from '../rules/registry';
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

/** Above this many alias expansions a document is treated as an alias bomb (billion laughs). */
export const MAX_ALIAS_COUNT = 10_000;

export interface YamlModel {
  readonly lines: LineIndex;
  /** The first YAML document; docker reads only that one. */
  readonly doc: Document.Parsed | undefined;
  /** Syntax errors, duplicate keys, alias bombs: positions as the parser reports them. */
  readonly syntaxDiagnostics: Diagnostic[];
  /** The loaded value (aliases and merge keys resolved), or undefined when it could not be loaded. */
  readonly value: unknown;
  /** anchor name -> node carrying it (the last definition before use wins in YAML; we keep the first). */
  readonly anchors: Map<string, Node>;
}

export function parseYaml(text: string): YamlModel {
  const lines = new LineIndex(text);
  const docs = parseAllDocuments(text, {
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
    strict: true,
  });
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
  const anchors = new Map<string, Node>();
  if (doc) {
    visit(doc, {
      Node(_k, node) {
        if ((isMap(node) || isSeq(node) || isScalar(node)) && node.anchor && !anchors.has(node.anchor)) anchors.set(node.anchor, node);
      },
    });
  }
  let value: unknown;
  if (doc && syntaxDiagnostics.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const first = firstAlias(doc);
      syntaxDiagnostics.push({
        range: first?.range ? lines.rangeOnOneLine(first.range[0], first.range[1]) : lines.rangeOnOneLine(0, 0),
        severity: 'error',
        code: yamlAliasBombRule.code,
        message: `YAML aliases expand too far to load safely (more than ${MAX_ALIAS_COUNT} expansions: an alias bomb?): ${firstLine(String((err as Error).message))}`,
      });
    }
  }
  return { lines, doc, syntaxDiagnostics, value, anchors };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function firstAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_k, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** Follows aliases to the node they point at. */
export function deref(model: YamlModel, node: unknown): Node | undefined {
  let n = node as Node | undefined;
  for (let guard = 0; n && isAlias(n) && guard < 100; guard++) n = model.anchors.get(n.source);
  return n ?? undefined;
}

/** The pair for `key` in a map, looking through `<<` merge keys as the loader does. */
export function findPair(model: YamlModel, map: YAMLMap, key: string | number, depth = 0): Pair | undefined {
  let merged: Pair | undefined;
  for (const item of map.items) {
    const k = isScalar(item.key) ? item.key.value : item.key;
    if (k === '<<' && depth < 20) {
      const sources = isSeq(item.value) ? item.value.items : [item.value];
      for (const s of sources) {
        const src = deref(model, s);
        if (isMap(src)) merged ??= findPair(model, src, key, depth + 1);
      }
      continue;
    }
    if (k === key || (typeof k !== 'object' && String(k) === String(key))) return item as Pair;
  }
  return merged;
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
    } else if (isSeq(cur) && typeof step === 'number' || (isSeq(cur) && /^\d+$/.test(String(step)))) {
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
