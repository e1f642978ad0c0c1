import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { commonPrefix, commonSuffix } from '../../server/src/core/yaml/incrementalParser';
import { splitSegments, splitSegmentsAfterEdit } from '../../server/src/core/yaml/segments';
import { rng } from './helpers';

// The incremental parser finds what an edit left alone (common start and end of the two texts) and
// rescans only the rest for line starts; both must equal the plain computations on any edit.

const ALPHABET = ['a', 'b', ' ', '\n', '\n', ':', '\r\n', '\r'];

function randomText(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * (r() < 0.9 ? 6 : ALPHABET.length))];
  return s;
}

function slowPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function slowSuffix(a: string, b: string, prefix: number): number {
  let i = 0;
  while (i < Math.min(a.length, b.length) - prefix && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

const starts = (l: LineIndex) => Array.from({ length: l.lineCount }, (_, i) => l.offsetAt({ line: i, character: 0 }));

test('common start and end of two texts, and line starts after an edit, equal the plain computations', () => {
  const r = rng(42);
  let checked = 0;
  for (let round = 0; round < 400; round++) {
    const before = randomText(r, Math.floor(r() * 60));
    const at = Math.floor(r() * (before.length + 1));
    const cut = Math.min(before.length - at, Math.floor(r() * 5));
    const after = before.slice(0, at) + randomText(r, Math.floor(r() * 5)) + before.slice(at + cut);
    const prefix = commonPrefix(before, after);
    const suffix = commonSuffix(before, after, prefix);
    assert.equal(prefix, slowPrefix(before, after), JSON.stringify({ before, after }));
    assert.equal(suffix, slowSuffix(before, after, prefix), JSON.stringify({ before, after }));
    const edited = LineIndex.afterEdit(new LineIndex(before), after, prefix, suffix);
    const fresh = new LineIndex(after);
    assert.equal(edited.lineCount, fresh.lineCount, JSON.stringify({ before, after }));
    assert.deepEqual(starts(edited), starts(fresh), JSON.stringify({ before, after }));
    if (after.includes('\n') && !after.includes('\r')) checked++;
  }
  assert.ok(checked > 50, `many edits went through the windowed rescan (${checked})`);
});

test('segments after an edit equal a fresh split (services added, removed, renamed, re-indented, top-level keys edited)', () => {
  const r = rng(7);
  const svc = (i: number) => `  svc${i}:\n    image: nginx\n    deploy:\n      replicas: ${i}\n\n    # note\n`;
  let text = '# head\nversion: "3.8"\nservices:\n' + Array.from({ length: 30 }, (_, i) => svc(i)).join('') + 'networks:\n  front: {}\n';
  const pieces = ['  svcX:\n    image: a\n', '\n', 'x: 1\n', '    ', '  ', 'services:\n', '# c\n', '  - a\n', '\t', 'a', ' '];
  let checked = 0;
  for (let round = 0; round < 1000; round++) {
    const lines = text.split('\n');
    const at = lines.slice(0, Math.floor(r() * lines.length)).join('\n').length + (r() < 0.5 ? 1 : 0);
    const cut = Math.floor(r() * 3) === 0 ? Math.floor(r() * 30) : 0;
    const next = text.slice(0, at) + (r() < 0.7 ? pieces[Math.floor(r() * pieces.length)] : '') + text.slice(Math.min(text.length, at + cut));
    const before = splitSegments(text);
    const want = splitSegments(next);
    if (before) {
      const prefix = commonPrefix(text, next);
      const got = splitSegmentsAfterEdit({ text, segments: before }, next, prefix, commonSuffix(text, next, prefix));
      assert.deepEqual(got, want, JSON.stringify({ text, next }));
      if (want) checked++;
    }
    // Keep the text a valid stack most of the time, so that most rounds compare real splits.
    if (want || r() < 0.2) text = next;
  }
  assert.ok(checked > 50, `many edits compared two splits (${checked})`);
});
