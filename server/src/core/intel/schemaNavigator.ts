import type { ValuePath } from '../yaml/yamlDocument';

type SchemaNode = Record<string, unknown>;

/** A schema node and the file its relative `$ref`s resolve in. */
interface Loc {
  file: string;
  node: SchemaNode;
}

/** What a set of schema alternatives says about one value. */
export interface SchemaInfo {
  /** JSON types allowed (`null` included when allowed). Empty: anything. */
  types: string[];
  description?: string;
  enumValues: unknown[];
  defaultValue?: unknown;
  /** Item type words for arrays (`string`, `object`…), for display. */
  itemTypes: string[];
}

/**
 * The schema nodes that apply to one value: every `allOf`/`anyOf`/`oneOf` branch, `$ref`s followed.
 * Sets are interned, so navigation results and everything derived from them are computed once.
 */
export interface SchemaSet {
  readonly id: string;
  readonly locs: readonly Loc[];
}

const isNode = (v: unknown): v is SchemaNode => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Walks JSON schemas (draft-04/07, one or several files) along value paths: `$ref` (local and
 * `file.json#/pointer`), `allOf`/`anyOf`/`oneOf`, `properties`, `patternProperties`,
 * `additionalProperties` and `items`. Nothing is compiled; every step is cached.
 */
export class SchemaNavigator {
  private readonly nodeIds = new WeakMap<object, number>();
  private nextNodeId = 0;
  private readonly sets = new Map<string, SchemaSet>();
  private readonly childCache = new Map<string, SchemaSet>();
  private readonly propsCache = new Map<string, Map<string, SchemaSet>>();
  private readonly infoCache = new Map<string, SchemaInfo>();
  private readonly requiredCache = new Map<string, Set<string>>();
  private readonly regexes = new Map<string, RegExp | null>();
  readonly root: SchemaSet;

  private readonly files = new Map<string, unknown>();

  /** `load` gives a schema file by the name `$ref`s use (called once per file). */
  constructor(
    private readonly load: (file: string) => unknown,
    rootFile: string,
  ) {
    this.root = this.intern(this.expand({ file: rootFile, node: this.file(rootFile) as SchemaNode }));
  }

  private file(name: string): unknown {
    if (!this.files.has(name)) this.files.set(name, this.load(name));
    return this.files.get(name);
  }

  /** The schema set of the value at `path` (empty when the schema does not know the path). */
  at(path: ValuePath): SchemaSet {
    let set = this.root;
    for (const step of path) {
      if (!set.locs.length) return set;
      set = this.child(set, step);
    }
    return set;
  }

  child(set: SchemaSet, step: string | number): SchemaSet {
    const cacheKey = `${set.id}\u0000${typeof step === 'number' ? '#' : step}`;
    const hit = this.childCache.get(cacheKey);
    if (hit) return hit;
    const out: Loc[] = [];
    for (const loc of set.locs) {
      if (typeof step === 'number') {
        const items = loc.node.items;
        if (isNode(items)) out.push(...this.expand({ file: loc.file, node: items }));
        else if (Array.isArray(items)) {
          const it = items[step] ?? loc.node.additionalItems;
          if (isNode(it)) out.push(...this.expand({ file: loc.file, node: it }));
        }
        continue;
      }
      const props = loc.node.properties;
      if (isNode(props) && isNode(props[step])) {
        out.push(...this.expand({ file: loc.file, node: props[step] as SchemaNode }));
        continue;
      }
      let matched = false;
      const pattern = loc.node.patternProperties;
      if (isNode(pattern)) {
        for (const [re, s] of Object.entries(pattern)) {
          if (isNode(s) && this.regex(re)?.test(step)) {
            out.push(...this.expand({ file: loc.file, node: s }));
            matched = true;
          }
        }
      }
      const extra = loc.node.additionalProperties;
      if (!matched && isNode(extra)) out.push(...this.expand({ file: loc.file, node: extra }));
    }
    const result = this.intern(out);
    // Map keys (service names...) make the cache grow with the document: bound it.
    if (this.childCache.size > 50_000) this.childCache.clear();
    this.childCache.set(cacheKey, result);
    return result;
  }

  /** The declared properties (not pattern or additional ones), each with its own schema set. */
  properties(set: SchemaSet): Map<string, SchemaSet> {
    let props = this.propsCache.get(set.id);
    if (!props) {
      const names: string[] = [];
      for (const loc of set.locs) if (isNode(loc.node.properties)) for (const k of Object.keys(loc.node.properties)) if (!names.includes(k)) names.push(k);
      props = new Map(names.map((n) => [n, this.child(set, n)]));
      this.propsCache.set(set.id, props);
    }
    return props;
  }

  /** Property names listed as `required` by any alternative. */
  required(set: SchemaSet): Set<string> {
    let req = this.requiredCache.get(set.id);
    if (!req) {
      req = new Set();
      for (const loc of set.locs) if (Array.isArray(loc.node.required)) for (const r of loc.node.required) req.add(String(r));
      this.requiredCache.set(set.id, req);
    }
    return req;
  }

  /** True when the set accepts keys it does not declare (maps such as labels or sysctls). */
  isMap(set: SchemaSet): boolean {
    return set.locs.some(
      (l) => isNode(l.node.additionalProperties) || (isNode(l.node.patternProperties) && Object.keys(l.node.patternProperties).some((p) => p !== '^x-')),
    );
  }

  info(set: SchemaSet): SchemaInfo {
    let info = this.infoCache.get(set.id);
    if (info) return info;
    const types: string[] = [];
    const enumValues: unknown[] = [];
    const itemTypes: string[] = [];
    let description: string | undefined;
    let defaultValue: unknown;
    const addType = (t: string) => {
      if (!types.includes(t)) types.push(t);
    };
    for (const loc of set.locs) {
      const n = loc.node;
      if (description === undefined && typeof n.description === 'string') description = n.description;
      if (defaultValue === undefined && 'default' in n) defaultValue = n.default;
      const t = n.type;
      if (typeof t === 'string') addType(t);
      else if (Array.isArray(t)) t.forEach((x) => addType(String(x)));
      else if (isNode(n.properties) || isNode(n.patternProperties)) addType('object');
      else if (n.items !== undefined) addType('array');
      if (Array.isArray(n.enum)) for (const v of n.enum) if (!enumValues.includes(v)) enumValues.push(v);
      if ('const' in n && !enumValues.includes(n.const)) enumValues.push(n.const);
      if (isNode(n.items)) {
        for (const it of this.expand({ file: loc.file, node: n.items })) {
          const itType = it.node.type;
          const words = typeof itType === 'string' ? [itType] : Array.isArray(itType) ? itType.map(String) : isNode(it.node.properties) ? ['object'] : [];
          for (const w of words) if (!itemTypes.includes(w)) itemTypes.push(w);
        }
      }
    }
    info = { types, description, enumValues, defaultValue, itemTypes };
    this.infoCache.set(set.id, info);
    return info;
  }

  private regex(source: string): RegExp | null {
    let re = this.regexes.get(source);
    if (re === undefined) {
      try {
        re = new RegExp(source, 'u');
      } catch {
        re = null;
      }
      this.regexes.set(source, re);
    }
    return re;
  }

  /** The node, what its `$ref` points at, and every alternative below it, in that order. */
  private expand(loc: Loc, out: Loc[] = [], depth = 0): Loc[] {
    if (!isNode(loc.node) || depth > 24) return out;
    out.push(loc);
    const ref = loc.node.$ref;
    if (typeof ref === 'string') {
      const target = this.resolveRef(loc.file, ref);
      if (target) this.expand(target, out, depth + 1);
    }
    for (const k of ['allOf', 'anyOf', 'oneOf']) {
      const list = loc.node[k];
      if (Array.isArray(list)) for (const s of list) if (isNode(s)) this.expand({ file: loc.file, node: s }, out, depth + 1);
    }
    return out;
  }

  private resolveRef(file: string, ref: string): Loc | undefined {
    const hash = ref.indexOf('#');
    const fileName = hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? '' : ref.slice(hash + 1);
    const target = fileName || file;
    let node: unknown = this.file(target);
    // Tolerates `#definitions/x` (runtime-spec v1.3.0's one malformed reference) as well as `#/definitions/x`.
    for (const part of pointer.split('/').filter(Boolean))
      node = isNode(node) ? node[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    return isNode(node) ? { file: target, node } : undefined;
  }

  private intern(locs: Loc[]): SchemaSet {
    const unique: Loc[] = [];
    const ids: number[] = [];
    for (const l of locs) {
      let id = this.nodeIds.get(l.node);
      if (id === undefined) {
        id = this.nextNodeId++;
        this.nodeIds.set(l.node, id);
      }
      if (!ids.includes(id)) {
        ids.push(id);
        unique.push(l);
      }
    }
    const key = ids.join(',');
    let set = this.sets.get(key);
    if (!set) {
      set = { id: key, locs: unique };
      this.sets.set(key, set);
    }
    return set;
  }
}

/** Display words for a schema's types: `integer | string`, `array of string`; `null` only when alone. */
export function typeWords(info: SchemaInfo): string | undefined {
  const shown = info.types.filter((t) => t !== 'null');
  const words = (shown.length ? shown : info.types).map((t) =>
    t === 'array' && info.itemTypes.length ? `array of ${info.itemTypes.filter((x) => x !== 'null').join(' | ')}` : t,
  );
  return words.length ? words.join(' | ') : undefined;
}

/** The value shape a new key gets in the snippet: inline when a scalar is allowed, else a block. */
export function shapeOf(info: SchemaInfo): 'scalar' | 'object' | 'array' | 'boolean' | 'number' | 'string' {
  const t = info.types.filter((x) => x !== 'null');
  if (t.length === 1 && t[0] === 'boolean') return 'boolean';
  if (t.length && t.every((x) => x === 'integer' || x === 'number')) return 'number';
  if (t.length === 1 && t[0] === 'string') return 'string';
  if (t.some((x) => x === 'string' || x === 'integer' || x === 'number' || x === 'boolean')) return 'scalar';
  if (t.includes('object')) return 'object';
  if (t.includes('array')) return 'array';
  return 'scalar';
}
