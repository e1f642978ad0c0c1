import type { Position, Range } from '../types';

/**
 * Maps string offsets to LSP positions (and back) with a binary search over line starts. The starts are a typed
 * array: half the memory of a number array, and an edit copies them with one memcpy instead of growing a new array
 * element by element (on a 77k-line file that was 2.5 MB of garbage per keystroke).
 */
export class LineIndex {
  private readonly lineStarts: Uint32Array;
  /** Whether the text has carriage returns (then an edit rescans it whole). */
  private readonly hasCR: boolean;

  constructor(
    readonly text: string,
    /** The line starts of a text without carriage returns, when the caller already knows them (see `afterEdit`). */
    known?: Uint32Array,
  ) {
    if (known) {
      this.lineStarts = known;
      this.hasCR = false;
      return;
    }
    this.hasCR = text.includes('\r');
    this.lineStarts = this.hasCR ? startsWithCR(text) : startsOfLF(text, 0, text.length, [0]);
  }

  /**
   * The index of `text`, which equals `prev.text` except between its first `prefix` and last `suffix` characters:
   * only that window is scanned. Texts with carriage returns are scanned whole (a CR LF may straddle the edges).
   */
  static afterEdit(prev: LineIndex, text: string, prefix: number, suffix: number): LineIndex {
    const windowEnd = text.length - suffix;
    if (prev.hasCR || text.slice(prefix, windowEnd).includes('\r')) return new LineIndex(text);
    const old = prev.lineStarts;
    const delta = text.length - prev.text.length;
    // A start s follows the newline at s - 1: kept while that newline is in the unchanged start (s <= prefix) …
    const head = firstAbove(old, prefix);
    const middle: number[] = [];
    for (let i = text.indexOf('\n', prefix); i >= 0 && i < windowEnd; i = text.indexOf('\n', i + 1)) middle.push(i + 1);
    // … and shifted while that newline is in the unchanged end (s - 1 >= old suffix start).
    const tail = Math.max(head, firstAbove(old, prev.text.length - suffix));
    const starts = new Uint32Array(head + middle.length + old.length - tail);
    starts.set(old.subarray(0, head));
    starts.set(middle, head);
    let j = head + middle.length;
    for (let k = tail; k < old.length; k++) starts[j++] = old[k] + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStarts[pos.line] + pos.character, this.lineEnd(pos.line));
  }

  /** Offset just past the last character of the line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    while (end > this.lineStarts[line] && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }

  /**
   * A range for [start, end) that never runs past the end of the start line:
   * a long block value is underlined on its first line only.
   */
  rangeOnOneLine(start: number, end: number): Range {
    const s = this.positionAt(start);
    const lineEnd = this.lineEnd(s.line);
    let e = Math.min(Math.max(end, start), lineEnd);
    if (e === start && start < lineEnd) e = start + 1;
    return { start: s, end: this.positionAt(e) };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }
}

/** Index of the first element greater than `value` in an ascending array. */
function firstAbove(a: Uint32Array, value: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Line starts of a text with only LF breaks: counted first (native indexOf), then written once. */
function startsOfLF(text: string, from: number, to: number, first: number[]): Uint32Array {
  let n = first.length;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  const starts = new Uint32Array(n);
  starts.set(first);
  let j = first.length;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) starts[j++] = i + 1;
  return starts;
}

/** Line starts when CR, LF and CR LF may all end lines. */
function startsWithCR(text: string): Uint32Array {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return Uint32Array.from(starts);
}
