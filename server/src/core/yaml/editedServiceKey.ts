import { isMap, isPair, isScalar, Pair, parseDocument, YAMLMap, type Node } from 'yaml';
import { shiftRanges, walkNodes, YAML_PARSE_OPTIONS } from './yamlDocument';

/** Where an edit fell, in offsets of the whole text (the edit replaced [start, oldEnd) of the old text). */
export interface EditWindow {
  start: number;
  oldEnd: number;
  /** New length minus old length. */
  delta: number;
}

type Ranged = Node & { range: [number, number, number] };

/** A line holding only a comment. */
const COMMENT_LINE = /^[ \t]*#/m;

const hasRange = (n: unknown): n is Ranged => !!n && typeof n === 'object' && Array.isArray((n as Node).range);

function shiftAll(root: unknown, by: number): void {
  const ranges: number[][] = [];
  walkNodes(root, (n) => n.range && ranges.push(n.range as number[]));
  shiftRanges(ranges, by);
}

/** Start of the line holding `pos` in `text`, when only spaces precede `pos` on it (a key's own line). */
function keyLineStart(text: string, pos: number): number | undefined {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  for (let i = start; i < pos; i++) if (text.charCodeAt(i) !== 32) return undefined;
  return start;
}

/**
 * The AST of an edited service segment (`  name:` and its block map) when the edit lies inside the value of one of
 * the service's keys (typing in `deploy:`, a line added to `environment:`): only that key's lines — from its line up to
 * the next key itself — are parsed, and its node takes the old one's place; the other keys keep their nodes, those
 * after the edit shifted by its length. A service is some 80 lines and 2 KB, a key a few lines: the yaml library
 * allocates about 500 bytes per character it parses. Undefined whenever the edit or the service does not have
 * exactly that shape (the caller then parses the whole service, as before).
 *
 * `old` is the previous AST of the same segment, at the offsets of the old text; it is taken over (its later nodes
 * are shifted), so the caller drops the entry that held it. `text` is the new segment's text, starting at `segStart`.
 */
export function reparseEditedServiceKey(old: unknown, text: string, segStart: number, edit: EditWindow): YAMLMap | undefined {
  if (!isMap(old) || old.flow || old.anchor || old.tag || old.items.length !== 1 || !hasRange(old)) return undefined;
  const top = old.items[0];
  if (!isPair(top) || !isScalar(top.key)) return undefined;
  const svc = top.value;
  if (!isMap(svc) || svc.flow || svc.anchor || svc.tag || !hasRange(svc)) return undefined;
  const items = svc.items as Pair[];
  // The key whose lines hold the edit: the last one starting before it.
  let i = -1;
  for (let k = 0; k < items.length; k++) {
    if (!isPair(items[k])) return undefined;
    const key = items[k].key;
    if (!isScalar(key) || !hasRange(key)) return undefined;
    if (key.range[0] < edit.start) i = k;
  }
  if (i < 0 || edit.start <= (items[i].key as Ranged).range[1]) return undefined; // the key itself is edited
  // The last key's value must hold the end of the edit: then the service and its segment end where they ended, shifted.
  const last = items[items.length - 1].value;
  if (i === items.length - 1 && !(hasRange(last) && edit.oldEnd < last.range[1])) return undefined;
  // The key's lines in the new text: from its line up to the next key itself (after the edit: shifted). The next
  // key's indentation is included, as the whole service's parse sees it: an empty value ends where the next key starts.
  const from = keyLineStart(text, (items[i].key as Ranged).range[0] - segStart);
  let to = text.length;
  let lastNewline = text.length - 1;
  if (i + 1 < items.length) {
    to = (items[i + 1].key as Ranged).range[0] + edit.delta - segStart;
    const line = keyLineStart(text, to);
    if (line === undefined) return undefined;
    lastNewline = line - 1;
  }
  // The edit ends before the line break ahead of the next key (that key's line is untouched).
  if (from === undefined || edit.oldEnd + edit.delta > segStart + lastNewline) return undefined;
  const lines = text.slice(from, to);
  // A comment line, or blank lines at the end, are attached differently when the key's lines stand alone.
  if (COMMENT_LINE.test(lines) || /\n[ \t]*\n[ \t]*$/.test(lines)) return undefined;
  const doc = parseDocument(lines, YAML_PARSE_OPTIONS);
  if (doc.errors.length || doc.warnings.length) return undefined;
  const block = doc.contents;
  if (!isMap(block) || block.flow || block.items.length !== 1) return undefined;
  const pair = block.items[0] as Pair;
  const key = pair.key;
  // Still one key at the same column, not repeating another key of the service (the full parse reports that).
  if (!isScalar(key) || !hasRange(key) || key.range[0] !== (items[i].key as Ranged).range[0] - segStart - from) return undefined;
  for (let k = 0; k < items.length; k++) if (k !== i && (items[k].key as { value: unknown }).value === key.value) return undefined;
  // Accepted: the old AST is taken over from here on.
  shiftAll(pair, segStart + from);
  for (let k = i + 1; k < items.length; k++) shiftAll(items[k], edit.delta);
  const service = new YAMLMap();
  service.items = [...items.slice(0, i), pair, ...items.slice(i + 1)];
  service.range = [svc.range[0], svc.range[1] + edit.delta, svc.range[2] + edit.delta];
  const root = new YAMLMap();
  root.items = [new Pair(top.key, service)];
  root.range = [old.range[0], old.range[1] + edit.delta, old.range[2] + edit.delta];
  return root;
}
