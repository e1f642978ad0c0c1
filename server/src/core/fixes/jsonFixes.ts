import { parseJson, type JsonModel } from '../json/jsonDocument';
import type { Diagnostic } from '../types';
import type { ValuePath } from '../yaml/yamlDocument';
import { hasMember, rewriteJson, valueAtPath, type JsonChange } from './jsonEdits';
import { minimalEdit } from './textEdits';
import type { FixInput, QuickFix } from './types';

type JsonFixer = (input: FixInput, model: JsonModel, d: Diagnostic) => QuickFix[];

function rewrite(text: string, title: string, changes: JsonChange[], extra: Partial<QuickFix> = {}): QuickFix {
  return { title, edits: [minimalEdit(text, rewriteJson(text, changes))], preferred: true, ...extra };
}

const topKey = (d: Diagnostic): string | undefined => (typeof d.data?.key === 'string' ? d.data.key : undefined);

/** Merges a moved value into what the target already holds (arrays append, objects merge; else the target wins). */
function merged(existing: unknown, moved: unknown): unknown {
  if (existing === undefined) return moved;
  if (Array.isArray(existing)) return [...existing, ...(Array.isArray(moved) ? moved : [moved])];
  if (existing && typeof existing === 'object' && moved && typeof moved === 'object' && !Array.isArray(moved))
    return { ...(moved as object), ...(existing as object) };
  return existing;
}

/** A top-level key dockerd ignores, moved to the form it reads (`label` → `labels`, `http-proxy` → `proxies`). */
const moveIgnored: JsonFixer = (input, model, d) => {
  const key = topKey(d);
  const path = d.data?.path;
  if (!key || !Array.isArray(path)) return [];
  const moved = d.data?.value ?? valueAtPath(model, [key]);
  const target = path as ValuePath;
  const value = merged(valueAtPath(model, target), moved);
  return [
    rewrite(input.text, `Move "${key}" to "${target.join('.')}" (what dockerd reads)`, [
      { path: [key], value: undefined },
      { path: target, value },
    ]),
  ];
};

/** A removed key with a replacement is renamed (or dropped when the replacement is already set). */
const renameRemoved: JsonFixer = (input, model, d) => {
  const key = topKey(d);
  if (!key) return [];
  const replacement = typeof d.data?.replacement === 'string' ? d.data.replacement : undefined;
  if (!replacement) return [rewrite(input.text, `Remove "${key}"`, [{ path: [key], value: undefined }])];
  if (hasMember(model, [], replacement)) return [rewrite(input.text, `Remove "${key}" ("${replacement}" is already set)`, [{ path: [key], value: undefined }])];
  const value = valueAtPath(model, [key]);
  return [
    rewrite(input.text, `Replace "${key}" with "${replacement}"`, [
      { path: [key], value: undefined },
      { path: [replacement], value },
    ]),
  ];
};

/** `hooks` → an OCI-hook wrapper runtime under `runtimes`, the hooks moved to its own config file. */
const hooksToRuntime: JsonFixer = (input, model, d) => {
  const runtime = d.data?.runtime;
  const base = typeof d.data?.runtimeName === 'string' ? d.data.runtimeName : 'oci-add-hooks';
  const configPath = typeof d.data?.hookConfigPath === 'string' ? d.data.hookConfigPath : undefined;
  if (!runtime || !configPath) return [];
  let name = base;
  for (let i = 2; hasMember(model, ['runtimes'], name); i++) name = `${base}-${i}`;
  const fileName = configPath.split('/').pop()!;
  return [
    rewrite(
      input.text,
      `Register the "${name}" hook wrapper runtime under "runtimes" (hooks move to ${fileName}, to install as ${configPath})`,
      [
        { path: ['hooks'], value: undefined },
        { path: ['runtimes', name], value: runtime },
      ],
      { newFiles: [{ name: fileName, text: `${JSON.stringify(d.data?.hookConfig ?? {}, null, 2)}\n` }] },
    ),
  ];
};

/** A value of the wrong JSON type that has an obvious right form (`"max-size": 10` → `"10"`). */
const convertType: JsonFixer = (input, _model, d) => {
  const path = d.data?.path;
  if (!Array.isArray(path) || d.data?.value === undefined) return [];
  return [rewrite(input.text, `Write ${JSON.stringify(d.data.value)}`, [{ path: path as ValuePath, value: d.data.value }])];
};

/** A legacy 0.1.0 hooks.d file that has an exact 1.0.0 equivalent. */
const migrateHooks: JsonFixer = (input, _model, d) => {
  const migrated = d.data?.migrated;
  if (d.data?.exact !== true || !Array.isArray(migrated) || migrated.length !== 1) return [];
  const text = `${JSON.stringify(migrated[0], null, 2)}\n`;
  return [{ title: 'Migrate to the 1.0.0 hook format', edits: [minimalEdit(input.text, text)], preferred: true }];
};

/** `prestart` renamed to `createRuntime` (the same point in the runtime namespace), merged if both exist. */
const prestartToCreateRuntime: JsonFixer = (input, model) => {
  const prestart = valueAtPath(model, ['hooks', 'prestart']);
  if (!Array.isArray(prestart)) return [];
  const value = merged(valueAtPath(model, ['hooks', 'createRuntime']), prestart);
  return [
    rewrite(input.text, 'Move the prestart hooks to createRuntime', [
      { path: ['hooks', 'prestart'], value: undefined },
      { path: ['hooks', 'createRuntime'], value },
    ]),
  ];
};

export const JSON_FIXES: Record<string, JsonFixer> = {
  'daemon-ignored-key': (input, model, d) => (Array.isArray(d.data?.path) ? moveIgnored(input, model, d) : []),
  'daemon-removed-key': renameRemoved,
  'daemon-hooks': hooksToRuntime,
  'daemon-type': convertType,
  'oci-hooks-legacy-format': migrateHooks,
  'oci-runtime-prestart-deprecated': prestartToCreateRuntime,
};

/** The JSON model of the input (parsed again only when the caller has none). */
export const jsonModelOf = (input: FixInput): JsonModel => input.json ?? parseJson(input.text);
