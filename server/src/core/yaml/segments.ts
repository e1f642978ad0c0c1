/**
 * Splits a block-mapping YAML document into independently parseable segments: one per top-level
 * key, and one per service inside `services:`. Returns undefined when the text does not have that
 * simple shape (multi-document streams, directives, a list of services …): callers then parse
 * the whole text.
 */
export interface Segment {
  start: number;
  end: number;
  /** 'top': a top-level key (and its value); 'services-header': the `services:` line; 'service': one service. */
  kind: 'top' | 'services-header' | 'service';
}

/** What `\s` (and so trimStart) matches, by char code. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 5760 ||
    (c >= 8192 && c <= 8202) ||
    c === 8232 ||
    c === 8233 ||
    c === 8239 ||
    c === 8287 ||
    c === 12288 ||
    c === 65279
  );
}

const SERVICES_HEADER = /^services[ \t]*:[ \t]*(#.*)?$/;

export function splitSegments(text: string): Segment[] | undefined {
  return scan(text, 0, [], false, -1);
}

/** The segments of the previous text, for `splitSegmentsAfterEdit`. */
export interface PreviousSplit {
  text: string;
  segments: Segment[];
}

/**
 * The same segments as `splitSegments(text)`, where `text` equals `prev.text` except between its first `prefix` and
 * last `suffix` characters: the scan starts at the last segment whose first line the edit left alone and stops as
 * soon as it reaches, in the unchanged end, the start of a previous segment in the same state; the rest is shifted.
 */
export function splitSegmentsAfterEdit(prev: PreviousSplit, text: string, prefix: number, suffix: number): Segment[] | undefined {
  const old = prev.segments;
  let i = old.length - 1;
  while (i > 0) {
    const nl = prev.text.indexOf('\n', old[i].start);
    if (nl >= 0 && nl < prefix) break;
    i--;
  }
  if (i <= 0) return splitSegments(text);
  const kept = old.slice(0, i).map((seg) => ({ ...seg }));
  const from = old[i];
  const inServices = from.kind === 'service';
  const serviceIndent = inServices ? indentAt(text, from.start) : -1;
  const delta = text.length - prev.text.length;
  const oldStarts = new Map<number, number>();
  for (let k = i + 1; k < old.length; k++) oldStarts.set(old[k].start, k);
  return scan(text, from.start, kept, inServices, serviceIndent, { old, oldStarts, delta, windowEnd: text.length - suffix });
}

function indentAt(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && text.charCodeAt(i) !== 10 && isSpace(text.charCodeAt(i))) i++;
  return i - pos;
}

interface Resume {
  old: Segment[];
  /** Start offset of a previous segment (after the restart point) → its index. */
  oldStarts: Map<number, number>;
  delta: number;
  windowEnd: number;
}

function scan(text: string, from: number, segments: Segment[], startInServices: boolean, startIndent: number, resume?: Resume): Segment[] | undefined {
  let pos = from;
  let inServices = startInServices;
  let serviceIndent = startIndent;
  let current: Segment | undefined = segments[segments.length - 1];
  const open = (start: number, kind: Segment['kind']) => {
    if (current) current.end = start;
    current = { start, end: text.length, kind };
    segments.push(current);
  };
  while (pos < text.length) {
    if (resume && pos - 1 >= resume.windowEnd) {
      // Past the edit: a previous segment starting here in the same state means everything after it is unchanged.
      const k = resume.oldStarts.get(pos - resume.delta);
      const seg = k === undefined ? undefined : resume.old[k];
      if (seg && (seg.kind !== 'service' || (inServices && serviceIndent === indentAt(text, pos)))) {
        if (current) current.end = pos;
        for (let j = k as number; j < resume.old.length; j++) {
          const o = resume.old[j];
          segments.push({ start: o.start + resume.delta, end: o.end + resume.delta, kind: o.kind });
        }
        return segments;
      }
    }
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    // Indentation and first character by char code: slicing each of ~80k lines costs more than the rest.
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    let i = pos;
    // Any whitespace (form feed, no-break space …) counts as indentation, as trimStart sees it.
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const indent = i - pos;
    const first = text.charCodeAt(i);
    const blank = i >= end || first === 35; // '#'
    if (!blank) {
      if (indent === 0) {
        const line = text.slice(pos, end);
        if (/^(---|\.\.\.)(\s|$)/.test(line) || first === 37 || first === 45 || first === 123 || first === 91 || first === 63) return undefined; // % - { [ ?
        inServices = SERVICES_HEADER.test(line);
        serviceIndent = -1;
        open(current ? pos : 0, inServices ? 'services-header' : 'top');
      } else if (inServices) {
        if (text.charCodeAt(pos) === 9) return undefined;
        if (serviceIndent < 0) {
          if (first === 45) return undefined;
          serviceIndent = indent;
        }
        if (indent < serviceIndent) return undefined;
        if (indent === serviceIndent) open(pos, 'service');
      } else if (!current) {
        return undefined;
      }
    }
    pos = eol + 1;
  }
  if (!current) return undefined;
  return segments;
}
