import type { Node } from 'jsonc-parser';
import { parseJson } from '../../json/jsonDocument';
import { Reporter } from '../../rules/reporter';
import { nearest } from '../../text/nearest';
import type { KindValidator } from '../kindInput';
import { keyRangeOf, nodeRange, properties, type DaemonContext } from './context';
import { DAEMON_KEYS, effectiveKeys, FLAT_OPTIONS, otherPlatform, type KeyEntry } from './daemonData';
import { checkDefaultRuntime, checkRuntimes, reportHooks, runtimeFieldHook } from './runtimes';
import { checkShape, type UnknownFieldHook } from './shapeCheck';
import { deprecatedKey, ignoredKey, newerKey, removedKey, typeMismatch, unknownKey } from './rules';
import { checkCrossKeys, VALUE_CHECKS } from './valueChecks';

/**
 * daemon.json for Docker Engine 27, checked the way dockerd loads it (moby daemon/config/config.go):
 * strict JSON; every key must be an option of dockerd on the configured platform (unknown keys stop the
 * daemon); values are decoded into Go types; then the values dockerd validates. An empty file is valid.
 */
export const validateDaemon: KindValidator = (input) => {
  const model = parseJson(input.text);
  const reporter = new Reporter(input.settings, input.text);
  reporter.add(model.syntaxDiagnostics);
  if (model.syntaxDiagnostics.some((d) => d.code === 'json-syntax') || !model.root) return reporter.diagnostics;
  const platform = input.settings.daemonPlatform;
  const ctx: DaemonContext = {
    text: input.text,
    model,
    platform,
    data: DAEMON_KEYS.platforms[platform],
    report: (rule, range, message, extra) => reporter.report(rule, range, message, extra),
  };
  const root = model.root;
  if (root.type !== 'object') {
    ctx.report(
      typeMismatch,
      nodeRange(ctx, root),
      `daemon.json must be a JSON object, not ${root.type === 'array' ? 'an array' : `a ${root.type}`}: dockerd fails to decode it`,
      { data: { path: [], expected: 'object' } },
    );
    return reporter.diagnostics;
  }
  for (const [key, value] of properties(root)) checkTopLevelKey(ctx, key, value);
  checkCrossKeys(ctx, root);
  checkDefaultRuntime(ctx, root);
  return reporter.diagnostics;
};

/** Whether dockerd's unknown-key check lets `key` through on the context's platform. */
function accepted(ctx: DaemonContext, key: string): boolean {
  return key in ctx.data.keys;
}

/** Inner keys of an object that dockerd checks as top-level options (configValuesSet flattening) and refuses. */
function unacceptedInnerKeys(ctx: DaemonContext, value: Node): string[] {
  return properties(value)
    .map(([k]) => k)
    .filter((k) => !accepted(ctx, k));
}

function checkTopLevelKey(ctx: DaemonContext, key: string, value: Node): void {
  if (key === 'hooks') {
    reportHooks(ctx, value, value.type === 'object' ? unacceptedInnerKeys(ctx, value) : []);
    return;
  }
  const entry = ctx.data.keys[key];
  if (entry) {
    checkAcceptedKey(ctx, key, entry, value);
    return;
  }
  const range = keyRangeOf(ctx, value);
  const refused = `dockerd refuses to start ("the following directives don't match any configuration option: ${key}")`;
  const removed = DAEMON_KEYS.removed[key];
  if (removed) {
    const since = removed.deprecatedIn ? ` (deprecated since ${removed.deprecatedIn})` : '';
    const instead = removed.replacement
      ? ` Use "${removed.replacement}" instead.`
      : removed.advice
        ? ` ${removed.advice[0].toUpperCase()}${removed.advice.slice(1)}.`
        : '';
    ctx.report(removedKey, range, `"${key}" was removed in Docker Engine ${removed.removedIn}${since}: ${refused}.${instead}`, {
      tags: ['deprecated'],
      data: { key, removedIn: removed.removedIn, replacement: removed.replacement },
    });
    return;
  }
  if (DAEMON_KEYS.newerKeys[ctx.platform].includes(key)) {
    ctx.report(newerKey, range, `"${key}" is not in Engine 27: it is new in Docker Engine 28, and ${refused}`, { data: { key, since: 'v28.0' } });
    return;
  }
  const other = otherPlatform(ctx.platform);
  const otherEntry = DAEMON_KEYS.platforms[other].keys[key];
  if (otherEntry && !otherEntry.ignored) {
    const name = other === 'linux' ? 'Linux' : 'Windows';
    ctx.report(
      unknownKey,
      range,
      `"${key}" is a ${name}-only option: the ${ctx.platform} dockerd does not have it and ${refused}. (The platform is the setting swarmPilot.daemon.platform.)`,
      {
        data: { key, platform: other },
      },
    );
    return;
  }
  const renamedFlag = Object.entries(ctx.data.keys).find(([, e]) => e.ignored === 'field-name' && e.effective === key)?.[0];
  if (renamedFlag) {
    ctx.report(
      unknownKey,
      range,
      `"${key}" is the name of dockerd's configuration field, but not of an option: ${refused}. The option "${renamedFlag}" is accepted yet ignored, so set it with the --${renamedFlag} flag instead.`,
      { data: { key } },
    );
    return;
  }
  if (key in ctx.data.rejectedJsonFields) {
    ctx.report(unknownKey, range, `"${key}" is a field of dockerd's configuration struct but not an option: ${refused}.`, { data: { key } });
    return;
  }
  const suggestion = nearest(key, effectiveKeys(ctx.platform));
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  const data = { key, ...(suggestion ? { suggestion } : {}) };
  if (value.type === 'object' && !FLAT_OPTIONS.has(key)) {
    // dockerd replaces an object it does not know by its inner keys before the unknown-key check.
    const inner = unacceptedInnerKeys(ctx, value);
    if (inner.length) {
      ctx.report(
        unknownKey,
        range,
        `"${key}" is not a dockerd option: dockerd reads the keys inside it as options and refuses to start ("the following directives don't match any configuration option: ${inner.join(', ')}").${hint}`,
        { data },
      );
    } else {
      ctx.report(ignoredKey, range, `"${key}" is not a dockerd option: dockerd only checks the keys inside it, then ignores the object.${hint}`, {
        tags: ['unnecessary'],
        data,
      });
    }
    return;
  }
  ctx.report(unknownKey, range, `Unknown key "${key}": ${refused}.${hint}`, { data });
}

function checkAcceptedKey(ctx: DaemonContext, key: string, entry: KeyEntry, value: Node): void {
  if (entry.ignored) {
    reportIgnored(ctx, key, entry, value);
    return;
  }
  const deprecated = DAEMON_KEYS.deprecated[key];
  if (deprecated) {
    const when = deprecated.deprecatedIn ? ` since ${deprecated.deprecatedIn}${deprecated.removalIn ? ` (removed in ${deprecated.removalIn})` : ''}` : '';
    const corsNote = key === 'api-cors-header' ? '; in 27 it has no effect unless the environment variable DOCKERD_DEPRECATED_CORS_HEADER is set' : '';
    ctx.report(deprecatedKey, keyRangeOf(ctx, value), `"${key}" is deprecated${when}${corsNote}: ${deprecated.message}`, {
      tags: ['deprecated'],
      data: { key },
    });
  }
  if (!entry.type) return;
  let hook: UnknownFieldHook | undefined;
  if (key === 'runtimes') hook = runtimeFieldHook;
  if (entry.accepted === 'flattened') hook = flattenedFieldHook;
  const ok = checkShape(ctx, value, entry.type, [key], hook);
  if (!ok) return;
  VALUE_CHECKS[key]?.(ctx, value, value.parent!.parent!);
  if (key === 'runtimes') checkRuntimes(ctx, value, entry.type);
}

/**
 * Inner keys of a flattened struct (`proxies`): dockerd checks them as top-level options, so an unknown
 * one stops the daemon; an accepted option that is not a field of the struct is ignored by the decoder.
 */
const flattenedFieldHook: UnknownFieldHook = (ctx, name, value, path) => {
  if (path.length !== 2 || accepted(ctx, name)) return false;
  const parent = String(path[0]);
  const fields = Object.keys(ctx.data.keys[parent]?.type?.properties ?? {});
  const suggestion = nearest(name, fields);
  ctx.report(
    unknownKey,
    keyRangeOf(ctx, value),
    `"${name}" inside "${parent}" is checked as a dockerd option and is not one: dockerd refuses to start ("the following directives don't match any configuration option: ${name}").${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    {
      data: { path, key: name, ...(suggestion ? { suggestion } : {}) },
    },
  );
  return true;
};

function reportIgnored(ctx: DaemonContext, key: string, entry: KeyEntry, value: Node): void {
  const range = keyRangeOf(ctx, value);
  const extra = { tags: ['unnecessary' as const] };
  switch (entry.ignored) {
    case 'singular': {
      const plural = entry.effective!;
      const target = ctx.data.keys[plural]?.type;
      const fixValue = target?.type === 'array' && value.type !== 'array' && value.type !== 'object' ? [value.value] : undefined;
      ctx.report(
        ignoredKey,
        range,
        `"${key}" is accepted but ignored: it is the name of the --${key} flag, and dockerd reads the value from "${plural}" in daemon.json. Rename it to "${plural}".`,
        {
          ...extra,
          data: { key, replacement: plural, path: [plural], ...(fixValue ? { value: fixValue } : {}) },
        },
      );
      return;
    }
    case 'nested': {
      const [outer, inner] = entry.effective!.split('.');
      ctx.report(ignoredKey, range, `Top-level "${key}" is accepted but ignored: dockerd reads it from "${outer}": {"${inner}": …}. Move it into "${outer}".`, {
        ...extra,
        data: { key, replacement: entry.effective, path: [outer, inner] },
      });
      return;
    }
    case 'field-name':
      ctx.report(
        ignoredKey,
        range,
        `"${key}" is accepted but ignored: the configuration field behind it is named "${entry.effective}", which dockerd ${entry.effectiveAccepted ? 'reads instead' : 'refuses as an unknown directive'}. Set it with the --${key} flag on the command line instead.`,
        { ...extra, data: { key, effective: entry.effective } },
      );
      return;
    case 'command-line': {
      const validateNote =
        key === 'validate' && value.type === 'boolean' && value.value === true
          ? ' Beware: dockerd applies boolean values to the flag, so with true it only validates the configuration and exits instead of starting.'
          : '';
      ctx.report(ignoredKey, range, `"${key}" is a command-line option of dockerd: daemon.json accepts it, but it configures nothing there.${validateNote}`, {
        ...extra,
        data: { key },
      });
      return;
    }
    default:
      ctx.report(ignoredKey, range, `"${key}" is accepted but ignored by dockerd 27.`, { ...extra, data: { key } });
  }
}
