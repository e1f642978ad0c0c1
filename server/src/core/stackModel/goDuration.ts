/**
 * Go's time.ParseDuration grammar: `[-+]?(\d*\.?\d+(ns|us|µs|μs|ms|s|m|h))+` or "0".
 * docker's schema `format: duration` and the swarm convert code use it; there is no `d` unit.
 */
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

export function isGoDuration(s: string): boolean {
  return s === '0' || s === '+0' || s === '-0' || DURATION.test(s);
}

/** Nanoseconds, or undefined when `s` is not a Go duration. */
export function parseGoDuration(s: string): number | undefined {
  if (!isGoDuration(s)) return undefined;
  const sign = s.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const m of s.matchAll(PART)) total += Number(m[1]) * UNIT_NS[m[2]];
  return sign * total;
}
