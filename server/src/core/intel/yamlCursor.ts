import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { locate, type ValuePath, type YamlModel } from '../yaml/yamlDocument';
import type { CursorContext, HoverTarget } from './types';

/**
 * Cursor contexts in YAML that may be half typed. The structure comes from indentation (what the
 * user sees), read from the lines above the cursor; when the document parses, the AST gives the path
 * of each parent line directly (and checks itself against the line), and lists the keys present.
 */

/** One line as far as block structure goes. */
interface LineShape {
  /** Offset of the line start. */
  start: number;
  indent: number;
  /** Columns of leading `- ` sequence indicators. */
  dashes: number[];
  /** Column after the indicators. */
  contentCol: number;
  /** Nothing but whitespace or a comment. */
  blank: boolean;
  key?: string;
  /** Columns of the key text (quotes included) and of its `:`. */
  keyCol: number;
  keyEnd: number;
  colon: number;
  /** Column where the value text starts, and the value without a trailing comment. */
  valueCol: number;
  value: string;
  /** The line text. */
  text: string;
}

const SPACE = 32;

/** Start offset and text of the line holding `offset`. */
function lineAt(text: string, offset: number): { start: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return { start, text: text.slice(start, lineEndAt(text, start)) };
}

/** Offset of the end of the line starting at `start`, before its line break. */
function lineEndAt(text: string, start: number): number {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** Start of the line before the one starting at `start` (-1 for the first line). */
function prevLine(text: string, start: number): number {
  return start <= 0 ? -1 : text.lastIndexOf('\n', start - 2) + 1;
}

/** Start of the line after the one starting at `start` (-1 for the last line). */
function nextLine(text: string, start: number): number {
  const nl = text.indexOf('\n', start);
  return nl < 0 ? -1 : nl + 1;
}

function indentOf(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === SPACE) i++;
  return i;
}

/** Position of the `:` that ends a plain or quoted key starting at `from`, or -1. */
function keyColon(s: string, from: number): { keyEnd: number; colon: number } | undefined {
  let i = from;
  const c = s[i];
  if (c === '"' || c === "'") {
    i++;
    while (i < s.length && s[i] !== c) i += s[i] === '\\' && c === '"' ? 2 : 1;
    if (i >= s.length) return undefined;
    const keyEnd = i + 1;
    let j = keyEnd;
    while (s.charCodeAt(j) === SPACE) j++;
    return s[j] === ':' && (j + 1 >= s.length || /\s/.test(s[j + 1])) ? { keyEnd, colon: j } : undefined;
  }
  if (c === '[' || c === '{' || c === '#' || c === '|' || c === '>' || c === '*' || c === '&' || c === '!' || c === '?') return undefined;
  for (; i < s.length; i++) {
    if (s[i] === ':' && (i + 1 >= s.length || /\s/.test(s[i + 1]))) {
      let keyEnd = i;
      while (keyEnd > from && s.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
      return keyEnd > from ? { keyEnd, colon: i } : undefined;
    }
    if (s[i] === '#' && i > from && /\s/.test(s[i - 1])) return undefined;
  }
  return undefined;
}

/** A quoted YAML key's text, with YAML's escapes undone (not the plain `text/guards` unquote). */
function unquoteYamlKey(k: string): string {
  if (k.length >= 2 && (k[0] === '"' || k[0] === "'") && k[k.length - 1] === k[0]) {
    const inner = k.slice(1, -1);
    return k[0] === "'" ? inner.replace(/''/g, "'") : inner.replace(/\\(.)/g, '$1');
  }
  return k;
}

function stripComment(s: string): string {
  const m = /(^|\s)#/.exec(s);
  return (m ? s.slice(0, m.index) : s).trimEnd();
}

function shapeLine(start: number, text: string): LineShape {
  const indent = indentOf(text);
  let i = indent;
  const dashes: number[] = [];
  while (text[i] === '-' && (i + 1 >= text.length || text[i + 1] === ' ' || text[i + 1] === '\t')) {
    dashes.push(i);
    i++;
    while (text.charCodeAt(i) === SPACE || text[i] === '\t') i++;
  }
  const shape: LineShape = { start, indent, dashes, contentCol: i, blank: false, keyCol: i, keyEnd: i, colon: -1, valueCol: i, value: '', text };
  if (i >= text.length || text[i] === '#') {
    shape.blank = dashes.length === 0;
    return shape;
  }
  const kc = keyColon(text, i);
  if (kc) {
    shape.key = unquoteYamlKey(text.slice(i, kc.keyEnd));
    shape.keyEnd = kc.keyEnd;
    shape.colon = kc.colon;
    let v = kc.colon + 1;
    while (text.charCodeAt(v) === SPACE || text[v] === '\t') v++;
    shape.valueCol = v;
    shape.value = stripComment(text.slice(v));
  } else {
    shape.value = stripComment(text.slice(i));
  }
  return shape;
}

/** A value that only holds properties (anchor, tag) and so opens a block like an empty one. */
function opensBlock(value: string): boolean {
  return value === '' || /^(?:[&!]\S*\s*)+$/.test(value);
}

function isBlockScalarHeader(value: string): boolean {
  return /^(?:[&!]\S*\s+)*[|>][-+0-9]*$/.test(value);
}

/**
 * Lines of one document version, identified by their start offset: shaped lazily, with the paths of
 * key lines memoized (kept per parsed model, so repeated requests on one version reuse them).
 */
class YamlLines {
  private readonly shapes = new Map<number, LineShape>();
  private readonly keyPaths = new Map<number, ValuePath | null>();
  /** The document parsed without syntax errors: the AST is right everywhere. */
  readonly astUsable: boolean;
  /**
   * Offset before which the AST can be trusted: the start of the line of the first syntax error (the
   * parser reads top down, so what precedes the error is parsed as written). Paths found there are
   * still checked against the line's own key.
   */
  private readonly astLimit: number;

  constructor(
    readonly text: string,
    readonly model: YamlModel,
  ) {
    const errors = model.syntaxDiagnostics.filter((d) => d.code === 'yaml-syntax');
    this.astUsable = Boolean(model.doc) && errors.length === 0;
    const firstErrorLine = Math.min(...errors.map((d) => d.range.start.line));
    this.astLimit = !model.doc ? -1 : errors.length ? model.lines.offsetAt({ line: firstErrorLine, character: 0 }) : Infinity;
  }

  shape(line: number): LineShape {
    let s = this.shapes.get(line);
    if (!s) {
      s = shapeLine(line, this.text.slice(line, lineEndAt(this.text, line)));
      if (this.shapes.size > 50_000) this.shapes.clear();
      this.shapes.set(line, s);
    }
    return s;
  }

  /** Indentation of the line starting at `line`, without shaping it (cheap: scanning up over deeper lines). */
  indent(line: number): { indent: number; blank: boolean } {
    const t = this.text;
    let i = line;
    while (t.charCodeAt(i) === SPACE) i++;
    const c = t.charCodeAt(i);
    return { indent: i - line, blank: i >= t.length || c === 10 || c === 13 || c === 35 /* # */ };
  }

  /** Path of the key on `line` (undefined when the structure cannot be read). */
  pathOfKeyLine(line: number): ValuePath | undefined {
    const memo = this.keyPaths.get(line);
    if (memo !== undefined) return memo ?? undefined;
    const s = this.shape(line);
    let path: ValuePath | undefined;
    if (s.key !== undefined) {
      path = this.astKeyPath(s);
      if (!path) {
        const container = s.dashes.length ? this.itemPath(line, s.dashes.length - 1) : this.containerPath(line, s.keyCol);
        path = container ? [...container, s.key] : undefined;
      }
    }
    this.keyPaths.set(line, path ?? null);
    return path;
  }

  /** Path of the sequence item opened by the `k`-th dash of `line`. */
  itemPath(line: number, k: number): ValuePath | undefined {
    const s = this.shape(line);
    if (k > 0) {
      const outer = this.itemPath(line, k - 1);
      return outer ? [...outer, 0] : undefined;
    }
    if (k === s.dashes.length - 1) {
      const viaAst = this.astItemPath(s);
      if (viaAst) return viaAst;
    }
    const d = s.dashes[0];
    let index = 0;
    for (let l = prevLine(this.text, line); l >= 0; l = prevLine(this.text, l)) {
      const { indent, blank } = this.indent(l);
      if (blank || indent > d) continue;
      const p = this.shape(l);
      if (indent === d) {
        if (p.dashes.length && p.dashes[0] === d) {
          index++;
          continue;
        }
        // `key:` at the same indentation as its (non-indented) sequence.
        if (p.key !== undefined && opensBlock(p.value)) return this.withIndex(this.pathOfKeyLine(l), index);
        return undefined;
      }
      // A less indented line: the key that opened the sequence, or an item holding a nested sequence.
      if (p.key !== undefined && p.keyCol < d) return this.withIndex(this.pathOfKeyLine(l), index);
      if (p.dashes.length && p.key === undefined) return this.withIndex(this.itemPath(l, p.dashes.length - 1), index);
      return undefined;
    }
    // A sequence at the root of the document.
    return d === 0 ? [index] : undefined;
  }

  private withIndex(path: ValuePath | undefined, index: number): ValuePath | undefined {
    return path ? [...path, index] : undefined;
  }

  /** Path of the mapping a key at column `col` of `line` belongs to. */
  containerPath(line: number, col: number): ValuePath | undefined {
    // Column 0 is the top level (a document that is a sequence is none of our kinds).
    if (col === 0) return [];
    for (let l = prevLine(this.text, line); l >= 0; l = prevLine(this.text, l)) {
      const { indent, blank } = this.indent(l);
      if (blank || indent > col) continue;
      const p = this.shape(l);
      // A sibling key, an item of a sibling's sequence written at the key's indentation, or a key
      // still being typed (no colon yet).
      if (indent === col) continue;
      // An item whose mapping the key belongs to (`- key: v` above, or `-   |`).
      if (p.dashes.length && p.contentCol >= col) return this.itemPath(l, p.dashes.length - 1);
      // The parent line.
      if (p.key !== undefined) return isBlockScalarHeader(p.value) ? undefined : this.pathOfKeyLine(l);
      if (p.dashes.length) return this.itemPath(l, p.dashes.length - 1);
      return undefined;
    }
    return [];
  }

  // ------------------------------------------------------------------------------------------ AST

  private astKeyPath(s: LineShape): ValuePath | undefined {
    if (s.start + s.keyEnd >= this.astLimit) return undefined;
    const d = astDescend(this.model, s.start + s.keyCol);
    return d.at === 'key' && d.path.length && String(d.path[d.path.length - 1]) === s.key ? d.path : undefined;
  }

  private astItemPath(s: LineShape): ValuePath | undefined {
    const offset = s.start + s.contentCol;
    if (offset + s.value.length >= this.astLimit || s.contentCol >= s.text.length || s.text[s.contentCol] === '#') return undefined;
    const d = astDescend(this.model, offset);
    for (let i = d.trail.length - 1; i >= 0; i--) {
      const t = d.trail[i];
      if (typeof t.step === 'number') return t.node?.range?.[0] === offset ? d.path.slice(0, i + 1) : undefined;
    }
    return undefined;
  }

  /**
   * Keys present in the mapping at `path`, besides the one on `line`. `itemStart`: `line` opens the
   * mapping (`- |`), so the lines above belong to other items.
   */
  existingKeys(path: ValuePath, line: number, col: number, itemStart = false): Set<string> {
    const out = new Set<string>();
    if (this.astUsable) {
      const loc = locate(this.model, path);
      if (!loc.partial && isMap(loc.value)) {
        const ownEnd = lineEndAt(this.text, line);
        for (const p of (loc.value as YAMLMap).items as Pair[]) {
          const k = p.key as Node | null;
          const at = k?.range?.[0] ?? -1;
          if (at >= line && at <= ownEnd) continue;
          if (isScalar(k)) out.add(String(k.value));
        }
        return out;
      }
    }
    // Siblings: lines at the same indentation, up to the parent and down to the end of the block.
    for (let l = itemStart ? -1 : prevLine(this.text, line); l >= 0; l = prevLine(this.text, l)) {
      const { indent, blank } = this.indent(l);
      if (blank || indent > col) continue;
      const p = this.shape(l);
      if (indent === col && !p.dashes.length) {
        if (p.key !== undefined) out.add(p.key);
        continue;
      }
      if (p.dashes.length && p.contentCol === col && p.key !== undefined) out.add(p.key);
      break;
    }
    for (let l = nextLine(this.text, line); l >= 0; l = nextLine(this.text, l)) {
      const { indent, blank } = this.indent(l);
      if (blank || indent > col) continue;
      if (indent < col) break;
      const p = this.shape(l);
      if (p.dashes.length) break;
      if (p.key !== undefined) out.add(p.key);
    }
    return out;
  }
}

const linesCache = new WeakMap<YamlModel, YamlLines>();

function linesOf(text: string, model: YamlModel): YamlLines {
  let lines = linesCache.get(model);
  if (!lines || lines.text !== text) {
    lines = new YamlLines(text, model);
    linesCache.set(model, lines);
  }
  return lines;
}

interface Descent {
  path: (string | number)[];
  /** The node entered at each path step. */
  trail: { step: string | number; node: Node | undefined }[];
  at: 'key' | 'value' | 'none';
  /** The scalar under the offset (`key` or `value`). */
  node?: Node;
}

function rangeOf(n: unknown): [number, number] | undefined {
  const r = (n as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** Last index whose start is <= offset (items are in document order). */
function lastStartingBefore<T>(items: readonly T[], start: (t: T) => number | undefined, offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = start(items[mid]);
    if (s === undefined) {
      // Unpositioned item: fall back to a linear scan.
      found = -1;
      for (let i = 0; i < items.length; i++) if ((start(items[i]) ?? Infinity) <= offset) found = i;
      return found;
    }
    if (s <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Goes down the AST to the node under `offset` (an offset equal to a node's end counts as inside). */
export function astDescend(model: YamlModel, offset: number): Descent {
  const path: (string | number)[] = [];
  const trail: Descent['trail'] = [];
  let node = model.doc?.contents as Node | null | undefined;
  for (let guard = 0; node && guard < 200; guard++) {
    if (isMap(node)) {
      const items = node.items as Pair[];
      const i = lastStartingBefore(items, (p) => rangeOf(p.key)?.[0], offset);
      if (i < 0) return { path, trail, at: 'none' };
      const pair = items[i];
      const kr = rangeOf(pair.key);
      const keyName = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (kr && offset <= kr[1]) {
        path.push(keyName);
        trail.push({ step: keyName, node: (pair.value ?? undefined) as Node | undefined });
        return { path, trail, at: 'key', node: pair.key as Node };
      }
      const vr = rangeOf(pair.value);
      if (!vr || offset < vr[0] || offset > vr[1]) return { path, trail, at: 'none' };
      path.push(keyName);
      node = pair.value as Node;
      trail.push({ step: keyName, node });
      continue;
    }
    if (isSeq(node)) {
      const items = node.items as Node[];
      const i = lastStartingBefore(items, (n) => rangeOf(n)?.[0], offset);
      if (i < 0) return { path, trail, at: 'none' };
      const r = rangeOf(items[i]);
      if (!r || offset > r[1]) return { path, trail, at: 'none' };
      path.push(i);
      node = items[i];
      trail.push({ step: i, node });
      continue;
    }
    if (isScalar(node) || isAlias(node)) {
      const r = rangeOf(node);
      return r && offset >= r[0] && offset <= r[1] ? { path, trail, at: 'value', node } : { path, trail, at: 'none' };
    }
    break;
  }
  return { path, trail, at: 'none' };
}

/** End of the word at `offset` (up to whitespace, a quote, `,` `]` `}` or `:` followed by space). */
function wordEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length && !/[\s,\]}"']/.test(s[i]) && !(s[i] === ':' && (i + 1 >= s.length || /\s/.test(s[i + 1])))) i++;
  return i;
}

/** The cursor context for completion at `offset`, or undefined where nothing can be offered. */
export function yamlCursor(text: string, model: YamlModel, offset: number): CursorContext | undefined {
  const lines = linesOf(text, model);
  const { start, text: full } = lineAt(text, offset);
  const line = start;
  const col = Math.min(offset - start, full.length);
  const before = full.slice(0, col);
  if (/^\s*#/.test(before) || /\s#/.test(before)) return undefined;

  // Inside a block scalar (`key: |`), nothing to offer.
  if (lines.astUsable) {
    const d = astDescend(model, offset);
    if (d.at === 'value' && isScalar(d.node) && (d.node.type === 'BLOCK_LITERAL' || d.node.type === 'BLOCK_FOLDED')) return undefined;
  }

  const s = shapeLine(start, before);
  const content = s.contentCol;

  // `key: value…` on this line before the cursor: a value.
  if (s.key !== undefined) {
    const container = s.dashes.length ? lines.itemPath(line, s.dashes.length - 1) : lines.containerPath(line, s.keyCol);
    if (!container) return undefined;
    const keyPath = [...container, s.key];
    const rest = before.slice(s.colon + 1);
    const valueStart = s.colon + 1 + (rest.length - rest.trimStart().length);
    const valueText = before.slice(valueStart);
    if (isBlockScalarHeader(valueText) || valueText.startsWith('*')) return undefined;
    // A flow sequence on one line: `key: [a, b, |`.
    const flow = /^\[(?:[^\]]*,)?\s*([^,\]]*)$/.exec(valueText);
    if (flow) {
      const itemStart = start + col - flow[1].length;
      const index = (valueText.match(/,/g) ?? []).length;
      return { type: 'value', path: [...keyPath, index], prefix: flow[1], range: { start: itemStart, end: start + wordEnd(full, col) }, existing: new Set() };
    }
    if (valueText.startsWith('{')) return undefined;
    const quote = valueText[0] === '"' || valueText[0] === "'" ? valueText[0] : undefined;
    const rangeStart = start + valueStart + (quote ? 1 : 0);
    const end = quote ? start + Math.max(col, full.indexOf(quote, col) < 0 ? col : full.indexOf(quote, col)) : start + wordEnd(full, col);
    return {
      type: 'value',
      path: keyPath,
      prefix: valueText.slice(quote ? 1 : 0),
      range: { start: rangeStart, end: Math.max(end, start + col) },
      existing: new Set(),
      insideQuotes: Boolean(quote),
      needsSpace: rest.length === 0,
    };
  }

  const token = before.slice(content);
  if (/^[[{&*!|>]/.test(token)) return undefined;
  const quote = token[0] === '"' || token[0] === "'" ? token[0] : undefined;
  const wordStart = start + content + (quote ? 1 : 0);
  const rest = full.slice(col);
  const endCol = col + (rest.length - rest.replace(/^[^\s:]*/, '').length);
  const range = { start: wordStart, end: start + endCol };
  const keyHasColon = /^[^\s:]*\s*:(\s|$)/.test(rest);

  // `- …` on this line: a sequence item (a scalar, or the first key of a mapping item).
  if (s.dashes.length) {
    const item = lines.itemPath(line, s.dashes.length - 1);
    if (!item) return undefined;
    const valueEnd = start + full.length - (full.length - stripComment(full).length);
    return {
      type: 'value',
      path: item,
      prefix: token.slice(quote ? 1 : 0),
      range: { start: wordStart, end: Math.max(start + col, keyHasColon ? range.end : valueEnd) },
      existing: lines.existingKeys(item, line, content, true),
      itemStart: true,
      keyHasColon,
      insideQuotes: Boolean(quote),
    };
  }

  // Otherwise a key of the mapping the indentation puts the cursor in.
  const container = lines.containerPath(line, content);
  if (!container) return undefined;
  return { type: 'key', path: container, prefix: token.slice(quote ? 1 : 0), range, existing: lines.existingKeys(container, line, content), keyHasColon };
}

/** What the cursor is over for hover: a key, or a value (scalar) with the path of what holds it. */
export function yamlHoverTarget(text: string, model: YamlModel, offset: number): HoverTarget | undefined {
  const lines = linesOf(text, model);
  if (lines.astUsable) {
    const d = astDescend(model, offset);
    const r = rangeOf(d.node);
    if (d.at === 'key' && r) return { path: d.path, on: 'key', range: { start: r[0], end: r[1] } };
    if (d.at === 'value' && r && isScalar(d.node) && d.path.length) {
      return { path: d.path, on: 'value', valueText: String(d.node.value), range: { start: r[0], end: r[1] } };
    }
    return undefined;
  }
  const line = lineAt(text, offset).start;
  const s = lines.shape(line);
  const character = offset - line;
  if (s.key !== undefined && character >= s.keyCol && character <= s.keyEnd) {
    const path = lines.pathOfKeyLine(line);
    return path ? { path, on: 'key', range: { start: s.start + s.keyCol, end: s.start + s.keyEnd } } : undefined;
  }
  if (s.key !== undefined && character >= s.valueCol && s.value && character <= s.valueCol + s.value.length) {
    const path = lines.pathOfKeyLine(line);
    return path
      ? { path, on: 'value', valueText: unquoteYamlKey(s.value), range: { start: s.start + s.valueCol, end: s.start + s.valueCol + s.value.length } }
      : undefined;
  }
  if (s.key === undefined && s.dashes.length && s.value && character >= s.contentCol) {
    const path = lines.itemPath(line, s.dashes.length - 1);
    return path
      ? { path, on: 'value', valueText: unquoteYamlKey(s.value), range: { start: s.start + s.contentCol, end: s.start + s.contentCol + s.value.length } }
      : undefined;
  }
  return undefined;
}

/** The indentation step the document uses (2 when it cannot tell). */
export function indentUnit(text: string): number {
  const m = /\n( +)[^\s#-]/.exec(text.slice(0, 4000));
  return m ? Math.min(8, m[1].length) : 2;
}
