// github.com/google/shlex Split, which docker/cli's loader uses for string `command:` and `entrypoint:`
// (cli/compose/loader/loader.go transformShellCommand): whitespace separates words, '…' is literal, "…" honours
// backslash escapes, a backslash outside quotes escapes the next character, and `#` at the start of a word comments
// out the rest of the line.

export function shlexSplit(input: string): string[] {
  const words: string[] = [];
  const chars = [...input];
  let i = 0;
  const next = () => (i < chars.length ? chars[i++] : undefined);
  for (;;) {
    let c = next();
    while (c !== undefined && ' \t\r\n'.includes(c)) c = next();
    if (c === undefined) return words;
    if (c === '#') {
      while (c !== undefined && c !== '\n') c = next();
      continue;
    }
    let word = '';
    let state: 'word' | 'escape' | 'double' | 'double-escape' | 'single' = 'word';
    i--;
    for (;;) {
      c = next();
      if (c === undefined) {
        if (state === 'escape' || state === 'double-escape') throw new Error('EOF found after escape character');
        if (state !== 'word') throw new Error('EOF found when expecting closing quote');
        break;
      }
      if (state === 'escape') {
        word += c;
        state = 'word';
      } else if (state === 'double-escape') {
        word += c;
        state = 'double';
      } else if (state === 'single') {
        if (c === "'") state = 'word';
        else word += c;
      } else if (state === 'double') {
        if (c === '"') state = 'word';
        else if (c === '\\') state = 'double-escape';
        else word += c;
      } else if (' \t\r\n'.includes(c)) {
        break;
      } else if (c === '"') state = 'double';
      else if (c === "'") state = 'single';
      else if (c === '\\') state = 'escape';
      else word += c;
    }
    words.push(word);
  }
}
