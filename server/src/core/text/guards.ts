// Small value helpers shared across the core (and, through stackModel, the deploy engine).

/** A plain object (a loaded YAML/JSON mapping): not null, not a list. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The text inside matching single or double quotes, or undefined when `s` is not quoted that way. */
export function unquote(s: string): string | undefined {
  return /^(["'])(.*)\1$/s.exec(s)?.[2];
}
