import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { yamlScalar } from '../intel/complete';
import { deref, findPair, locate, type ValuePath, type YamlModel } from '../yaml/yamlDocument';
import type { TextEdit } from './types';

/** Source text written as it is (a moved value keeps its quotes and `${VAR}`s). */
export class RawYaml {
  constructor(readonly text: string) {}
}

/** A value to write: a scalar, raw source text, or a mapping of those written as a nested block. */
export type YamlValue = string | number | boolean | RawYaml | { [key: string]: YamlValue };

const INDENT_STEP = 2;

function render(value: YamlValue, indent: number): string {
  if (value instanceof RawYaml) return ` ${value.text}`;
  if (typeof value !== 'object') return ` ${typeof value === 'string' ? yamlScalar(value) : String(value)}`;
  return Object.entries(value)
    .map(([k, v]) => `\n${' '.repeat(indent)}${k}:${render(v, indent + INDENT_STEP)}`)
    .join('');
}

const isBlockMap = (n: unknown): n is YAMLMap => isMap(n) && !(n as YAMLMap).flow;

/**
 * The map's own pair for `key`, never one reached through a `<<` merge: editing a merged pair would change
 * the anchor every other user of it shares.
 */
export function ownPair(map: YAMLMap, key: string | number): Pair | undefined {
  return (map.items as Pair[]).find((p) => isScalar(p.key) && String((p.key as Scalar).value) === String(key));
}

/** Whether a `<<` merge of the parent map also provides the key (removing the map's own entry then changes nothing). */
export function alsoMerged(model: YamlModel, path: ValuePath): boolean {
  const parent = locate(model, path.slice(0, -1)).value;
  if (!isMap(parent)) return false;
  const key = path[path.length - 1];
  return (parent.items as Pair[]).some((p) => {
    const k = isScalar(p.key) ? (p.key as Scalar).value : undefined;
    if (k !== '<<' && !(typeof k === 'symbol' && k.description === '<<')) return false;
    const sources = isSeq(p.value) ? p.value.items : [p.value];
    return sources.some((src) => {
      const m = deref(model, src);
      return isMap(m) && findPair(model, m, key) !== undefined;
    });
  });
}

/** The key and value at path when the last step is the parent map's own entry (not merged, not an alias). */
export function ownEntry(model: YamlModel, path: ValuePath): { parent: YAMLMap; pair: Pair } | undefined {
  const parent = locate(model, path.slice(0, -1)).value;
  if (!isMap(parent) || locate(model, path.slice(0, -1)).partial) return undefined;
  const pair = ownPair(parent, path[path.length - 1]);
  return pair && isScalar(pair.key) && (pair.key as Node).range ? { parent, pair } : undefined;
}

/** Column of a node's first character. */
const columnOf = (model: YamlModel, node: Node) => model.lines.positionAt(node.range![0]).character;

/** Offset where a pair's text ends: the end of its value (or key), before the line break. */
function pairEnd(model: YamlModel, key: Node, value: Node | null | undefined): number {
  const end = value?.range ? value.range[1] : key.range![1];
  const line = model.lines.positionAt(Math.max(key.range![0], end - 1)).line;
  return model.lines.lineEnd(line);
}

/**
 * Deletes the whole `key: value` pair at `path` (its lines, comments after it on the same lines included).
 * Only for block mappings where the key starts its line; anything else returns undefined (no fix offered).
 */
export function removePair(model: YamlModel, path: ValuePath): TextEdit | undefined {
  const own = ownEntry(model, path);
  // Removing the only entry would leave `parent:` null, which the schema refuses; removing one that a merge
  // also provides changes nothing.
  if (!own || own.parent.items.length <= 1 || alsoMerged(model, path)) return undefined;
  const loc = { key: own.pair.key as Node, value: own.pair.value as Node | null };
  const keyStart = loc.key.range![0];
  const keyPos = model.lines.positionAt(keyStart);
  const lineStart = model.lines.offsetAt({ line: keyPos.line, character: 0 });
  const before = model.lines.text.slice(lineStart, keyStart);
  if (!/^\s*$/.test(before)) return undefined;
  const end = pairEnd(model, loc.key, loc.value);
  const endPos = model.lines.positionAt(end);
  const next = endPos.line + 1 < model.lines.lineCount ? { line: endPos.line + 1, character: 0 } : endPos;
  return { range: { start: { line: keyPos.line, character: 0 }, end: next }, newText: '' };
}

/**
 * Writes `value` at `base` + `keys` in block style, creating the mappings that are missing, appended after the
 * last entry of the deepest mapping that exists. Returns 'exists' when the full path is already set (the caller
 * then only removes the source), undefined when the path runs through something other than a block mapping.
 */
export function insertAt(model: YamlModel, base: ValuePath, keys: string[], value: YamlValue): TextEdit | 'exists' | undefined {
  let map = locate(model, base).value;
  if (!isBlockMap(map)) return undefined;
  let i = 0;
  for (; i < keys.length; i++) {
    const pair = ownPair(map as YAMLMap, keys[i]);
    if (!pair) break;
    if (i === keys.length - 1) return 'exists';
    if (!isBlockMap(pair.value)) return undefined;
    map = pair.value;
  }
  const items = (map as YAMLMap).items;
  const last = items[items.length - 1];
  if (!last || !isScalar(last.key) || !(last.key as Node).range) return undefined;
  const indent = columnOf(model, last.key as Node);
  const rest = keys.slice(i);
  const nested = rest.slice(0, -1).reduceRight<YamlValue>((acc, k) => ({ [k]: acc }), { [rest[rest.length - 1]]: value });
  const at = model.lines.positionAt(pairEnd(model, last.key as Node, last.value as Node | null));
  return { range: { start: at, end: at }, newText: render(nested, indent) };
}

/** The scalar at a path: its value and its source text, when it is a one-line scalar. */
export function scalarAt(model: YamlModel, path: ValuePath): { value: unknown; source: string } | undefined {
  const v = locate(model, path);
  if (v.partial || !isScalar(v.value) || !v.value.range) return undefined;
  const source = model.lines.text.slice(v.value.range[0], v.value.range[1]);
  return source.includes('\n') ? undefined : { value: (v.value as { value: unknown }).value, source };
}
