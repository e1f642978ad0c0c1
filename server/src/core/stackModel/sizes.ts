const BINARY: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const GO_DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GO_HEX_FLOAT = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/;
const GO_SPECIAL_FLOAT = /^(?:[+-]?(?:inf|infinity)|nan)$/i;

/** strconv.ParseFloat(s, 64), or undefined on a syntax error. */
function goParseFloat(s: string): number | undefined {
  if (GO_DECIMAL_FLOAT.test(s)) return Number(s);
  if (GO_HEX_FLOAT.test(s)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s)!;
    const mantissa = parseInt(m[2] || '0', 16) + (m[3] ? parseInt(m[3], 16) / 16 ** m[3].length : 0);
    return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(m[4]);
  }
  if (GO_SPECIAL_FLOAT.test(s)) return /nan/i.test(s) ? NaN : s.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/** docker/go-units RAMInBytes (binary multiples, case-insensitive, optional `b`/`ib`): bytes or docker's error text. */
export function ramInBytes(sizeStr: string): { bytes: number } | { error: string } {
  let sep = -1;
  for (let i = sizeStr.length - 1; i >= 0; i--) {
    if ('01234567890. '.includes(sizeStr[i])) {
      sep = i;
      break;
    }
  }
  if (sep === -1) return { error: `invalid size: '${sizeStr}'` };
  const num = sizeStr[sep] !== ' ' ? sizeStr.slice(0, sep + 1) : sizeStr.slice(0, sep);
  let sfx = sizeStr.slice(sep + 1);
  const size = goParseFloat(num);
  if (size === undefined) return { error: `strconv.ParseFloat: parsing "${num}": invalid syntax` };
  if (size < 0) return { error: `invalid size: '${sizeStr}'` };
  if (sfx.length === 0) return { bytes: Math.trunc(size) };
  const bad = () => ({ error: `invalid suffix: '${sfx}'` });
  if (sfx.length > 3) return bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') return sfx.length > 1 ? bad() : { bytes: Math.trunc(size) };
  const mul = BINARY[sfx[0]];
  if (!mul) return bad();
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) return bad();
  return { bytes: Math.trunc(size * mul) };
}
