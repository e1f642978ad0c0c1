// docker/cli and docker compose cast some interpolated strings back to numbers and booleans before schema
// validation: cli/compose/loader/interpolate.go (toInt, toFloat, toBoolean) over the path table in
// schemas/docker-cli-interpolate-casts.json, and compose-go's loader/interpolate.go (also toInt64, toFloat32)
// over schemas/compose-go-interpolate-casts.json, both matched as their interpolation.go does.
import stackCasts from '../../../../../schemas/docker-cli-interpolate-casts.json';
import composeCasts from '../../../../../schemas/compose-go-interpolate-casts.json';
import type { ValuePath } from '../../yaml/yamlDocument';

export type CastResult = { ok: true; value: unknown } | { ok: false; error: string; fallback: unknown };
export type Cast = (value: string) => CastResult;

/** Go's strconv.Quote / %#v for the strings that appear in docker's messages (close enough: JSON quoting). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

const numError = (fn: 'Atoi' | 'ParseInt' | 'ParseFloat', s: string, reason: 'invalid syntax' | 'value out of range', fallback: unknown): CastResult => ({
  ok: false,
  error: `strconv.${fn}: parsing ${goQuote(s)}: ${reason}`,
  fallback,
});

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.Atoi on a 64-bit platform (or ParseInt(s, 10, 64)): optional sign, ASCII digits, no underscores, int64 range. */
const decimalInt =
  (fn: 'Atoi' | 'ParseInt'): Cast =>
  (s) => {
    if (!/^[+-]?[0-9]+$/.test(s)) return numError(fn, s, 'invalid syntax', 0);
    const n = BigInt(s);
    if (n < INT64_MIN || n > INT64_MAX) return numError(fn, s, 'value out of range', 0);
    return { ok: true, value: Number(n) };
  };

export const toInt: Cast = decimalInt('Atoi');
export const toInt64: Cast = decimalInt('ParseInt');

// strconv.ParseFloat(s, 64): Go floating-point literal syntax (decimal, or hexadecimal with a
// mandatory p exponent), underscores only between digits, plus inf/infinity (signed) and nan.
const DECIMAL_FLOAT = /^[+-]?(?=[0-9_]*\.?[0-9_]*[0-9])[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9][0-9_]*)?$/;
const HEX_FLOAT = /^([+-]?)0[xX](?=[0-9a-fA-F_]*\.?[0-9a-fA-F_]*[0-9a-fA-F])([0-9a-fA-F_]*)\.?([0-9a-fA-F_]*)[pP]([+-]?[0-9][0-9_]*)$/;

/** strconv's underscoreOK: underscores only between digits (a base prefix counts as a digit). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  const hex = /^0[xX]/.test(s);
  if (/^0[bBoOxX]/.test(s)) {
    i = 2;
    saw = '0';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
    } else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

export const toFloat: Cast = (s) => {
  const special = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (special) return { ok: true, value: special[1] === '-' ? -Infinity : Infinity };
  if (/^nan$/i.test(s)) return { ok: true, value: NaN };
  let value: number;
  const hex = HEX_FLOAT.exec(s);
  if (hex) {
    const [, sign, int, frac, exp] = hex;
    const digits = (int + frac).replace(/_/g, '');
    value = parseInt(digits || '0', 16) * 2 ** (Number(exp.replace(/_/g, '')) - 4 * frac.replace(/_/g, '').length);
    if (sign === '-') value = -value;
  } else if (DECIMAL_FLOAT.test(s)) {
    value = Number(s.replace(/_/g, ''));
  } else {
    return numError('ParseFloat', s, 'invalid syntax', 0);
  }
  if (s.includes('_') && !underscoreOK(s)) return numError('ParseFloat', s, 'invalid syntax', 0);
  if (!Number.isFinite(value)) return numError('ParseFloat', s, 'value out of range', 0);
  return { ok: true, value };
};

/** The YAML 1.1 spellings docker accepts (http://yaml.org/type/bool.html), case-insensitive. */
const BOOLEANS: Record<string, boolean> = { y: true, yes: true, true: true, on: true, n: false, no: false, false: false, off: false };

export const toBoolean: Cast = (s) => {
  const v = BOOLEANS[s.toLowerCase()];
  return v === undefined ? { ok: false, error: `invalid boolean: ${s}`, fallback: false } : { ok: true, value: v };
};

/** strconv.ParseFloat(s, 32): the same syntax, float32's range. */
const FLOAT32_MAX = 3.4028234663852886e38;
export const toFloat32: Cast = (s) => {
  const r = toFloat(s);
  if (r.ok && Number.isFinite(r.value) && Math.abs(r.value as number) > FLOAT32_MAX) return numError('ParseFloat', s, 'value out of range', 0);
  return r;
};

const CASTS: Record<string, Cast> = { toInt, toInt64, toFloat, toFloat32, toBoolean };

type CastTable = { parts: string[]; cast: Cast }[];

function tableOf(json: { casts: Record<string, string> }, file: string): CastTable {
  return Object.entries(json.casts).map(([pattern, name]) => {
    const cast = CASTS[name];
    if (!cast) throw new Error(`unknown cast ${name} for ${pattern} in ${file}`);
    return { parts: pattern.split('.'), cast };
  });
}

const TABLES = { stack: tableOf(stackCasts, 'docker-cli-interpolate-casts.json'), compose: tableOf(composeCasts, 'compose-go-interpolate-casts.json') };

/**
 * docker's dotted path for a value path: list items become `[]`, and the parts are re-split on `.`
 * as interpolation.Path does, so a key that contains a dot shifts the parts exactly as in docker.
 */
export function dockerPath(path: ValuePath): string {
  return path.map((p) => (typeof p === 'number' ? '[]' : p)).join('.');
}

/** The cast docker/cli (stack) or docker compose (compose) applies at a path, if any. */
export function casterFor(path: ValuePath, mode: 'stack' | 'compose' = 'stack'): Cast | undefined {
  const parts = dockerPath(path).split('.');
  for (const row of TABLES[mode]) {
    if (row.parts.length === parts.length && row.parts.every((p, i) => p === '*' || p === parts[i])) return row.cast;
  }
  return undefined;
}
