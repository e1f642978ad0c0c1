// Variable substitution as `docker stack deploy` does it: docker/cli v27.5.1 cli/compose/template/template.go.
// Offsets are UTF-16 indexes into the template string.

/** The environment: a value, or undefined when the variable is unset. */
export type Lookup = (name: string) => string | undefined;

export type TemplateIssue =
  /** A `$` the pattern cannot read (`${}`, `${VAR`, `$1`, a lone `$`); `template` is what docker quotes. */
  | { kind: 'invalid'; start: number; end: number; template: string }
  /** `${VAR:?msg}` / `${VAR?msg}` whose variable is missing (or empty for `:?`). */
  | { kind: 'required'; start: number; end: number; name: string; reason: string }
  /** A plain `$VAR` / `${VAR}` whose variable is unset: docker substitutes an empty string. */
  | { kind: 'unset'; start: number; end: number; name: string }
  /** An unbraced `$VAR` followed by an operator: docker reads the rest (up to `}`) as its argument. */
  | { kind: 'unbraced-operator'; start: number; end: number; text: string; name: string; result: string }
  /** The operator docker tries first splits the text elsewhere, so it looks up a name that is no variable. */
  | { kind: 'odd-name'; start: number; end: number; text: string; name: string; result: string };

export interface Substitution {
  value: string;
  issues: TemplateIssue[];
  /**
   * The error the substitution returns, if any. docker/cli keeps one error variable that every later
   * `$VAR` in the same string overwrites, so only the last substitution's error survives.
   */
  error: TemplateIssue | undefined;
}

// delimiter + (?i:(escaped)|(named)|{(braced)}|(invalid)) with subst = [_a-z][_a-z0-9]*(?::?[-?][^}]*)?
// The `u` flag makes the case folding match Go's (?i) (e.g. U+212A KELVIN SIGN folds to k).
const PATTERN = /\$(?:(\$)|([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)|\{([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)\}|())/giu;
const NAME = /^[_a-z][_a-z0-9]*/iu;

/** DefaultSubstituteFuncs, in the order docker tries them: the first whose separator occurs anywhere wins. */
const FORMS: readonly { sep: string; when: 'unset-or-empty' | 'unset'; fails: boolean }[] = [
  { sep: ':-', when: 'unset-or-empty', fails: false }, // softDefault
  { sep: '-', when: 'unset', fails: false }, // hardDefault
  { sep: ':?', when: 'unset-or-empty', fails: true }, // requiredNonEmpty
  { sep: '?', when: 'unset', fails: true }, // required
];

interface Applied {
  value: string;
  /** The variable looked up. */
  name: string;
  unset: boolean;
  /** The `:?`/`?` message when the required variable is missing. */
  missing?: string;
  /** True when one of the operator forms applied (false: plain lookup). */
  operator: boolean;
}

function apply(substitution: string, lookup: Lookup): Applied {
  for (const form of FORMS) {
    const at = substitution.indexOf(form.sep);
    if (at < 0) continue;
    const name = substitution.slice(0, at);
    const arg = substitution.slice(at + form.sep.length);
    const value = lookup(name);
    const absent = value === undefined || (form.when === 'unset-or-empty' && value === '');
    if (form.fails)
      return absent
        ? { value: '', name, unset: value === undefined, missing: arg, operator: true }
        : { value: value ?? '', name, unset: false, operator: true };
    return { value: absent ? arg : (value ?? ''), name, unset: value === undefined, operator: true };
  }
  const value = lookup(substitution);
  return { value: value ?? '', name: substitution, unset: value === undefined, operator: false };
}

/** End of the text an invalid `$` belongs to: through the closing brace of `${…`, else the next character. */
function invalidEnd(template: string, start: number): number {
  if (template[start + 1] === '{') {
    const close = template.indexOf('}', start + 2);
    return close < 0 ? template.length : close + 1;
  }
  return start + 1 < template.length && !/\s/.test(template[start + 1]) ? start + 2 : start + 1;
}

export function substituteStack(template: string, lookup: Lookup): Substitution {
  const issues: TemplateIssue[] = [];
  let error: TemplateIssue | undefined;
  let value = '';
  let last = 0;
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(template); m; m = PATTERN.exec(template)) {
    const start = m.index;
    const end = start + m[0].length;
    value += template.slice(last, start);
    last = end;
    if (m[1] !== undefined) {
      value += '$';
      continue;
    }
    const substitution = m[2] ?? m[3];
    if (substitution === undefined) {
      const issue: TemplateIssue = { kind: 'invalid', start, end: invalidEnd(template, start), template };
      issues.push(issue);
      error = issue;
      continue;
    }
    const r = apply(substitution, lookup);
    const text = m[0];
    const name = NAME.exec(substitution)![0];
    if (m[2] !== undefined && substitution !== name) {
      issues.push({ kind: 'unbraced-operator', start, end, text, name, result: r.value });
    } else if (r.name !== name) {
      issues.push({ kind: 'odd-name', start, end, text, name: r.name, result: r.value });
    }
    if (r.missing !== undefined) {
      const issue: TemplateIssue = { kind: 'required', start, end, name: r.name, reason: r.missing };
      issues.push(issue);
      error = issue;
      continue;
    }
    error = undefined;
    if (!r.operator && r.unset) issues.push({ kind: 'unset', start, end, name: r.name });
    value += r.value;
  }
  value += template.slice(last);
  return { value, issues, error };
}
