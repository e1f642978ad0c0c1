import { defineRule, type RuleMeta } from '../../rules/registry';
import type { Severity } from '../../types';
import { dottedPath } from '../../schema/schemaErrors';
import type { ValuePath } from '../../yaml/yamlDocument';
import type { KindValidator } from '../kindInput';
import { isObject, openJson, typoDistance, type OciJsonContext } from '../ociRuntime/jsonContext';
import { nearest } from '../../text/nearest';
import { goRegexpError } from './goRegexp';
import { HOOK_0_1_0, HOOK_1_0_0, VERSION_PROBE, decodeIssues, goField, type GoType } from './goTypes';
import { migrateLegacyHook, type LegacyHook } from './migrate';

const SRC = 'containers/common pkg/hooks';

/** A rule of this kind only (codes are spelt out in full so that they can be searched for). */
function hooksRule(code: `oci-hooks-${string}`, severity: Severity, description: string, source: string): RuleMeta {
  return defineRule({ code, kinds: ['oci-hooks'], severity, description, source });
}

export const ociHooksSchemaRule = hooksRule(
  'oci-hooks-schema',
  'error',
  'A value of the wrong JSON type: Go’s decoder refuses the file (`json: cannot unmarshal …`), so the hook is not loaded.',
  `${SRC} 1.0.0/hook.go, 1.0.0/when.go, 0.1.0/hook.go, read.go`,
);

export const ociHooksVersionRule = hooksRule(
  'oci-hooks-version',
  'error',
  '`version` is not `1.0.0` (or `0.1.0`/absent for the legacy format), or is missing from a 1.0.0-style file.',
  `${SRC} read.go`,
);

export const ociHooksRequiredRule = hooksRule(
  'oci-hooks-required',
  'error',
  'A required property is missing: `hook.path` and `stages` (1.0.0), `hook` and `stages`/`stage` (0.1.0).',
  `${SRC} 1.0.0/hook.go Validate, 0.1.0/hook.go Read`,
);

export const ociHooksPathRelativeRule = hooksRule(
  'oci-hooks-path-relative',
  'error',
  'The hook path is not absolute (runtime-spec requires an absolute hook path).',
  'opencontainers/runtime-spec config.md (POSIX-platform Hooks)',
);

export const ociHooksPathNotFoundRule = hooksRule(
  'oci-hooks-path-not-found',
  'warning',
  'The hook executable does not exist on this machine: Validate fails and podman/CRI-O skip the hook.',
  `${SRC} 1.0.0/hook.go Validate (fileutils.Exists), hooks.go New`,
);

export const ociHooksRegexRule = hooksRule(
  'oci-hooks-regex',
  'error',
  'An annotation or command pattern that Go’s regexp (RE2) cannot compile: lookarounds and backreferences included.',
  `${SRC} 1.0.0/hook.go Validate (regexp.Compile)`,
);

export const ociHooksUnknownStageRule = hooksRule(
  'oci-hooks-unknown-stage',
  'error',
  'A stage that is neither a runtime-spec hook stage nor a known extension stage: Validate fails (CRI-O then refuses to start).',
  `${SRC} 1.0.0/hook.go Validate`,
);

export const ociHooksExtensionStageRule = hooksRule(
  'oci-hooks-extension-stage',
  'warning',
  '`precreate` is an extension stage only podman accepts; CRI-O and other consumers reject the file.',
  'containers/podman libpod (hooks.New with extension stages precreate, poststop)',
);

export const ociHooksEmptyStagesRule = hooksRule(
  'oci-hooks-empty-stages',
  'warning',
  '`stages` is an empty list: the hook loads but is never injected.',
  `${SRC} hooks.go Hooks`,
);

export const ociHooksNeverMatchesRule = hooksRule(
  'oci-hooks-never-matches',
  'warning',
  'The `when` conditions can never match (none set, `always: false`, `hasBindMounts: false`), so the hook is never injected.',
  `${SRC} 1.0.0/when.go Match`,
);

export const ociHooksTimeoutRule = hooksRule(
  'oci-hooks-timeout',
  'error',
  '`hook.timeout` is not greater than zero (runtime-spec requires > 0; the hook library passes it on unchecked).',
  'opencontainers/runtime-spec config.md (POSIX-platform Hooks)',
);

export const ociHooksBothSetRule = hooksRule(
  'oci-hooks-both-set',
  'error',
  'A 0.1.0 file sets both a property and its synonym (`stage`/`stages`, `cmd`/`cmds`, `annotation`/`annotations`).',
  `${SRC} 0.1.0/hook.go Read`,
);

export const ociHooksLegacyRule = hooksRule(
  'oci-hooks-legacy-format',
  'hint',
  'The legacy 0.1.0 hook format; a quick fix migrates it to 1.0.0.',
  `${SRC} 0.1.0/hook.go, docs/oci-hooks.5.md`,
);

export const ociHooksUnknownKeyRule = hooksRule(
  'oci-hooks-unknown-key',
  'warning',
  'A key the hook format does not define: Go ignores it, so it is usually a typo (the nearest valid key is suggested).',
  `${SRC} 1.0.0/hook.go, 1.0.0/when.go, 0.1.0/hook.go`,
);

export const ociHooksKeyCaseRule = hooksRule(
  'oci-hooks-key-case',
  'hint',
  'A key that only matches its field case-insensitively (Go’s encoding/json accepts it; other tools may not).',
  'Go encoding/json (case-insensitive field matching)',
);

/** runtime-spec hook stages (1.0.0/hook.go validStages) and the extension stage podman registers. */
const STAGES = ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'];
const PODMAN_EXTENSION_STAGES = ['precreate'];

const TYPE_WORDS: Record<GoType['kind'], string> = {
  string: 'a string',
  bool: 'a boolean',
  int: 'an integer',
  slice: 'an array',
  map: 'an object',
  struct: 'an object',
};

interface HooksCtx extends OciJsonContext {
  /** `1.0.0: ` as read.go prefixes reader errors (an absent version prints as `: `). */
  readonly readerPrefix: string;
}

export const validateOciHooks: KindValidator = (input) => {
  const opened = openJson(input);
  if ('diagnostics' in opened) return opened.diagnostics;
  const { ctx: base, value } = opened;
  const numberText = (path: ValuePath) => {
    const r = base.valueRange(path);
    return base.model.lines.text.slice(base.model.lines.offsetAt(r.start), base.model.lines.offsetAt(r.end));
  };
  if (value === undefined) {
    base.report(ociHooksSchemaRule, base.valueRange([]), 'The file is empty: podman and CRI-O refuse it ("version check: unexpected end of JSON input")');
    return base.reporter.diagnostics;
  }
  // read.go first decodes {"version"} alone; a failure there stops everything.
  const probe = decodeIssues(value, VERSION_PROBE, numberText).find((i) => i.kind === 'type');
  if (probe?.kind === 'type') {
    base.report(
      ociHooksSchemaRule,
      base.valueRange(probe.path),
      `${dottedPath(probe.path)} must be ${TYPE_WORDS[probe.expected.kind]}: podman and CRI-O refuse the file ("version check: ${probe.message}")`,
    );
    return base.reporter.diagnostics;
  }
  const doc = isObject(value) ? value : {};
  const versionField = goField(doc, 'version');
  const version = typeof versionField?.value === 'string' ? versionField.value : '';
  const ctx: HooksCtx = { ...base, readerPrefix: `${version}: ` };
  if (version === '1.0.0') {
    check100(ctx, doc, numberText);
  } else if (version === '0.1.0' || version === '') {
    const hook = goField(doc, 'hook');
    if (!versionField && isObject(hook?.value)) {
      // The common mistake: a 1.0.0 file without "version" is read as 0.1.0, where `hook` is a string.
      ctx.report(
        ociHooksVersionRule,
        ctx.keyRange([hook.key]),
        'Missing "version": "1.0.0": without it the file is read as the legacy 0.1.0 format, where "hook" is a string, and podman and CRI-O refuse it (": json: cannot unmarshal object into Go struct field Hook.hook of type string")',
        { data: { suggestion: '1.0.0' } },
      );
      check100({ ...ctx, readerPrefix: '1.0.0: ' }, doc, numberText);
    } else {
      check010(ctx, doc, numberText);
    }
  } else {
    const suggestion = nearest(version, ['1.0.0', '0.1.0']) ?? '1.0.0';
    ctx.report(
      ociHooksVersionRule,
      ctx.valueRange([versionField!.key]),
      `unrecognized hook version: "${version}" (podman and CRI-O read "1.0.0", and "0.1.0" or no version for the legacy format)`,
      {
        data: { suggestion },
      },
    );
  }
  return ctx.reporter.diagnostics;
};

/** Type errors, unknown keys and case-only matches; returns the paths whose values Go could not decode. */
function reportDecode(ctx: HooksCtx, value: Record<string, unknown>, type: GoType, numberText: (p: ValuePath) => string): ValuePath[] {
  const bad: ValuePath[] = [];
  for (const issue of decodeIssues(value, type, numberText)) {
    if (issue.kind === 'type') {
      bad.push(issue.path);
      ctx.report(
        ociHooksSchemaRule,
        ctx.valueRange(issue.path),
        `${dottedPath(issue.path)} must be ${TYPE_WORDS[issue.expected.kind]}: podman and CRI-O refuse the file ("${ctx.readerPrefix}${issue.message}")`,
      );
    } else if (issue.kind === 'unknown') {
      const key = String(issue.path[issue.path.length - 1]);
      const suggestion = nearest(key, issue.known, { maxDistance: typoDistance(key) });
      const where = issue.path.length > 1 ? ` in ${dottedPath(issue.path.slice(0, -1))}` : '';
      ctx.report(
        ociHooksUnknownKeyRule,
        ctx.keyRange(issue.path),
        `Unknown key "${key}"${where} (podman and CRI-O ignore it)${suggestion ? `: did you mean "${suggestion}"?` : ''}`,
        {
          data: suggestion ? { key, suggestion } : { key },
        },
      );
    } else {
      const key = String(issue.path[issue.path.length - 1]);
      ctx.report(
        ociHooksKeyCaseRule,
        ctx.keyRange(issue.path),
        `"${key}" matches "${issue.field}" only because Go compares keys case-insensitively: write "${issue.field}"`,
        {
          data: { key, suggestion: issue.field },
        },
      );
    }
  }
  return bad;
}

const isPrefix = (a: ValuePath, b: ValuePath) => a.length <= b.length && a.every((p, i) => b[i] === p);

/** A field's value and path, or undefined when absent, null, or of a type Go refused. */
function usable(obj: Record<string, unknown>, field: string, at: ValuePath, bad: ValuePath[]): { path: ValuePath; value: unknown } | undefined {
  const f = goField(obj, field);
  if (!f || f.value === null) return undefined;
  const path = [...at, f.key];
  return bad.some((b) => isPrefix(b, path)) ? undefined : { path, value: f.value };
}

/** Set (not null) but of a type Go refused: already reported as a type error. */
function undecodable(obj: Record<string, unknown>, field: string, bad: ValuePath[], at: ValuePath = []): boolean {
  const f = goField(obj, field);
  return f !== undefined && f.value !== null && !usable(obj, field, at, bad);
}

function check100(ctx: HooksCtx, doc: Record<string, unknown>, numberText: (p: ValuePath) => string): void {
  const bad = reportDecode(ctx, doc, HOOK_1_0_0, numberText);
  const hook = usable(doc, 'hook', [], bad);
  const path = hook && isObject(hook.value) ? usable(hook.value, 'path', hook.path, bad) : undefined;
  const pathUndecodable = undecodable(doc, 'hook', bad) || (hook !== undefined && isObject(hook.value) && undecodable(hook.value, 'path', bad, hook.path));
  if (pathUndecodable) {
    // Go refused the value: already reported as a type error.
  } else if (!path || path.value === '') {
    const at = path?.path ?? hook?.path ?? ['hook'];
    ctx.report(
      ociHooksRequiredRule,
      path ? ctx.valueRange(at) : ctx.keyRange(at),
      'missing required property: hook.path (the absolute path of the executable to run)',
    );
  } else {
    checkHookPath(ctx, path.value as string, path.path);
  }
  const timeout = hook && isObject(hook.value) ? usable(hook.value, 'timeout', hook.path, bad) : undefined;
  if (timeout && typeof timeout.value === 'number' && timeout.value <= 0) {
    ctx.report(
      ociHooksTimeoutRule,
      ctx.valueRange(timeout.path),
      'hook.timeout must be greater than zero (runtime-spec; seconds before the runtime aborts the hook): leave it out for no timeout',
    );
  }
  const when = usable(doc, 'when', [], bad);
  const whenObj = when && isObject(when.value) ? when.value : {};
  const annotations = when ? usable(whenObj, 'annotations', when.path, bad) : undefined;
  if (annotations && isObject(annotations.value)) {
    for (const [key, value] of Object.entries(annotations.value)) {
      const keyError = goRegexpError(key);
      if (keyError) ctx.report(ociHooksRegexRule, ctx.keyRange([...annotations.path, key]), `invalid annotation key ${JSON.stringify(key)}: ${keyError}`);
      if (typeof value !== 'string') continue;
      const valueError = goRegexpError(value);
      if (valueError)
        ctx.report(ociHooksRegexRule, ctx.valueRange([...annotations.path, key]), `invalid annotation value ${JSON.stringify(value)}: ${valueError}`);
    }
  }
  const commands = when ? usable(whenObj, 'commands', when.path, bad) : undefined;
  if (commands) checkCommands(ctx, commands.value, commands.path);
  checkStages(ctx, usable(doc, 'stages', [], bad), undecodable(doc, 'stages', bad));
  if (!undecodable(doc, 'when', bad)) checkMatches100(ctx, when, whenObj, bad, hook?.path ?? []);
}

function checkHookPath(ctx: HooksCtx, path: string, at: ValuePath): void {
  if (!path.startsWith('/')) {
    ctx.report(
      ociHooksPathRelativeRule,
      ctx.valueRange(at),
      `Hook path "${path}" is not absolute: runtime-spec requires an absolute path (an install-time placeholder left in?)`,
    );
    return;
  }
  if (!ctx.input.fs.stat(path)) {
    ctx.report(
      ociHooksPathNotFoundRule,
      ctx.valueRange(at),
      `${path} does not exist on this machine: hook validation fails ("stat ${path}: no such file or directory") and podman and CRI-O skip this hook`,
    );
  }
}

function checkCommands(ctx: HooksCtx, commands: unknown, at: ValuePath): void {
  if (!Array.isArray(commands)) return;
  commands.forEach((c, i) => {
    if (typeof c !== 'string') return;
    const err = goRegexpError(c);
    if (err) ctx.report(ociHooksRegexRule, ctx.valueRange([...at, i]), `invalid command ${JSON.stringify(c)}: ${err}`);
  });
}

/** `undecodable`: the key is there but Go could not decode it (already reported), so no "missing" error. */
function checkStages(ctx: HooksCtx, stages: { path: ValuePath; value: unknown } | undefined, undecodable: boolean): void {
  if (!stages) {
    if (!undecodable) ctx.report(ociHooksRequiredRule, ctx.keyRange([]), `missing required property: stages (when to run the hook: ${STAGES.join(', ')})`);
    return;
  }
  if (!Array.isArray(stages.value)) return;
  if (stages.value.length === 0) {
    ctx.report(ociHooksEmptyStagesRule, ctx.valueRange(stages.path), 'stages is empty: the hook is loaded but never injected into any stage');
    return;
  }
  stages.value.forEach((s, i) => {
    if (typeof s !== 'string' || STAGES.includes(s)) return;
    const at = ctx.valueRange([...stages.path, i]);
    if (PODMAN_EXTENSION_STAGES.includes(s)) {
      ctx.report(ociHooksExtensionStageRule, at, `"${s}" is an extension stage of podman only: CRI-O and other consumers fail with unknown stage "${s}"`);
      return;
    }
    const suggestion = nearest(s, STAGES);
    ctx.report(ociHooksUnknownStageRule, at, `unknown stage "${s}"${suggestion ? `: did you mean "${suggestion}"?` : ` (valid: ${STAGES.join(', ')})`}`, {
      data: suggestion ? { suggestion } : undefined,
    });
  });
}

/** when.go Match with Or=false: an unset `when` matches nothing; `false` conditions never match. */
function checkMatches100(
  ctx: HooksCtx,
  when: { path: ValuePath; value: unknown } | undefined,
  whenObj: Record<string, unknown>,
  bad: ValuePath[],
  hookPath: ValuePath,
): void {
  const field = (name: string) => (when ? usable(whenObj, name, when.path, bad) : undefined);
  for (const name of ['always', 'hasBindMounts']) {
    const f = field(name);
    if (f?.value === false) {
      const meaning = name === 'always' ? '' : ' (it does not mean "without bind mounts")';
      ctx.report(
        ociHooksNeverMatchesRule,
        ctx.valueRange(f.path),
        `when.${name}: false never matches${meaning}, so the hook is never injected: remove it or set true`,
      );
      return;
    }
  }
  const set = ['always', 'hasBindMounts'].some((n) => field(n)?.value === true) || nonEmpty(field('annotations')?.value) || nonEmpty(field('commands')?.value);
  if (!set) {
    const at = ctx.keyRange(when?.path ?? hookPath);
    ctx.report(
      ociHooksNeverMatchesRule,
      at,
      'No condition in "when" (always, annotations, commands, hasBindMounts): the hook never matches and is never injected; use "always": true to run it for every container',
    );
  }
}

function nonEmpty(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : false;
}

function check010(ctx: HooksCtx, doc: Record<string, unknown>, numberText: (p: ValuePath) => string): void {
  const bad = reportDecode(ctx, doc, HOOK_0_1_0, numberText);
  const get = (name: string) => usable(doc, name, [], bad);
  const hook = get('hook');
  if (!hook && !undecodable(doc, 'hook', bad))
    ctx.report(ociHooksRequiredRule, ctx.keyRange([]), 'missing required property: hook (the absolute path of the executable to run)');
  const pair = (plural: string, singular: string) => {
    const p = get(plural);
    const s = get(singular);
    if (p && s) ctx.report(ociHooksBothSetRule, ctx.keyRange(s.path), `cannot set both '${singular}' and '${plural}' (synonyms in the 0.1.0 format)`);
    return p ?? s;
  };
  const stages = pair('stages', 'stage');
  const cmds = pair('cmds', 'cmd');
  const annotations = pair('annotations', 'annotation');
  if (hook) {
    if (hook.value === '')
      ctx.report(ociHooksRequiredRule, ctx.valueRange(hook.path), 'missing required property: hook.path (the absolute path of the executable to run)');
    else checkHookPath(ctx, hook.value as string, hook.path);
  }
  if (annotations && Array.isArray(annotations.value)) checkLegacyAnnotations(ctx, annotations.value, annotations.path);
  if (cmds) checkCommands(ctx, cmds.value, cmds.path);
  checkStages(ctx, stages, undecodable(doc, 'stages', bad) || undecodable(doc, 'stage', bad));
  const hasBindMounts = get('hasbindmounts');
  const conditions = nonEmpty(cmds?.value) || nonEmpty(annotations?.value) || hasBindMounts?.value === true;
  if (!conditions) {
    ctx.report(
      ociHooksNeverMatchesRule,
      ctx.keyRange(hook?.path ?? []),
      'No condition (cmds, annotations, hasbindmounts: true): a 0.1.0 hook without one never matches and is never injected',
    );
  }
  const legacy: LegacyHook = {
    hook: typeof hook?.value === 'string' ? hook.value : '',
    arguments: stringsOf(get('arguments')?.value),
    stages: stringsOf(stages?.value) ?? [],
    cmds: stringsOf(cmds?.value),
    annotations: stringsOf(annotations?.value),
    hasBindMounts: hasBindMounts?.value === true,
  };
  const migrated = migrateLegacyHook(legacy);
  const exact = migrated.length === 1;
  const split = exact
    ? ''
    : `; it has ${migrated.length} conditions, OR-ed here but AND-ed in 1.0.0, so it has no exact 1.0.0 equivalent (one file a condition injects the hook once per matching file)`;
  ctx.report(
    ociHooksLegacyRule,
    ctx.keyRange(hook?.path ?? []),
    `Legacy 0.1.0 hook format: podman and CRI-O still read it, but 1.0.0 ("version": "1.0.0", "hook": {"path": …}, "when", "stages") is current${split}`,
    {
      data: { migrated, exact },
    },
  );
}

/** 0.1.0/hook.go joins the annotation patterns with `|` into one value regexp. */
function checkLegacyAnnotations(ctx: HooksCtx, patterns: unknown[], at: ValuePath): void {
  const strings = patterns.filter((p): p is string => typeof p === 'string');
  const joined = strings.join('|');
  const joinedError = goRegexpError(joined);
  if (!joinedError) return;
  let reported = false;
  patterns.forEach((p, i) => {
    if (typeof p !== 'string') return;
    const err = goRegexpError(p);
    if (!err) return;
    reported = true;
    ctx.report(ociHooksRegexRule, ctx.valueRange([...at, i]), `invalid annotation value ${JSON.stringify(p)}: ${err}`);
  });
  if (!reported)
    ctx.report(ociHooksRegexRule, ctx.valueRange(at), `invalid annotation value ${JSON.stringify(joined)} (the patterns joined with "|"): ${joinedError}`);
}

function stringsOf(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;
}
