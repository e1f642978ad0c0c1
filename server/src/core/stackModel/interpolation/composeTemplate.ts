// Variable substitution as `docker compose` does it: compose-spec/compose-go v2 template/template.go.
// Beyond docker/cli it has `${VAR:+alt}` / `${VAR+alt}`, nested templates in defaults, messages and
// after a closing brace, and leaves a `$` that starts no template (`$1`, `a $ b`) as it is.
// Variables missing from the environment substitute as empty; they make a required-variable error only when
// the environment is complete (`.env` already in it, or no `.env` for compose to read).
import type { Lookup } from './template';

/** Where compose mode looks variables up: `complete` says a missing variable is really unset. */
export interface ComposeEnv {
  lookup: Lookup;
  complete: boolean;
}

export type ComposeIssue =
  { kind: 'invalid'; start: number; end: number; template: string } | { kind: 'required'; start: number; end: number; name: string; reason: string };

export interface ComposeSubstitution {
  value: string;
  /** The first error, as compose-go returns it. */
  error: ComposeIssue | undefined;
}

// delimiter + (?i:(escaped)|(named)|{(?:(braced)}|(invalid))) with braced = [_a-z][_a-z0-9]*(?::?[-+?](.*))?
const PATTERN = /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{(?:([_a-z][_a-z0-9]*(?::?[-+?](.*))?)\}|()))/giu;

type Form = { sep: string; kind: 'required' | 'default' | 'alternative'; nonEmpty: boolean };
const FORMS: readonly Form[] = [
  { sep: ':?', kind: 'required', nonEmpty: true },
  { sep: '?', kind: 'required', nonEmpty: false },
  { sep: ':-', kind: 'default', nonEmpty: true },
  { sep: '-', kind: 'default', nonEmpty: false },
  { sep: ':+', kind: 'alternative', nonEmpty: true },
  { sep: '+', kind: 'alternative', nonEmpty: false },
];

/** getSubstitutionFunctionForTemplate: the form whose separator occurs first in the matched text. */
function formFor(text: string): Form | undefined {
  let best: Form | undefined;
  let bestAt = Infinity;
  for (const f of FORMS) {
    const at = text.indexOf(f.sep);
    if (at >= 0 && at < bestAt) {
      best = f;
      bestAt = at;
    }
  }
  return best;
}

/** getFirstBraceClosingIndex: brace depth counting that skips the character after each `{`. */
function firstClosingBrace(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

type Step = { value: string; error?: ComposeIssue };

/** SubstituteWithOptions; `base` is the offset of `template` in the scalar, for issue positions. */
export function substituteCompose(template: string, env: ComposeEnv, base = 0): ComposeSubstitution {
  let error: ComposeIssue | undefined;
  let value = '';
  let last = 0;
  const pattern = new RegExp(PATTERN.source, PATTERN.flags);
  for (let m = pattern.exec(template); m; m = pattern.exec(template)) {
    value += template.slice(last, m.index);
    last = m.index + m[0].length;
    const r = replace(m[0], env, base + m.index);
    if (r.error?.kind === 'invalid' && r.error.template === '') {
      // This match's own `${`: compose-go names the whole template; underline through its `}`.
      const close = template.indexOf('}', m.index + 2);
      r.error.template = template;
      r.error.end = base + (close < 0 ? template.length : close + 1);
    }
    error ??= r.error;
    value += r.value;
  }
  value += template.slice(last);
  return { value, error };
}

/** DefaultReplacementAppliedFunc for one match starting at `offset`. */
function replace(matched: string, env: ComposeEnv, offset: number): Step {
  const form = formFor(matched);
  const close = firstClosingBrace(matched);
  let rest = '';
  let text = matched;
  if (close > -1) {
    rest = matched.slice(close + 1);
    text = matched.slice(0, close + 1);
  }
  const m = new RegExp(PATTERN.source, 'iu').exec(text);
  if (!m || m[1] !== undefined) return { value: m ? '$' : '' };
  const named = m[2];
  const substitution = named ?? m[3];
  if (!substitution) return { value: '', error: { kind: 'invalid', start: offset, end: offset + text.length, template: '' } };
  if (named === undefined && form && substitution.includes(form.sep)) {
    const r = applyForm(form, substitution, env, offset, offset + 2);
    if (r.error) return r;
    const nested = substituteCompose(rest, env, offset + text.length);
    if (nested.error) return { value: '', error: nested.error };
    return { value: r.value + nested.value };
  }
  return { value: env.lookup(substitution) ?? '' };
}

function applyForm(form: Form, substitution: string, env: ComposeEnv, offset: number, subOffset: number): Step {
  const at = substitution.indexOf(form.sep);
  const name = substitution.slice(0, at);
  const arg = substitution.slice(at + form.sep.length);
  const argOffset = subOffset + at + form.sep.length;
  const value = env.lookup(name);
  const set = value !== undefined && (!form.nonEmpty || value !== '');
  const nested = (): Step => {
    const r = substituteCompose(arg, env, argOffset);
    return r.error ? { value: '', error: r.error } : { value: r.value };
  };
  switch (form.kind) {
    case 'required': {
      // With the environment incomplete an unset variable may come from .env: only one set (and empty, for `:?`) surely fails.
      if (set || (value === undefined && !env.complete)) return { value: value ?? '' };
      const reason = nested();
      if (reason.error) return reason;
      return { value: '', error: { kind: 'required', start: offset, end: subOffset + substitution.length + 1, name, reason: reason.value } };
    }
    case 'default':
      return set ? { value: value ?? '' } : nested();
    case 'alternative':
      return set ? nested() : { value: value ?? '' };
  }
}
