import { isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Pair } from 'yaml';

/** Above this many nodes after alias expansion a document is an alias bomb (billion laughs). */
export const MAX_EXPANDED_NODES = 1_000_000;

const IN_PROGRESS = -1;

export class LoadError extends Error {
  constructor(
    readonly node: Node | undefined,
    message: string,
    readonly kind: 'syntax' | 'bomb',
  ) {
    super(message);
  }
}

const isMergeKey = (key: unknown) =>
  (typeof key === 'symbol' && key.description === '<<') ||
  (isScalar(key) && (key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<')) && (!key.type || key.type === 'PLAIN'));

/**
 * Turns a YAML AST into plain JS values the way yaml's `toJS` does (merge keys, string keys,
 * aliases), but with aliases resolved through a caller-supplied lookup and anchored values shared
 * and memoised, so the incremental parser can convert one segment at a time. Also measures the
 * expanded size, which is what makes an alias bomb dangerous to everything downstream.
 */
export class ValueBuilder {
  private readonly memo = new Map<Node, unknown>();
  private readonly sizes = new Map<Node, number>();

  constructor(private readonly resolveAlias: (alias: Alias) => Node | undefined) {}

  /** Call `size` first: it rejects self-referencing anchors, which `value` would loop on. */
  value(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    const n = node as Node;
    if (isAlias(n)) return this.value(this.target(n));
    const anchored = (n as { anchor?: string }).anchor !== undefined;
    if (anchored && this.memo.has(n)) return this.memo.get(n);
    let out: unknown;
    if (isScalar(n)) out = n.value;
    else if (isMap(n)) {
      const obj: Record<string, unknown> = {};
      if (anchored) this.memo.set(n, obj);
      for (const pair of n.items as Pair[]) this.addPair(obj, pair);
      out = obj;
    } else if (isSeq(n)) {
      const arr: unknown[] = [];
      if (anchored) this.memo.set(n, arr);
      for (const item of n.items) arr.push(this.value(item));
      out = arr;
    } else out = (n as { toJSON?: () => unknown }).toJSON?.() ?? null;
    if (anchored) this.memo.set(n, out);
    return out;
  }

  /** Node count with every alias expanded (memoised per anchored node), capped just above the limit. */
  size(node: unknown): number {
    if (!node || typeof node !== 'object') return 1;
    const n = node as Node;
    if (isAlias(n)) return this.size(this.target(n));
    // Only anchored nodes can be reached twice (through aliases) or be part of a cycle, so only they are
    // memoised: the AST is otherwise a tree, and a Map entry per node is most of this pass's cost.
    const anchored = (n as { anchor?: string }).anchor !== undefined;
    if (anchored) {
      const hit = this.sizes.get(n);
      if (hit === IN_PROGRESS) throw new LoadError(n, `anchor &${(n as { anchor?: string }).anchor ?? ''} contains an alias to itself`, 'syntax');
      if (hit !== undefined) return hit;
      this.sizes.set(n, IN_PROGRESS);
    }
    let total = 1;
    if (isMap(n)) for (const p of n.items as Pair[]) total += this.size(p.key) + this.size(p.value);
    else if (isSeq(n)) for (const item of n.items) total += this.size(item);
    total = Math.min(total, MAX_EXPANDED_NODES + 1);
    if (anchored) this.sizes.set(n, total);
    return total;
  }

  private target(alias: Alias): Node {
    const t = this.resolveAlias(alias);
    if (!t) throw new LoadError(alias, `Unresolved alias *${alias.source}: the anchor &${alias.source} must be defined before the alias`, 'syntax');
    return t;
  }

  private addPair(obj: Record<string, unknown>, pair: Pair): void {
    if (isMergeKey(pair.key)) {
      const src = isAlias(pair.value) ? this.target(pair.value) : (pair.value as Node);
      const sources = isSeq(src) ? src.items : [src];
      for (const s of sources) {
        const m = isAlias(s) ? this.target(s as Alias) : (s as Node);
        if (!isMap(m)) throw new LoadError(pair.key as Node, 'Merge sources must be maps or map aliases', 'syntax');
        const merged = this.value(m) as Record<string, unknown>;
        for (const k of Object.keys(merged)) {
          if (!Object.prototype.hasOwnProperty.call(obj, k))
            Object.defineProperty(obj, k, { value: merged[k], writable: true, enumerable: true, configurable: true });
        }
      }
      return;
    }
    const jsKey = this.value(pair.key);
    const key = jsKey === null ? '' : typeof jsKey === 'object' ? JSON.stringify(jsKey) : String(jsKey);
    const v = this.value(pair.value);
    if (key in obj) Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
    else obj[key] = v;
  }
}

/** Alias lookup by document order: the nearest anchor of that name before the alias. */
export function aliasResolver(anchorNodes: Map<string, Node[]>): (alias: Alias) => Node | undefined {
  return (alias) => {
    const list = anchorNodes.get(alias.source);
    if (!list) return undefined;
    const at = alias.range?.[0] ?? Infinity;
    let found: Node | undefined;
    for (const n of list) if ((n.range?.[0] ?? 0) < at) found = n;
    return found;
  };
}
