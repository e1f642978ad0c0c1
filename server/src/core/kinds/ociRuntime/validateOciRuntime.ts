import { defineRule, type RuleMeta } from '../../rules/registry';
import type { Severity } from '../../types';
import { reportSchemaProblems } from '../../schema/reportSchema';
import { dottedPath } from '../../schema/schemaErrors';
import type { ValuePath } from '../../yaml/yamlDocument';
import type { KindValidator } from '../kindInput';
import { isObject, openJson, typoDistance, type OciJsonContext } from './jsonContext';
import { nearest } from '../../text/nearest';
import { RUNTIME_SPEC_SCHEMA_VERSION, runtimeSchemaValidator, undeclaredKeys, type RuntimeDocument } from './runtimeSchema';
import { ADDED_IN, REMOVED_IN, compareRelease, parseSpecVersion, pathMatches, type SpecVersion } from './versions';

const SPEC = `opencontainers/runtime-spec v${RUNTIME_SPEC_SCHEMA_VERSION}`;

/** A rule of this kind only (codes are spelt out in full so that they can be searched for). */
function runtimeRule(code: `oci-runtime-${string}`, severity: Severity, description: string, source: string): RuleMeta {
  return defineRule({ code, kinds: ['oci-runtime'], severity, description, source });
}

export const ociRuntimeSchemaRule = runtimeRule(
  'oci-runtime-schema',
  'error',
  'Violates the runtime-spec config.json schema (missing `ociVersion`, wrong types, bad enums or patterns).',
  `${SPEC} schema/config-schema.json and siblings`,
);

export const ociRuntimeVersionRule = runtimeRule(
  'oci-runtime-version',
  'error',
  '`ociVersion` is not a SemVer 2.0.0 version.',
  `${SPEC} config.md (Specification version)`,
);

export const ociRuntimeVersionUnknownRule = runtimeRule(
  'oci-runtime-version-unknown',
  'information',
  `\`ociVersion\` is newer than runtime-spec ${RUNTIME_SPEC_SCHEMA_VERSION}, the version the file is validated against.`,
  SPEC,
);

export const ociRuntimeNewerFieldRule = runtimeRule(
  'oci-runtime-newer-field',
  'warning',
  'A field added in a runtime-spec release newer than the file’s `ociVersion`.',
  'opencontainers/runtime-spec schema/ and specs-go/config.go, v1.0.0 … v1.3.0',
);

export const ociRuntimeRemovedFieldRule = runtimeRule(
  'oci-runtime-removed-field',
  'warning',
  'A field that the runtime-spec release declared by `ociVersion` no longer has.',
  'opencontainers/runtime-spec schema/ and specs-go/config.go, v1.1.0 … v1.3.0',
);

export const ociRuntimeUnknownKeyRule = runtimeRule(
  'oci-runtime-unknown-key',
  'warning',
  'A key the runtime-spec does not define: runtimes ignore it, so it is usually a typo (the nearest valid key is suggested).',
  `${SPEC} schema/`,
);

export const ociRuntimeHookPathRule = runtimeRule(
  'oci-runtime-hook-path-relative',
  'error',
  'A hook `path` that is not absolute (the spec requires an absolute path).',
  `${SPEC} config.md (POSIX-platform Hooks)`,
);

export const ociRuntimeHookTimeoutRule = runtimeRule(
  'oci-runtime-hook-timeout',
  'error',
  'A hook `timeout` that is not greater than zero.',
  `${SPEC} config.md (POSIX-platform Hooks)`,
);

export const ociRuntimePrestartRule = runtimeRule(
  'oci-runtime-prestart-deprecated',
  'hint',
  '`hooks.prestart` is deprecated in favour of `createRuntime`, `createContainer` and `startContainer`.',
  `${SPEC} config.md (Prestart)`,
);

const HOOK_STAGES = ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'] as const;

/**
 * Which runtime-spec document this is: config.json, unless it has the shape of the state a runtime
 * reports (`runc state`: id, status, bundle) or of `runc features` output (ociVersionMin/Max).
 */
export function runtimeDocument(value: Record<string, unknown>): RuntimeDocument {
  if (!('ociVersion' in value) && ('ociVersionMin' in value || 'ociVersionMax' in value)) return 'features';
  if ('status' in value && ('bundle' in value || 'id' in value) && !('process' in value || 'root' in value)) return 'state';
  return 'config';
}

export const validateOciRuntime: KindValidator = (input) => {
  const opened = openJson(input);
  if ('diagnostics' in opened) return opened.diagnostics;
  const { ctx, value } = opened;
  if (value === undefined) {
    ctx.report(ociRuntimeSchemaRule, ctx.valueRange([]), 'The file is empty: config.json must be a JSON object with at least "ociVersion"');
    return ctx.reporter.diagnostics;
  }
  const doc = isObject(value) ? runtimeDocument(value) : 'config';
  // Hook timeouts get their own rule (with the spec's wording) instead of the schema's `minimum`.
  const isTimeoutMinimum = (p: { keyword: string; path: ValuePath }) =>
    p.keyword === 'minimum' && p.path[0] === 'hooks' && p.path[p.path.length - 1] === 'timeout';
  reportSchemaProblems(ctx, runtimeSchemaValidator(doc), value, ociRuntimeSchemaRule, doc === 'config' ? isTimeoutMinimum : undefined);
  if (!isObject(value)) return ctx.reporter.diagnostics;
  if (doc === 'features') for (const key of ['ociVersionMin', 'ociVersionMax']) checkVersion(ctx, key, value[key]);
  const version = doc === 'features' ? undefined : checkVersion(ctx, 'ociVersion', value.ociVersion);
  if (doc === 'config') {
    checkHooks(ctx, value.hooks);
    if (version) checkFieldVersions(ctx, value, version);
  }
  checkUnknownKeys(ctx, value, doc, version);
  return ctx.reporter.diagnostics;
};

function checkVersion(ctx: OciJsonContext, key: string, raw: unknown): SpecVersion | undefined {
  if (typeof raw !== 'string') return undefined; // missing or not a string: the schema says so
  const v = parseSpecVersion(raw);
  if (!v) {
    ctx.report(
      ociRuntimeVersionRule,
      ctx.valueRange([key]),
      `${key} "${raw}" is not a SemVer 2.0.0 version (the spec requires one, e.g. "${RUNTIME_SPEC_SCHEMA_VERSION}")`,
      {
        data: { suggestion: RUNTIME_SPEC_SCHEMA_VERSION },
      },
    );
    return undefined;
  }
  const latest = parseSpecVersion(RUNTIME_SPEC_SCHEMA_VERSION)!;
  if (compareRelease(v, latest) > 0) {
    ctx.report(
      ociRuntimeVersionUnknownRule,
      ctx.valueRange([key]),
      `${key} ${raw} is newer than runtime-spec ${RUNTIME_SPEC_SCHEMA_VERSION}, which this file is validated against: fields added later are reported as unknown`,
    );
  }
  return v;
}

function checkHooks(ctx: OciJsonContext, hooks: unknown): void {
  if (!isObject(hooks)) return;
  if ('prestart' in hooks) {
    ctx.report(
      ociRuntimePrestartRule,
      ctx.keyRange(['hooks', 'prestart']),
      'prestart hooks are deprecated (runtime-spec 1.0.2): use createRuntime, which runs at the same point in the runtime namespace, or createContainer/startContainer',
      {
        tags: ['deprecated'],
        data: { replacement: 'createRuntime' },
      },
    );
  }
  for (const stage of HOOK_STAGES) {
    const list = hooks[stage];
    if (!Array.isArray(list)) continue;
    list.forEach((hook, i) => {
      if (!isObject(hook)) return;
      const where = `hooks.${stage}[${i}]`;
      if (typeof hook.path === 'string' && !hook.path.startsWith('/')) {
        const what = hook.path === '' ? 'is empty' : `"${hook.path}" is not absolute`;
        ctx.report(
          ociRuntimeHookPathRule,
          ctx.valueRange(['hooks', stage, i, 'path']),
          `${where}.path ${what}: the spec requires an absolute path (a relative one depends on the runtime's working directory)`,
        );
      }
      if (typeof hook.timeout === 'number' && hook.timeout <= 0) {
        ctx.report(
          ociRuntimeHookTimeoutRule,
          ctx.valueRange(['hooks', stage, i, 'timeout']),
          `${where}.timeout must be greater than zero (seconds before the hook is aborted); leave it out for no timeout`,
        );
      }
    });
  }
}

/** Every path in `value` that matches `pattern` (`*`: any key or index). */
function pathsMatching(value: unknown, pattern: string): ValuePath[] {
  const out: ValuePath[] = [];
  const parts = pattern.split('.');
  const walk = (v: unknown, i: number, path: ValuePath): void => {
    if (i === parts.length) {
      out.push(path);
      return;
    }
    const p = parts[i];
    if (Array.isArray(v)) {
      if (p === '*') v.forEach((item, j) => walk(item, i + 1, [...path, j]));
    } else if (isObject(v)) {
      if (p === '*') for (const [k, item] of Object.entries(v)) walk(item, i + 1, [...path, k]);
      else if (p in v) walk(v[p], i + 1, [...path, p]);
    }
  };
  walk(value, 0, []);
  return out;
}

function checkFieldVersions(ctx: OciJsonContext, value: Record<string, unknown>, declared: SpecVersion): void {
  const found: { path: ValuePath; since: string }[] = [];
  for (const [since, patterns] of Object.entries(ADDED_IN)) {
    if (compareRelease(declared, parseSpecVersion(since)!) >= 0) continue;
    for (const pattern of patterns) for (const path of pathsMatching(value, pattern)) found.push({ path, since });
  }
  found.sort((a, b) => a.path.length - b.path.length);
  const reported: ValuePath[] = [];
  const shown = `${declared.major}.${declared.minor}.${declared.patch}`;
  for (const { path, since } of found) {
    if (reported.some((r) => r.every((p, i) => path[i] === p))) continue;
    reported.push(path);
    ctx.report(
      ociRuntimeNewerFieldRule,
      ctx.keyRange(path),
      `${dottedPath(path)} was added in runtime-spec ${since}, but this file declares ociVersion ${shown}: a runtime that implements only ${shown} ignores it (raise ociVersion to ${since})`,
      { data: { since, suggestion: since } },
    );
  }
}

function checkUnknownKeys(ctx: OciJsonContext, value: Record<string, unknown>, doc: RuntimeDocument, declared: SpecVersion | undefined): void {
  for (const { path, known } of undeclaredKeys(value, doc)) {
    const removed = Object.entries(REMOVED_IN).find(([pattern]) => pathMatches(pattern, path));
    if (removed) {
      const [, info] = removed;
      // Valid for files that declare a release that still had it; older files get `newer-field`.
      if (declared && compareRelease(declared, parseSpecVersion(info.removed)!) >= 0) {
        const instead = info.instead ? `; use ${info.instead}` : '';
        ctx.report(
          ociRuntimeRemovedFieldRule,
          ctx.keyRange(path),
          `${dottedPath(path)} was removed in runtime-spec ${info.removed} (this file declares ociVersion ${String(value.ociVersion)})${instead}`,
          {
            data: { removed: info.removed, suggestion: info.instead },
          },
        );
      }
      continue;
    }
    const key = String(path[path.length - 1]);
    const suggestion = nearest(key, known, { maxDistance: typoDistance(key) });
    const where = path.length > 1 ? ` in ${dottedPath(path.slice(0, -1))}` : '';
    // runc and other Go runtimes match keys case-insensitively (specs-go even marshals vm.hwConfig as "hwconfig").
    const message =
      suggestion?.toLowerCase() === key.toLowerCase()
        ? `Key "${key}"${where} is spelt "${suggestion}" in the spec: Go runtimes such as runc accept it (they ignore case), others ignore it`
        : `Unknown key "${key}"${where} (runtimes ignore it)${suggestion ? `: did you mean "${suggestion}"?` : ''}`;
    ctx.report(ociRuntimeUnknownKeyRule, ctx.keyRange(path), message, { data: suggestion ? { key, suggestion } : { key } });
  }
}
