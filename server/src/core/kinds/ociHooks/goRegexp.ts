import { RE2JS } from 're2js';

/**
 * Compiles `pattern` as Go's regexp.Compile would (RE2 syntax, Perl flags) and returns Go's error
 * text (`error parsing regexp: …`), or undefined when it compiles. JavaScript's RegExp would accept
 * lookarounds and backreferences that Go refuses, so it is not used.
 */
export function goRegexpError(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const lookaround = /\(\?<?[=!]/.test(pattern);
    const backref = /\\[1-9]/.test(pattern);
    const why = lookaround || backref ? ` (Go's RE2 syntax has no ${lookaround ? 'lookarounds' : 'backreferences'})` : '';
    return message + why;
  }
}
