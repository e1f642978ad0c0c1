import type { RuleMeta } from '../../../rules/registry';
import { dottedPath } from '../../../schema/schemaErrors';
import { nearest } from '../../../text/nearest';
import type { ValuePath } from '../../../yaml/yamlDocument';
import { asMap, entries, type StackContext } from '../context';

export { SWARM } from '../../../stackModel/swarmValues';

/** The value at `path` below `root`, or undefined when any step is missing or not a mapping/list. */
export function valueAt(root: unknown, path: ValuePath): unknown {
  let cur: unknown = root;
  for (const step of path) {
    if (Array.isArray(cur) && typeof step === 'number') cur = cur[step];
    else {
      const m = asMap(cur);
      if (!m) return undefined;
      cur = m[String(step)];
    }
  }
  return cur;
}

/** `"a", "b" or "c"` for messages. */
export function quotedList(items: readonly string[]): string {
  const q = items.map((s) => `"${s}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/**
 * Reports a value outside an allowed list on the value itself, with the upstream error text first,
 * the allowed values, and the nearest one as `data.suggestion` for a quick fix.
 */
export function reportNotAllowed(ctx: StackContext, rule: RuleMeta, path: ValuePath, value: string, allowed: readonly string[], upstream: string): void {
  const suggestion = nearest(value, allowed);
  const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
  ctx.report(rule, ctx.valueRange(path), `${upstream} (${dottedPath(path)} must be ${quotedList(allowed)})${hint}`, {
    data: { value, allowed: [...allowed], ...(suggestion ? { suggestion } : {}) },
  });
}

/** A top-level network/secret/config marked `external` (true, or the legacy `{name: …}` form): stack deploy does not create it. */
export function isExternal(def: Record<string, unknown>): boolean {
  return def.external === true || asMap(def.external) !== undefined;
}

/** One entry of a list-or-mapping field (`environment`, `labels`): `k=v` / `k` list items or mapping pairs. */
export interface ListOrMapEntry {
  key: string;
  /** undefined for a bare `KEY` list item or a null mapping value. */
  value: string | undefined;
  path: ValuePath;
  /** Where the key is written: a mapping key, or inside the list item's value. */
  at: 'key' | 'value';
}

export function listOrMapEntries(v: unknown, path: ValuePath): ListOrMapEntry[] {
  if (Array.isArray(v)) {
    return v.flatMap((item, i) => {
      if (typeof item !== 'string') return [];
      const eq = item.indexOf('=');
      return [{ key: eq < 0 ? item : item.slice(0, eq), value: eq < 0 ? undefined : item.slice(eq + 1), path: [...path, i], at: 'value' as const }];
    });
  }
  return entries(v).map(([key, val]) => ({
    key,
    value: val === null || val === undefined ? undefined : String(val),
    path: [...path, key],
    at: 'key' as const,
  }));
}
