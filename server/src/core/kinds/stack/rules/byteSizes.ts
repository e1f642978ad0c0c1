import { defineRule } from '../../../rules/registry';
import type { ValuePath } from '../../../yaml/yamlDocument';
import { entries, services, type StackCheck, type StackContext } from '../context';
import { SWARM, valueAt } from './common';

export const byteSizeRule = defineRule({
  code: 'stack-byte-size',
  kinds: ['stack'],
  severity: 'error',
  description: 'A byte size (`deploy.resources.*.memory`, cluster volume capacity) that go-units RAMInBytes refuses ("invalid suffix", "invalid size").',
  source: 'docker/cli cli/compose/loader/loader.go transformSize → docker/go-units size.go RAMInBytes (v0.5.0)',
});

export const memoryMinimumRule = defineRule({
  code: 'stack-memory-minimum',
  kinds: ['stack'],
  severity: 'error',
  description: 'A memory limit or reservation above 0 but below 4MiB ("Must be at least 4MiB").',
  source: 'moby/swarmkit manager/controlapi/service.go validateResources (vendored in moby v27.5.1)',
});

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

const SIZE_HELP = 'a number with an optional b, k, m, g, t or p suffix (binary multiples), e.g. 512m or 1.5g';

function checkSize(ctx: StackContext, value: unknown, path: ValuePath): number | undefined {
  if (typeof value !== 'string') return undefined;
  const r = ramInBytes(value);
  if ('bytes' in r) return r.bytes;
  ctx.report(byteSizeRule, ctx.valueRange(path), `${r.error} (${path.join('.')} must be ${SIZE_HELP})`, { data: { value } });
  return undefined;
}

export const checkByteSizes: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    for (const rel of SWARM.byteSizeFields.servicePaths) {
      const path = ['services', name, ...rel];
      const bytes = checkSize(ctx, valueAt(svc, rel), path);
      if (bytes !== undefined && bytes > 0 && bytes < SWARM.memoryMinimum.bytes) {
        ctx.report(memoryMinimumRule, ctx.valueRange(path), `invalid memory value ${bytes}: Must be at least 4MiB (${path.join('.')})`, { data: { value: bytes, minimum: SWARM.memoryMinimum.bytes } });
      }
    }
  }
  for (const [name, vol] of entries(ctx.config.volumes)) {
    for (const rel of SWARM.byteSizeFields.volumePaths) checkSize(ctx, valueAt(vol, rel), ['volumes', name, ...rel]);
  }
};
