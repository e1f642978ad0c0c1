import type { Position, Range } from '../types';

/** Maps string offsets to LSP positions (and back) with a binary search over line starts. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(
    readonly text: string,
    /** The line starts, when the caller already knows them (see `afterEdit`). */
    known?: number[],
  ) {
    if (known) {
      this.lineStarts = known;
      return;
    }
    const starts = [0];
    let cr = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        cr = true;
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
    this.hasCR = cr;
  }

  /** Whether the text has carriage returns (then an edit rescans it whole). */
  private hasCR = false;

  /**
   * The index of `text`, which equals `prev.text` except between its first `prefix` and last `suffix` characters:
   * only that window is scanned. Texts with carriage returns are scanned whole (a CR LF may straddle the edges).
   */
  static afterEdit(prev: LineIndex, text: string, prefix: number, suffix: number): LineIndex {
    const windowEnd = text.length - suffix;
    if (prev.hasCR || text.slice(prefix, windowEnd).includes('\r')) return new LineIndex(text);
    const old = prev.lineStarts;
    const delta = text.length - prev.text.length;
    const starts: number[] = [];
    let k = 0;
    // A start s follows the newline at s - 1: kept while that newline is in the unchanged start.
    while (k < old.length && old[k] <= prefix) starts.push(old[k++]);
    for (let i = text.indexOf('\n', prefix); i >= 0 && i < windowEnd; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    const oldSuffixStart = prev.text.length - suffix;
    while (k < old.length && old[k] - 1 < oldSuffixStart) k++;
    while (k < old.length) starts.push(old[k++] + delta);
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
