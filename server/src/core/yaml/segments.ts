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
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const indent = line.length - line.trimStart().length;
    const first = line[indent];
    const blank = first === undefined || first === '#';
    if (!blank) {
      if (indent === 0) {
        if (/^(---|\.\.\.)(\s|$)/.test(line) || first === '%' || first === '-' || first === '{' || first === '[' || first === '?') return undefined;
        inServices = SERVICES_HEADER.test(line);
        serviceIndent = -1;
        open(current ? pos : 0, inServices ? 'services-header' : 'top');
      } else if (inServices) {
        if (line[0] === '\t') return undefined;
        if (serviceIndent < 0) {
          if (first === '-') return undefined;
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
