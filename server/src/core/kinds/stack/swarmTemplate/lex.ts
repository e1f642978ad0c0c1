/**
 * A lexer for Go's text/template (Go 1.22+ `text/template/parse/lex.go`), default delimiters `{{ }}`, with the
 * lexer's own error texts. It stops at the first error, which becomes an `error` token, as in Go.
 */

export type TokType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'keyword'
  | 'dot'
  | 'string'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'assign'
  | 'declare'
  | 'charTok'
  | 'eof'
  | 'error';

export interface Tok {
  type: TokType;
  val: string;
  /** Byte-independent offset into the template (JS string index). */
  pos: number;
  /** 1-based line where the token starts. */
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'nil', 'template', 'with']);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined) => c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);

/** Go's `%#U`: `U+007D '}'`. */
export function goRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

export function lexTemplate(input: string): Tok[] {
  const toks: Tok[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  const lineAt = (p: number) => 1 + (input.slice(0, p).match(/\n/g)?.length ?? 0);
  const emit = (type: TokType, val = input.slice(start, pos)) => {
    toks.push({ type, val, pos: start, line: lineAt(start) });
    start = pos;
  };
  const fail = (message: string) => {
    toks.push({ type: 'error', val: message, pos: start, line: lineAt(start) });
    return toks;
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (isSpace(input[pos]) && input[pos + 1] === '-' && input.startsWith('}}', pos + 2)) return { delim: true, trim: true };
    return { delim: input.startsWith('}}', pos), trim: false };
  };
  const atTerminator = () => {
    const c = input[pos];
    return c === undefined || isSpace(c) || '.,|:()'.includes(c) || input.startsWith('}}', pos);
  };

  for (;;) {
    // Text up to the next left delimiter.
    const open = input.indexOf('{{', pos);
    if (open < 0) {
      pos = input.length;
      if (pos > start) emit('text');
      emit('eof', '');
      return toks;
    }
    pos = open;
    const trimLeft = input[pos + 2] === '-' && isSpace(input[pos + 3]);
    if (pos > start) emit('text');
    pos += trimLeft ? 4 : 2;
    // A comment: {{/* … */}}, nothing else in the action.
    if (input.startsWith('/*', pos)) {
      const close = input.indexOf('*/', pos);
      if (close < 0) return fail('unclosed comment');
      pos = close + 2;
      const rd = atRightDelim();
      if (!rd.delim) return fail('comment ends before closing delimiter');
      pos += rd.trim ? 4 : 2;
      start = pos;
      continue;
    }
    emit('leftDelim');
    // Inside the action.
    for (;;) {
      const rd = atRightDelim();
      if (rd.delim) {
        if (parenDepth !== 0) return fail('unclosed left paren');
        pos += rd.trim ? 4 : 2;
        emit('rightDelim');
        break;
      }
      const c = input[pos];
      if (c === undefined) return fail('unclosed action');
      if (isSpace(c)) {
        while (isSpace(input[pos]) && !(input[pos + 1] === '-' && input.startsWith('}}', pos + 2))) pos++;
        if (pos === start) pos++; // a lone space before `-}}` is part of the trim marker
        emit('space');
        continue;
      }
      pos++;
      if (c === '=') emit('assign');
      else if (c === ':') {
        if (input[pos] !== '=') return fail('expected :=');
        pos++;
        emit('declare');
      } else if (c === '|') emit('pipe');
      else if (c === '"' || c === "'") {
        const what = c === '"' ? 'quoted string' : 'character constant';
        for (;;) {
          const d = input[pos++];
          if (d === '\\' && input[pos] !== undefined && input[pos] !== '\n') pos++;
          else if (d === undefined || d === '\n') return fail(`unterminated ${what}`);
          else if (d === c) break;
        }
        emit(c === '"' ? 'string' : 'char');
      } else if (c === '`') {
        const close = input.indexOf('`', pos);
        if (close < 0) return fail('unterminated raw quoted string');
        pos = close + 1;
        emit('string');
      } else if (c === '$' || (c === '.' && !/[0-9]/.test(input[pos] ?? ''))) {
        if (c === '.' && atTerminator()) {
          emit('dot');
          continue;
        }
        while (isAlnum(input[pos])) pos++;
        if (!atTerminator()) return fail(`bad character ${goRune(input[pos])}`);
        emit(c === '$' ? 'variable' : 'field');
      } else if (c === '.' || c === '+' || c === '-' || /[0-9]/.test(c)) {
        pos--;
        const m =
          /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[bB][01_]*|0[oO][0-7_]*|[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?/.exec(
            input.slice(pos),
          );
        pos += m?.[0].length ?? 1;
        if (isAlnum(input[pos])) {
          pos++;
          return fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
        }
        emit('number');
      } else if (isAlnum(c)) {
        while (isAlnum(input[pos])) pos++;
        if (!atTerminator()) return fail(`bad character ${goRune(input[pos])}`);
        const word = input.slice(start, pos);
        emit(word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : KEYWORDS.has(word) ? 'keyword' : 'identifier');
      } else if (c === '(') {
        parenDepth++;
        emit('leftParen');
      } else if (c === ')') {
        parenDepth--;
        emit('rightParen');
        if (parenDepth < 0) return fail('unexpected right paren');
      } else if (c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f) emit('charTok');
      else return fail(`unrecognized character in action: ${goRune(c)}`);
    }
  }
}
