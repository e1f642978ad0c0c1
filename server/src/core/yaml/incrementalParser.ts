import { Document, isAlias, isMap, isScalar, Pair, parseDocument, YAMLMap, type Node, type Scalar } from 'yaml';
import { disabledCodesIn } from '../rules/suppression';
import { LineIndex } from '../text/lineIndex';
import { reparseEditedServiceKey, type EditWindow } from './editedServiceKey';
import { splitSegments, splitSegmentsAfterEdit, type Segment } from './segments';
import { aliasResolver, MAX_EXPANDED_NODES, ValueBuilder } from './toValue';
import { collectAnchors, parseYaml, shiftRanges, walkNodes, YAML_PARSE_OPTIONS, type YamlModel } from './yamlDocument';

/** Below this size a full parse is cheap enough and no cache is kept. */
const INCREMENTAL_MIN_CHARS = 8_000;

interface Entry {
  id: number;
  /** The segment's AST (its Document, with a copy of every parser option, is not kept: 1000 services, 1000 copies). */
  contents: Document.Parsed['contents'];
  /** The offset its node ranges currently assume. */
  base: number;
  /** Build number that last used it (entries unused by the latest build are dropped). */
  usedIn: number;
  anchors: ReadonlyMap<string, Node[]>;
  hasAliases: boolean;
  /** Its text (the cache key). */
  text: string;
  /** Every node's range array, collected once: moving the segment is one tight loop, not a tree walk. */
  ranges: number[][];
  /** Its `swarm-pilot-disable` codes (a comment is within one line, so within one segment). */
  disabled: ReadonlySet<string>;
  /** The segment's loaded value and expanded size, valid while `valueKey` matches the anchors in use. */
  value?: Record<string, unknown>;
  size?: number;
  valueKey?: string;
}

const NO_ANCHORS: ReadonlyMap<string, Node[]> = new Map();
const NO_CODES: ReadonlySet<string> = new Set();

interface Part {
  seg: Segment;
  map: YAMLMap | undefined;
  entry: Entry;
}

/**
 * Re-parses only the segments (top-level keys, single services) whose text changed since the last
 * call; unchanged segments keep their AST and loaded value and only have their offsets shifted.
 * Anything unusual (a parser error or warning, repeated keys, an alias problem) falls back to a
 * full parse, so diagnostics never differ from `parseYaml`.
 */
export class IncrementalYamlParser {
  private cache = new Map<string, Entry>();
  /** Keys and short values repeat in every service: each parsed segment shares one copy of each. */
  private readonly strings = new ScalarStrings();
  private build = 0;
  private nextId = 0;
  private builder: ValueBuilder | undefined;
  private builderKey = '';
  /** The previous text and its segments by start offset: unchanged ones are found without hashing their text. */
  private prevText = '';
  private prevByStart = new Map<number, { end: number; entry: Entry }>();
  private prevLines: LineIndex | undefined;
  private prevSegments: Segment[] | undefined;

  parse(text: string): YamlModel {
    const prev = this.prevText;
    // What the edit left alone: the common start and end of the previous and the new text.
    const prefix = prev ? commonPrefix(prev, text) : 0;
    const suffix = prev ? commonSuffix(prev, text, prefix) : 0;
    let segments: Segment[] | undefined;
    if (text.length >= INCREMENTAL_MIN_CHARS) {
      segments = this.prevSegments ? splitSegmentsAfterEdit({ text: prev, segments: this.prevSegments }, text, prefix, suffix) : splitSegments(text);
    }
    const model = segments ? this.parseSegments(text, segments, prefix, suffix) : undefined;
    if (!model) {
      this.cache.clear();
      this.strings.clear();
      this.forget();
    }
    return model ?? parseYaml(text);
  }

  private parseSegments(text: string, segments: Segment[], prefix: number, suffix: number): YamlModel | undefined {
    const build = ++this.build;
    const parts: Part[] = [];
    const prev = this.prevText;
    const delta = text.length - prev.length;
    const byStart = new Map<number, { end: number; entry: Entry }>();
    for (const seg of segments) {
      let entry = this.unchanged(seg, prefix, text.length - suffix, delta);
      if (!entry) {
        // A flat copy: a slice would keep this whole version of the text alive for as long as the segment lives.
        const slice = flatCopy(text.slice(seg.start, seg.end));
        entry = this.cache.get(slice);
        if (entry && entry.usedIn === build) entry = undefined; // the same text twice: needs its own nodes
        if (!entry) {
          const edited = seg.kind === 'service' ? this.editedService(seg, slice, { start: prefix, oldEnd: prev.length - suffix, delta }) : undefined;
          let contents: Document.Parsed['contents'];
          let base = seg.start;
          if (edited) contents = edited as Document.Parsed['contents'];
          else {
            const doc = parseDocument(slice, YAML_PARSE_OPTIONS) as Document.Parsed;
            if (doc.errors.length || doc.warnings.length) return this.forget();
            contents = doc.contents;
            base = 0;
          }
          entry = this.entryFor(contents, base, slice, build);
          if (!this.cache.has(slice)) this.cache.set(slice, entry);
        }
      }
      entry.usedIn = build;
      byStart.set(seg.start, { end: seg.end, entry });
      const contents = entry.contents;
      if (contents !== null && !isMap(contents)) return this.forget();
      if (entry.base !== seg.start) {
        shiftRanges(entry.ranges, seg.start - entry.base);
        entry.base = seg.start;
      }
      parts.push({ seg, map: contents ?? undefined, entry });
    }
    for (const [k, e] of this.cache) if (e.usedIn !== build) this.cache.delete(k);
    const lines = this.prevLines && prev ? LineIndex.afterEdit(this.prevLines, text, prefix, suffix) : new LineIndex(text);
    this.prevText = text;
    this.prevByStart = byStart;
    this.prevLines = lines;
    this.prevSegments = segments;
    return this.assemble(text, parts, lines);
  }

  /** A cache entry for a segment's AST whose node ranges assume the segment starts at `base`. */
  private entryFor(contents: Document.Parsed['contents'], base: number, slice: string, build: number): Entry {
    let hasAliases = false;
    const ranges: number[][] = [];
    walkNodes(contents, (n) => {
      hasAliases ||= isAlias(n);
      if (n.range) ranges.push(n.range as number[]);
      if (isScalar(n)) this.strings.intern(n);
    });
    const anchors = collectAnchors(contents);
    const disabled = disabledCodesIn(slice);
    return {
      id: this.nextId++,
      contents,
      base,
      usedIn: build,
      // Most segments define no anchor and no suppression comment: they share one empty map and set.
      anchors: anchors.size ? anchors : NO_ANCHORS,
      hasAliases,
      text: slice,
      ranges,
      disabled: disabled.size ? disabled : NO_CODES,
    };
  }

  /**
   * The AST of a service the edit changed, from its previous AST with only the edited key re-parsed
   * (`reparseEditedServiceKey`); undefined sends the caller to parse the whole service. The previous entry is
   * dropped: its nodes now belong to the new one.
   */
  private editedService(seg: Segment, slice: string, edit: EditWindow): YAMLMap | undefined {
    const old = this.prevByStart.get(seg.start);
    if (!old || old.end !== seg.end - edit.delta || edit.start <= seg.start || edit.oldEnd > old.end) return undefined;
    const entry = old.entry;
    if (entry.usedIn === this.build || entry.base !== seg.start || this.cache.get(entry.text) !== entry) return undefined;
    const contents = reparseEditedServiceKey(entry.contents, slice, seg.start, edit);
    if (contents) this.cache.delete(entry.text);
    return contents;
  }

  /** The previous build's entry for a segment that lies wholly in the text the edit left alone. */
  private unchanged(seg: Segment, prefixEnd: number, suffixStart: number, delta: number): Entry | undefined {
    let old: { end: number; entry: Entry } | undefined;
    if (seg.end <= prefixEnd) old = this.prevByStart.get(seg.start);
    else if (seg.start >= suffixStart) old = this.prevByStart.get(seg.start - delta);
    const oldEnd = seg.end <= prefixEnd ? seg.end : seg.end - delta;
    if (!old || old.end !== oldEnd || old.entry.usedIn === this.build) return undefined;
    return this.cache.get(old.entry.text) === old.entry ? old.entry : undefined;
  }

  private forget(): undefined {
    this.prevText = '';
    this.prevLines = undefined;
    this.prevSegments = undefined;
    this.prevByStart = new Map();
    return undefined;
  }

  /** Builds one Document and its value from the segments; undefined sends the caller to a full parse. */
  private assemble(text: string, parts: Part[], lines: LineIndex): YamlModel | undefined {
    const anchors = new Map<string, Node[]>();
    for (const { entry } of parts) {
      for (const [name, nodes] of entry.anchors) anchors.set(name, [...(anchors.get(name) ?? []), ...nodes]);
    }
    const doc = assembleDocument(text, parts);
    if (!doc) return undefined;
    const value = this.loadValue(parts, anchors);
    if (!value) return undefined;
    const disabledCodes = new Set<string>();
    for (const { entry } of parts) for (const c of entry.disabled) disabledCodes.add(c);
    return { lines, doc, syntaxDiagnostics: [], value, anchors, disabledCodes };
  }

  private loadValue(parts: Part[], anchors: Map<string, Node[]>): Record<string, unknown> | undefined {
    // Alias targets may live in any segment: cached values of alias users stay valid only while
    // the set of anchor-defining segments is unchanged.
    const key = parts
      .filter((p) => p.entry.anchors.size > 0)
      .map((p) => p.entry.id)
      .join(',');
    if (!this.builder || key !== this.builderKey) {
      this.builder = new ValueBuilder(aliasResolver(anchors));
      this.builderKey = key;
    }
    const builder = this.builder;
    const root: Record<string, unknown> = {};
    let services: Record<string, unknown> | undefined;
    let total = 0;
    try {
      for (const { seg, map, entry } of parts) {
        if (!map) continue;
        if (!entry.value || (entry.hasAliases && entry.valueKey !== key)) {
          entry.size = builder.size(map);
          entry.value = builder.value(map) as Record<string, unknown>;
          entry.valueKey = key;
        }
        total += entry.size ?? 0;
        if (total > MAX_EXPANDED_NODES) return undefined;
        if (seg.kind === 'service') Object.assign((services ??= {}), entry.value);
        else if (seg.kind === 'services-header') root.services = null;
        else Object.assign(root, entry.value);
      }
    } catch {
      return undefined;
    }
    if ('services' in root && services) root.services = services;
    return root;
  }
}

/** Length of the common start of two texts (binary search over native comparisons, no per-char loop). */
export function commonPrefix(a: string, b: string): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Length of the common end of two texts, not overlapping their common start. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length) - prefix;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A string that shares no storage with the text it was sliced from. */
function flatCopy(s: string): string {
  // V8 copies a substring shorter than 13 characters anyway; only longer ones are slices of their text.
  if (s.length < 13) return s;
  // latin1 when it fits: V8 then keeps one byte per character (utf16le would make a two-byte string).
  const encoding = /[^\u0000-\u00ff]/.test(s) ? 'utf16le' : 'latin1';
  return Buffer.from(s, encoding).toString(encoding);
}

/** Shares equal short scalar strings between segments (1000 services: ~130,000 scalars, ~25,000 distinct). */
class ScalarStrings {
  private static readonly MAX_LENGTH = 64;
  private static readonly MAX_ENTRIES = 100_000;
  private pool = new Map<string, string>();

  intern(n: Scalar): void {
    const v = n.value;
    if (typeof v === 'string') {
      const shared = this.get(v);
      n.value = shared;
      if (n.source === v) n.source = shared;
    } else if (typeof n.source === 'string') n.source = this.get(n.source);
  }

  clear(): void {
    this.pool = new Map();
  }

  private get(s: string): string {
    if (s.length > ScalarStrings.MAX_LENGTH) return s;
    const hit = this.pool.get(s);
    if (hit !== undefined) return hit;
    // A slice would keep the segment's text alive: the pool keeps a flat copy.
    const own = flatCopy(s);
    if (this.pool.size < ScalarStrings.MAX_ENTRIES) this.pool.set(own, own);
    return own;
  }
}

const keyOf = (p: Pair) => (isScalar(p.key) ? p.key.value : p.key);

/** One Document over the segment ASTs; undefined when keys repeat (the full parse reports it). */
function assembleDocument(text: string, parts: Part[]): Document.Parsed | undefined {
  const root = new YAMLMap();
  root.range = [0, text.length, text.length];
  const topKeys = new Set<unknown>();
  let services: YAMLMap | undefined;
  const serviceKeys = new Set<unknown>();
  for (const { seg, map } of parts) {
    if (!map) continue;
    const m = map.range as [number, number, number];
    if (seg.kind === 'service') {
      if (!services) return undefined;
      for (const item of map.items) {
        const k = keyOf(item as Pair);
        if (serviceKeys.has(k)) return undefined;
        serviceKeys.add(k);
        services.items.push(item);
      }
      const r = services.range as [number, number, number];
      if (services.items.length === map.items.length) r[0] = m[0];
      r[1] = m[1];
      r[2] = m[2];
      continue;
    }
    if (root.items.length === 0) (root.range as number[])[0] = m[0];
    (root.range as number[])[1] = m[1];
    (root.range as number[])[2] = m[2];
    for (const item of map.items) {
      const k = keyOf(item as Pair);
      if (topKeys.has(k)) return undefined;
      topKeys.add(k);
      if (seg.kind === 'services-header') {
        services = new YAMLMap();
        services.range = [seg.end, seg.end, seg.end];
        // A fresh pair: the cached header AST keeps its own (null) value for the next build.
        root.items.push(new Pair((item as Pair).key, services));
      } else {
        root.items.push(item);
      }
    }
  }
  if (services && services.items.length === 0) {
    const pair = root.items.find((p) => keyOf(p as Pair) === 'services') as Pair;
    pair.value = null;
  }
  const doc = new Document(undefined, YAML_PARSE_OPTIONS) as unknown as Document.Parsed;
  doc.contents = root as unknown as Document.Parsed['contents'];
  return doc;
}
