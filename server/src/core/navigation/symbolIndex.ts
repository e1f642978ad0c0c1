import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Node, type Pair } from 'yaml';
import { asMap, entries } from '../kinds/stack/context';
import { aliasResolver, ValueBuilder, MAX_EXPANDED_NODES } from '../yaml/toValue';
import { deref, locate, type ValuePath, type YamlModel } from '../yaml/yamlDocument';
import { collectStackReferences, STACK_SECTIONS, type StackSection } from './stackReferences';
import type { SymbolCategory } from './types';

/** One place a navigable name is written. */
export interface Occurrence {
  /** Offsets of the name itself: what rename replaces. */
  start: number;
  end: number;
  /** Where the cursor counts as on it: the `&`/`*` of anchors and aliases, else `start`. */
  hitStart: number;
  /** The name is a whole plain scalar: a new name YAML would read as a number or boolean needs quotes. */
  plainWhole: boolean;
  isDefinition: boolean;
  symbol: NavSymbol;
}

/** A service, top-level resource or anchor with every place it is defined and used. */
export interface NavSymbol {
  id: string;
  category: SymbolCategory;
  name: string;
  definitions: Occurrence[];
  references: Occurrence[];
  /**
   * Some use could not be pinned to its text (an escaped quoted scalar, a block scalar, an anchor
   * whose `&` was not found): rename would miss it, so it is refused.
   */
  incomplete: boolean;
}

export interface SymbolIndex {
  symbols: Map<string, NavSymbol>;
  /** Every occurrence, sorted by `hitStart`. */
  occurrences: Occurrence[];
}

/** What may stand between a node's anchor and the node: white space, comments, a tag, other properties. */
const PROPS_ONLY = /^(?:\s+|#[^\n]*|![^\s,[\]{}]*|&[^\s,[\]{}]+)*$/;

const CATEGORY: Record<StackSection, SymbolCategory> = { networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };

const indexes = new WeakMap<YamlModel, SymbolIndex>();

/** The symbol index of a parsed stack/compose file, built once per model (one document version). */
export function symbolIndex(model: YamlModel): SymbolIndex {
  let idx = indexes.get(model);
  if (!idx) {
    idx = buildIndex(model);
    indexes.set(model, idx);
  }
  return idx;
}

/** The occurrence under `offset` (the cursor may also sit just after the name). */
export function occurrenceAt(idx: SymbolIndex, offset: number): Occurrence | undefined {
  const occ = idx.occurrences;
  let lo = 0;
  let hi = occ.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (occ[mid].hitStart <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const o = found >= 0 ? occ[found] : undefined;
  return o && offset <= o.end ? o : undefined;
}

/**
 * The loaded value for navigation: the model's, or, when the file has syntax errors, whatever the
 * AST still loads to (navigation should keep working while a file is being edited).
 */
function loadedValue(model: YamlModel): Record<string, unknown> {
  if (model.value !== undefined) return asMap(model.value) ?? {};
  if (!model.doc) return {};
  try {
    const builder = new ValueBuilder(aliasResolver(model.anchors));
    if (builder.size(model.doc.contents) > MAX_EXPANDED_NODES) return {};
    return asMap(builder.value(model.doc.contents)) ?? {};
  } catch {
    return {};
  }
}

class IndexBuilder {
  readonly symbols = new Map<string, NavSymbol>();
  private readonly byOffset = new Map<number, Occurrence>();
  private readonly text: string;

  constructor(private readonly model: YamlModel) {
    this.text = model.lines.text;
  }

  symbol(category: SymbolCategory, name: string, id = `${category}:${name}`): NavSymbol {
    let s = this.symbols.get(id);
    if (!s) {
      s = { id, category, name, definitions: [], references: [], incomplete: false };
      this.symbols.set(id, s);
    }
    return s;
  }

  add(sym: NavSymbol, span: { start: number; end: number; hitStart?: number; plainWhole: boolean } | undefined, isDefinition: boolean): void {
    if (!span) {
      sym.incomplete = true;
      return;
    }
    // The same node reached twice (through an alias or a merge key) is one occurrence.
    if (this.byOffset.has(span.start)) return;
    const o: Occurrence = { start: span.start, end: span.end, hitStart: span.hitStart ?? span.start, plainWhole: span.plainWhole, isDefinition, symbol: sym };
    this.byOffset.set(span.start, o);
    (isDefinition ? sym.definitions : sym.references).push(o);
  }

  /** Where `name` is written in a scalar node (`prefixOnly`: at the start of a longer value). */
  nameSpan(node: unknown, name: string, prefixOnly = false): { start: number; end: number; plainWhole: boolean } | undefined {
    if (!isScalar(node) || !node.range || name === '') return undefined;
    let start = node.range[0];
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') start++;
    else if (node.type !== 'PLAIN') return undefined;
    const end = start + name.length;
    if (this.text.slice(start, end) !== name) return undefined;
    const valueEnd = node.type === 'PLAIN' ? node.range[1] : node.range[1] - 1;
    if (!prefixOnly && valueEnd !== end) return undefined;
    return { start, end, plainWhole: node.type === 'PLAIN' && !prefixOnly };
  }

  /** Key or value node at a path of the loaded file, through aliases and merge keys. */
  nodeAt(path: ValuePath, at: 'key' | 'value'): Node | undefined {
    const loc = locate(this.model, path);
    if (loc.partial) return undefined;
    return at === 'key' ? loc.key : deref(this.model, loc.value);
  }

  /** The keys of a top-level section map: the definitions of its names. */
  defineSection(section: string, category: SymbolCategory): void {
    const loc = locate(this.model, [section]);
    const map = loc.partial ? undefined : deref(this.model, loc.value);
    if (!isMap(map)) return;
    for (const pair of map.items as Pair[]) {
      const key = pair.key;
      // Merge keys (`<<`, a symbol) define nothing.
      if (!isScalar(key) || key.value === null || key.value === undefined || typeof key.value === 'symbol' || key.value === '<<') continue;
      const name = String(key.value);
      this.add(this.symbol(category, name), this.nameSpan(key, name), true);
    }
  }

  anchors(): void {
    const bySource = new Map<Node, NavSymbol>();
    for (const [name, nodes] of this.model.anchors) {
      for (const n of nodes) {
        if (!n.range) continue;
        const sym = this.symbol('anchor', name, `anchor:${n.range[0]}`);
        bySource.set(n, sym);
        const at = this.anchorOffset(name, n.range[0]);
        this.add(sym, at === undefined ? undefined : { start: at + 1, end: at + 1 + name.length, hitStart: at, plainWhole: false }, true);
      }
    }
    const resolve = aliasResolver(this.model.anchors);
    for (const n of this.aliases()) {
      const target = resolve(n);
      const sym = target ? bySource.get(target) : undefined;
      const r = n.range;
      if (!sym || !r) continue;
      const start = r[0] + 1;
      this.add(
        sym,
        this.text.slice(start, start + n.source.length) === n.source ? { start, end: start + n.source.length, hitStart: r[0], plainWhole: false } : undefined,
        false,
      );
    }
  }

  /**
   * Every alias node. An alias starts with `*name` for an anchor name, so only the nodes whose text
   * holds such a string are walked into (a large file with a few aliases is not walked whole).
   */
  private aliases(): Alias[] {
    const marks: number[] = [];
    for (const name of this.model.anchors.keys()) {
      for (let i = this.text.indexOf(`*${name}`); i >= 0; i = this.text.indexOf(`*${name}`, i + 1)) marks.push(i);
    }
    if (!marks.length) return [];
    marks.sort((a, b) => a - b);
    const marked = (start: number, end: number) => {
      let lo = 0;
      let hi = marks.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (marks[mid] < start) lo = mid + 1;
        else hi = mid;
      }
      return lo < marks.length && marks[lo] < end;
    };
    const out: Alias[] = [];
    const stack: unknown[] = [this.model.doc?.contents];
    while (stack.length) {
      const n = stack.pop();
      if (!n || typeof n !== 'object') continue;
      if (isPair(n)) {
        stack.push(n.key, n.value);
        continue;
      }
      const r = (n as Node).range;
      if (r && !marked(r[0], Math.max(r[1], r[2]))) continue;
      if (isAlias(n)) out.push(n);
      else if (isMap(n) || isSeq(n)) for (const item of n.items) stack.push(item);
    }
    return out;
  }

  /**
   * Offset of the `&` of `&name` before the node it anchors (node ranges exclude their properties):
   * the nearest such token that is not comment text and is followed by nothing but properties,
   * comments and white space up to the node.
   */
  private anchorOffset(name: string, nodeStart: number): number | undefined {
    const token = `&${name}`;
    for (let i = this.text.lastIndexOf(token, nodeStart - token.length); i >= 0 && i + token.length <= nodeStart; i = this.text.lastIndexOf(token, i - 1)) {
      const after = this.text[i + token.length];
      if (after !== undefined && !/[\s,[\]{}]/.test(after)) continue;
      if (/(^|\s)#/.test(this.text.slice(this.text.lastIndexOf('\n', i) + 1, i))) continue;
      return PROPS_ONLY.test(this.text.slice(i + token.length, nodeStart)) ? i : undefined;
    }
    return undefined;
  }

  finish(): SymbolIndex {
    const occurrences = [...this.byOffset.values()].sort((a, b) => a.hitStart - b.hitStart);
    return { symbols: this.symbols, occurrences };
  }
}

function buildIndex(model: YamlModel): SymbolIndex {
  const b = new IndexBuilder(model);
  const value = loadedValue(model);
  b.defineSection('services', 'service');
  for (const section of STACK_SECTIONS) b.defineSection(section, CATEGORY[section]);

  for (const ref of collectStackReferences(value).refs) {
    if (ref.name === '') continue;
    b.add(b.symbol(CATEGORY[ref.section], ref.name), b.nameSpan(b.nodeAt(ref.path, ref.at), ref.name, ref.shortVolume), false);
  }
  // depends_on: ignored by swarm, but a service name all the same (rename must follow it).
  for (const [svcName, raw] of entries(value.services)) {
    const deps = asMap(raw)?.depends_on;
    const at = (step: string | number): ValuePath => ['services', svcName, 'depends_on', step];
    if (Array.isArray(deps)) {
      deps.forEach((d, i) => typeof d === 'string' && d !== '' && b.add(b.symbol('service', d), b.nameSpan(b.nodeAt(at(i), 'value'), d), false));
    } else {
      for (const d of Object.keys(asMap(deps) ?? {})) b.add(b.symbol('service', d), b.nameSpan(b.nodeAt(at(d), 'key'), d), false);
    }
  }
  b.anchors();
  return b.finish();
}
