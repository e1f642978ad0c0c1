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
  const segments: Segment[] = [];
  let pos = 0;
  let inServices = false;
  let serviceIndent = -1;
  let current: Segment | undefined;
  const open = (start: number, kind: Segment['kind']) => {
    if (current) current.end = start;
    current = { start, end: text.length, kind };
    segments.push(current);
  };
  while (pos < text.length) {
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
