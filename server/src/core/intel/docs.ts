import type { ValuePath } from '../yaml/yamlDocument';
import type { KeyDoc, SourceLink, ValueDoc } from './types';

/** Shared helpers for building key and value docs. */

/** `services.web.deploy.mode` for display. */
export function dotted(path: ValuePath): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** A short generated description where the schema has none. */
export function generatedDescription(path: ValuePath, type: string | undefined): string {
  const name = String(path[path.length - 1]);
  const parent = path.slice(0, -1).filter((p) => typeof p === 'string');
  const where = parent.length ? ` in \`${parent.join('.')}\`` : ' at the top level';
  return `\`${name}\`${where}${type ? ` (${type})` : ''}.`;
}

export function enumValueDocs(values: readonly unknown[], extra: Partial<ValueDoc> = {}): ValueDoc[] {
  return values
    .filter((v) => v !== null && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
    .map((v) => ({ value: String(v), kind: 'enum' as const, literal: typeof v !== 'string', ...extra }));
}

export const BOOLEAN_VALUES: ValueDoc[] = [
  { value: 'true', kind: 'boolean', literal: true },
  { value: 'false', kind: 'boolean', literal: true },
];

/** Values first from `a`, then those of `b` not already there. */
export function mergeValues(a: ValueDoc[], b: ValueDoc[]): ValueDoc[] {
  const seen = new Set(a.map((v) => v.value));
  return [...a, ...b.filter((v) => !seen.has(v.value))];
}

export function link(label: string, url?: string): SourceLink {
  return url ? { label, url } : { label };
}

/** A key doc with defaults filled in. */
export function keyDoc(name: string, fields: Partial<KeyDoc>): KeyDoc {
  return { name, shape: 'scalar', sources: [], ...fields };
}

/** Simple per-map memo with a size bound (documents can have many distinct paths). */
export function memo<V>(cache: Map<string, V>, key: string, make: () => V, max = 20_000): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    if (cache.size >= max) cache.clear();
    cache.set(key, v);
  }
  return v;
}
