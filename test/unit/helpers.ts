import { defaultSettings, type CoreSettings } from '../../server/src/core/settings';
import type { Diagnostic, FileKind } from '../../server/src/core/types';
import { validateText } from '../../server/src/core/validate';
import { ADVICE_OFF } from '../support/advice';
import type { FileProbe } from '../../server/src/core/fs/fileProbe';

export const REPO_ROOT = new URL('../..', import.meta.url).pathname;
export { CORPUS } from '../support/shared';

/**
 * Validates a text as the given kind and returns its diagnostics. Readiness advice is off unless `advice: true`
 * (the readiness tests); rule severities given in `settings` apply on top.
 */
export function check(
  text: string,
  kind: FileKind,
  opts: { settings?: Partial<CoreSettings>; filePath?: string; fs?: FileProbe; advice?: boolean } = {},
): Diagnostic[] {
  const ruleSeverity = { ...(opts.advice ? {} : ADVICE_OFF), ...opts.settings?.ruleSeverity };
  const settings = defaultSettings({ ...opts.settings, ruleSeverity });
  const r = validateText({
    text,
    kind,
    filePath: opts.filePath ?? `/work/test/file.${kind === 'stack' || kind === 'compose' ? 'yml' : 'json'}`,
    settings,
    fs: opts.fs,
  });
  if (!r) throw new Error('no validation result');
  return r.diagnostics;
}

/** Diagnostics as `code@line:col` strings (1-based) for compact assertions. */
export function brief(diags: Diagnostic[]): string[] {
  return diags.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
}

export function withCode(diags: Diagnostic[], code: string): Diagnostic[] {
  return diags.filter((d) => d.code === code);
}

/** The text covered by a diagnostic's range (single-line ranges). */
export function covered(text: string, d: Diagnostic): string {
  const line = text.split(/\r?\n/)[d.range.start.line] ?? '';
  return d.range.start.line === d.range.end.line ? line.slice(d.range.start.character, d.range.end.character) : line.slice(d.range.start.character);
}

/** A FileProbe over an in-memory map, for `file:` checks. */
export function memoryFs(files: Record<string, string>): FileProbe {
  return { stat: (p) => (p in files ? { size: Buffer.byteLength(files[p]), isFile: true } : undefined), read: (p) => files[p] };
}

/** Deterministic PRNG (mulberry32), the fuzzer's: a failing input is reproduced from its seed. */
export { rng } from '../support/fuzzInputs';
