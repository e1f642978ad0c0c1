import type { Range } from '../types';
import { locate, type ValuePath, type YamlModel } from '../yaml/yamlDocument';
import { casterFor, dockerPath, goQuote } from './interpolation/casts';
import { substituteCompose } from './interpolation/composeTemplate';
import { scalarOffsetMap, type OffsetMap } from './interpolation/sourceMap';
import { substituteStack, type Lookup, type TemplateIssue } from './interpolation/template';

/** The diagnostics interpolation can give (their rules are in kinds/stack/rules/interpolation.ts). */
export type InterpolationCode = 'interpolation-syntax' | 'interpolation-required' | 'interpolation-unset' | 'interpolation-cast' | 'interpolation-quirk';

export interface InterpolationInput {
  model: YamlModel;
  /** The loaded YAML value before interpolation. */
  raw: Record<string, unknown>;
  env: Record<string, string | undefined>;
  /** stack: docker/cli rules (no .env); compose: docker compose rules (casts of compose-go, `.env` see `complete`). */
  mode: 'stack' | 'compose';
  /**
   * compose mode: `env` is everything compose would see (its `.env` read into it, or none to read), so a missing
   * variable is unset: `${VAR?}` fails and casts of its empty value are reported. Otherwise a `.env` may set it.
   */
  complete?: boolean;
  /** Called once per code, place and message; the validator maps the code to its rule. */
  report(code: InterpolationCode, range: Range, message: string): void;
  valueRange(path: ValuePath): Range;
}

const ESCAPE_HINT = 'you may need to escape any $ with another $';

const DOLLAR_FREE = new WeakSet<object>();

/** Every diagnostic for one string value: where it is, and what docker makes of it. */
class StringSite {
  private offsets: OffsetMap | null | undefined;

  constructor(
    private readonly run: Interpolation,
    readonly path: ValuePath,
  ) {}

  /** The exact `${…}` range when the scalar's source spells its value, else the whole value. */
  range(start: number, end: number): Range {
    if (this.offsets === undefined) this.offsets = scalarOffsetMap(this.run.input.model, locate(this.run.input.model, this.path).value) ?? null;
    const from = this.offsets?.(start);
    if (from === undefined) return this.run.input.valueRange(this.path);
    return this.run.input.model.lines.rangeOnOneLine(from, from + (end - start));
  }

  report(code: InterpolationCode, range: Range, message: string): void {
    this.run.report(code, range, message);
  }
}

class Interpolation {
  private readonly seen = new Set<string>();
  /**
   * Collections known to hold no `$` string: shared (aliased) ones are not walked again, and since
   * loaded values are never mutated and the incremental parser reuses them, neither are unchanged
   * services on the next edit. Being `$`-free does not depend on the environment or the mode.
   */
  private readonly clean = DOLLAR_FREE;
  /** Collections being walked: a YAML alias to its own ancestor makes a cycle, walked once. */
  private readonly active = new Set<object>();
  private dollarStrings = 0;
  readonly lookup: Lookup;

  constructor(readonly input: InterpolationInput) {
    const env = input.env;
    this.lookup = (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
  }

  /** Reports once per rule, place and message (a merged or aliased value is visited once per use). */
  report(code: InterpolationCode, range: Range, message: string): void {
    const key = `${code}\0${range.start.line}:${range.start.character}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.input.report(code, range, message);
  }

  /** recursiveInterpolate: strings are substituted; maps and lists are rebuilt only where something changed. */
  walk(value: unknown, path: (string | number)[]): unknown {
    if (typeof value === 'string') return value.includes('$') ? this.string(value, path) : value;
    if (value === null || typeof value !== 'object' || this.clean.has(value) || this.active.has(value)) return value;
    const before = this.dollarStrings;
    this.active.add(value);
    const out = Array.isArray(value) ? this.list(value, path) : this.map(value as Record<string, unknown>, path);
    this.active.delete(value);
    if (this.dollarStrings === before) this.clean.add(value);
    return out;
  }

  private list(value: unknown[], path: (string | number)[]): unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const v = this.walk(value[i], path);
      path.pop();
      if (v !== value[i] && !out) out = value.slice(0, i);
      out?.push(v);
    }
    return out ?? value;
  }

  map(value: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> {
    const keys = Object.keys(value);
    let out: [string, unknown][] | undefined;
    for (let i = 0; i < keys.length; i++) {
      path.push(keys[i]);
      const v = this.walk(value[keys[i]], path);
      path.pop();
      if (v !== value[keys[i]] && !out) out = keys.slice(0, i).map((k) => [k, value[k]]);
      out?.push([keys[i], v]);
    }
    return out ? Object.fromEntries(out) : value;
  }

  private string(value: string, livePath: (string | number)[]): unknown {
    this.dollarStrings++;
    const site = new StringSite(this, livePath.slice());
    return this.input.mode === 'stack' ? this.stackString(value, site) : this.composeString(value, site);
  }

  private stackString(value: string, site: StringSite): unknown {
    const r = substituteStack(value, this.lookup);
    const where = dockerPath(site.path);
    // docker/cli keeps only the last substitution's error: when it is clear, earlier errors pass silently.
    for (const issue of r.issues) this.reportStackIssue(issue, r.error !== undefined, where, site);
    // docker returns the string untouched when it fails or nothing changed, and casts only a changed string.
    if (r.value === value) return value;
    const cast = casterFor(site.path);
    if (!cast) return r.value;
    const c = cast(r.value);
    if (c.ok) return c.value;
    // After a template error docker stops before casting; either way the schema gets a neutral value.
    if (!r.error)
      site.report('interpolation-cast', this.input.valueRange(site.path), `error while interpolating ${where}: failed to cast to expected type: ${c.error}`);
    return c.fallback;
  }

  private reportStackIssue(issue: TemplateIssue, fatal: boolean, where: string, site: StringSite): void {
    const range = site.range(issue.start, issue.end);
    switch (issue.kind) {
      case 'invalid':
        if (fatal) site.report('interpolation-syntax', range, `invalid interpolation format for ${where}: ${goQuote(issue.template)}; ${ESCAPE_HINT}`);
        else
          site.report(
            'interpolation-quirk',
            range,
            `invalid template at ${where}: docker/cli 27.5.1 lets it pass because a later variable in the same value clears the error, and substitutes an empty string here; ${ESCAPE_HINT}`,
          );
        return;
      case 'required': {
        const text = `required variable ${issue.name} is missing a value: ${issue.reason}`;
        if (fatal) site.report('interpolation-required', range, `invalid interpolation format for ${where}: ${goQuote(text)}; ${ESCAPE_HINT}`);
        else
          site.report(
            'interpolation-quirk',
            range,
            `${text} (at ${where}); docker/cli 27.5.1 lets it pass because a later variable in the same value clears the error, and substitutes an empty string here`,
          );
        return;
      }
      case 'unset':
        site.report('interpolation-unset', range, `The ${issue.name} variable is not set. Substituting a blank string.`);
        return;
      case 'unbraced-operator':
        site.report(
          'interpolation-quirk',
          range,
          `docker/cli reads "${issue.text}" as "\${${issue.text.slice(1)}}": after an unbraced variable name it takes ":-", "-", ":?" or "?" and everything up to the next "}" as an operator, so this becomes ${goQuote(issue.result)}; write "\${${issue.name}}" to end the name`,
        );
        return;
      case 'odd-name':
        site.report(
          'interpolation-quirk',
          range,
          `docker/cli tries ":-", "-", ":?", "?" in that order anywhere in "${issue.text}", so it looks up a variable named ${goQuote(issue.name)} (never set) and substitutes ${goQuote(issue.result)}`,
        );
        return;
    }
  }

  private composeString(value: string, site: StringSite): unknown {
    let missing = false;
    const lookup: Lookup = (name) => {
      const v = this.lookup(name);
      if (v === undefined) missing = true;
      return v;
    };
    const r = substituteCompose(value, { lookup, complete: this.input.complete === true });
    const e = r.error;
    const where = dockerPath(site.path);
    if (e) {
      const range = site.range(e.start, e.end);
      if (e.kind === 'invalid')
        site.report('interpolation-syntax', range, `invalid interpolation format for ${where}. You may need to escape any $ with another $. ${e.template}`);
      else
        site.report(
          'interpolation-required',
          range,
          `error while interpolating ${where}: required variable ${e.name} is missing a value${e.reason ? `: ${e.reason}` : ''}`,
        );
      // compose-go hands back the value untouched with its error.
      return value;
    }
    // compose-go casts after substituting (loader/interpolate.go); an empty value from a variable that a `.env`
    // we did not read may set is not reported.
    const cast = casterFor(site.path, 'compose');
    if (!cast) return r.value;
    const c = cast(r.value);
    if (c.ok) return c.value;
    if (this.input.complete || !missing)
      site.report('interpolation-cast', this.input.valueRange(site.path), `error while interpolating ${where}: failed to cast to expected type: ${c.error}`);
    return c.fallback;
  }
}

/**
 * docker's interpolation step, run on the loaded file before the schema: substitutes `$VAR` templates in
 * every string value (keys are not interpolated) from `input.env` only, reports what docker would refuse
 * or silently blank, and in stack mode casts the numeric and boolean keys docker casts. Returns a new
 * object with the same paths; unchanged branches are shared with `input.raw`, which is never modified.
 */
export function interpolateConfig(input: InterpolationInput): Record<string, unknown> {
  const run = new Interpolation(input);
  const out = run.map(input.raw, []);
  return out === input.raw ? { ...input.raw } : out;
}
