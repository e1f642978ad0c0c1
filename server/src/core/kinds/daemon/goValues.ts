/**
 * Go parsers that dockerd applies to daemon.json strings, re-implemented for the checks: net.ParseIP,
 * net.ParseCIDR / netip.ParsePrefix, go-units RAMInBytes, time.ParseDuration, opts.ValidateDNSSearch.
 */

/** Go net.ParseIP / netip.ParseAddr for dotted IPv4 (no leading zeros, each octet ≤ 255). */
export function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** Go net.ParseIP for IPv6 (`::` once, hex groups of 1–4 digits, optional trailing dotted IPv4; no zone). */
export function parseIPv6(s: string): number[] | undefined {
  if (!s.includes(':') || s.includes('%')) return undefined;
  let head = s;
  let tail4: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail4 = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    head = s.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const all = [...left, ...right];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const total = all.length + tail4.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const fill = Array<number>(8 - total).fill(0);
  const hex = (g: string) => parseInt(g, 16);
  return [...left.map(hex), ...(halves.length === 2 ? fill : []), ...right.map(hex), ...tail4];
}

export function isIP(s: string): boolean {
  return parseIPv4(s) !== undefined || parseIPv6(s) !== undefined;
}

export interface Prefix {
  v6: boolean;
  bits: number;
  /** 16-bit groups (IPv6) or octets (IPv4). */
  addr: number[];
}

/** Go net.ParseCIDR / netip.ParsePrefix: `address/bits`, bits within the family's length. */
export function parseCIDR(s: string): Prefix | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m || (m[2].length > 1 && m[2][0] === '0')) return undefined;
  const bits = Number(m[2]);
  const v4 = parseIPv4(m[1]);
  if (v4) return bits <= 32 ? { v6: false, bits, addr: v4 } : undefined;
  const v6 = parseIPv6(m[1]);
  if (v6) return bits <= 128 ? { v6: true, bits, addr: v6 } : undefined;
  return undefined;
}

/** An error text like go-units' for RAMInBytes (binary units), or undefined when the size parses. */
export function sizeError(s: string): string | undefined {
  const sep = Math.max(...[...'01234567890. '].map((c) => s.lastIndexOf(c)));
  if (sep === -1) return `invalid size: '${s}'`;
  const num = s[sep] === ' ' ? s.slice(0, sep) : s.slice(0, sep + 1);
  const sfx = s.slice(sep + 1);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) return `strconv.ParseFloat: parsing "${num}": invalid syntax`;
  if (Number(num) < 0) return `invalid size: '${s}'`;
  if (sfx === '') return undefined;
  const l = sfx.toLowerCase();
  const ok =
    l.length <= 3 && (l === 'b' || ('kmgtp'.includes(l[0]) && (l.length === 1 || (l.length === 2 && l[1] === 'b') || (l.length === 3 && l.slice(1) === 'ib'))));
  return ok ? undefined : `invalid suffix: '${l}'`;
}

/** Go time.ParseDuration (e.g. `2200h`, `1h30m`, `-1.5s`). */
export function isGoDurationText(s: string): boolean {
  if (s === '0') return true;
  return /^[-+]?((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(s);
}

const ALPHA = /[a-zA-Z]/;
const DOMAIN = /^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))(:?\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])))*)\.?\s*$/;

/** opts.ValidateDNSSearch (moby opts/opts.go): "." or a domain name. */
export function isDNSSearchDomain(value: string): boolean {
  const v = value.replace(/^ +| +$/g, '');
  if (v === '.') return true;
  if (!ALPHA.test(v)) return false;
  const m = DOMAIN.exec(v);
  return Boolean(m && m[1].length < 255);
}
