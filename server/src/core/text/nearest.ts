/** Levenshtein distance (insert, delete, substitute = 1), over UTF-16 code units. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

export interface NearestOptions {
  /** Largest distance still worth suggesting; default: half the word's length, at least 2. */
  maxDistance?: number;
  /** Compare case-sensitively (default: case-insensitive, the candidate is returned as written). */
  caseSensitive?: boolean;
}

/**
 * The candidate closest to `word` by edit distance, for "did you mean" hints and quick fixes.
 * Ties go to the earlier candidate; undefined when nothing is close enough or `word` is itself a candidate.
 */
export function nearest(word: string, candidates: Iterable<string>, opts: NearestOptions = {}): string | undefined {
  const norm = (s: string) => (opts.caseSensitive ? s : s.toLowerCase());
  const w = norm(word);
  const limit = opts.maxDistance ?? Math.max(2, Math.floor(word.length / 2));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, norm(c));
    if (d === 0 && c === word) return undefined;
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
