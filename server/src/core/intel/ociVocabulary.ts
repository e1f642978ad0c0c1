import { HOOK_1_0_0, type GoType } from '../kinds/ociHooks/goTypes';
import { ociHooksExtensionStageRule } from '../kinds/ociHooks/validateOciHooks';
import { RUNTIME_SPEC_SCHEMA_VERSION } from '../kinds/ociRuntime/runtimeSchema';
import { ociRuntimePrestartRule } from '../kinds/ociRuntime/validateOciRuntime';
import { ADDED_IN, pathMatches, REMOVED_IN } from '../kinds/ociRuntime/versions';
import type { ValuePath } from '../yaml/yamlDocument';
import { BOOLEAN_VALUES, enumValueDocs, generatedDescription, keyDoc, link, memo, mergeValues } from './docs';
import { SchemaNavigator, shapeOf, typeWords } from './schemaNavigator';
import type { KeyDoc, SourceLink, ValueDoc, Vocabulary } from './types';

const SPEC_TAG = `v${RUNTIME_SPEC_SCHEMA_VERSION}`;
const SPEC_BLOB = `https://github.com/opencontainers/runtime-spec/blob/${SPEC_TAG}`;

/**
 * A vendored runtime-spec v1.3.0 schema file by the name its `$ref`s use (`defs-linux.json`). The
 * template literal makes esbuild bundle every file of the folder; nothing is read at run time.
 */
function specFile(name: string): unknown {
  if (!/^[a-z0-9-]+\.json$/.test(name)) return undefined;
  try {
    return require(`../../../../schemas/oci-runtime-spec/${name}`) as unknown;
  } catch {
    return undefined;
  }
}

let runtimeNav: SchemaNavigator | undefined;
/** The config.json schema (state and features documents are runtime output, not edited). */
function nav(): SchemaNavigator {
  return (runtimeNav ??= new SchemaNavigator(specFile, 'config-schema.json'));
}

/** When each hook stage runs (runtime-spec config.md, POSIX-platform Hooks). */
const STAGE_DOCS: Record<string, string> = {
  prestart: 'Runs during the create operation, after the runtime environment has been created and before pivot_root, in the runtime namespace.',
  createRuntime: 'Runs during the create operation, after the runtime environment has been created and before pivot_root, in the runtime namespace.',
  createContainer: 'Runs during the create operation, after createRuntime hooks, in the container namespace, before pivot_root.',
  startContainer: 'Runs during the start operation, in the container namespace, before the user-specified program.',
  poststart: 'Runs after the user-specified process has started, before the start operation returns.',
  poststop: 'Runs after the container is deleted, before the delete operation returns.',
};

/** The stage names the runtime-spec schema defines (`hooks` properties), in its order. */
export function hookStages(): string[] {
  return [
    ...nav()
      .properties(nav().at(['hooks']))
      .keys(),
  ];
}

const DEPRECATED: Record<string, string> = { 'hooks.prestart': ociRuntimePrestartRule.description };

/** The spec document describing a path: config-linux.md for `linux.*`, and so on. */
function specDoc(path: ValuePath): SourceLink {
  const top = String(path[0] ?? '');
  const file = ['linux', 'windows', 'solaris', 'vm', 'zos', 'freebsd'].includes(top) ? `config-${top}.md` : 'config.md';
  return link(`runtime-spec ${file} (${SPEC_TAG})`, `${SPEC_BLOB}/${file}`);
}

function versionNotes(path: ValuePath): string[] {
  const notes: string[] = [];
  for (const [version, paths] of Object.entries(ADDED_IN))
    if (paths.some((p) => pathMatches(p, path))) notes.push(`Added in runtime-spec ${version}: runtimes older than that ignore it.`);
  for (const [p, r] of Object.entries(REMOVED_IN)) {
    if (pathMatches(p, path)) notes.push(`Added in runtime-spec ${r.since}, removed in ${r.removed}${r.instead ? `: use \`${r.instead}\`` : ''}.`);
  }
  return notes;
}

const runtimeDocCache = new Map<string, KeyDoc | null>();

/** config.json: the runtime-spec schema, its deprecations and the release each field came with. */
export class OciRuntimeVocabulary implements Vocabulary {
  readonly syntax = 'json';

  keys(path: ValuePath): KeyDoc[] {
    const n = nav();
    return [...n.properties(n.at(path)).keys()].map((k) => this.describe([...path, k])).filter((d): d is KeyDoc => Boolean(d));
  }

  describe(path: ValuePath): KeyDoc | undefined {
    const name = path[path.length - 1];
    if (name === undefined || typeof name === 'number') return undefined;
    const norm = path.map((p) => (typeof p === 'number' ? '*' : p));
    return memo(runtimeDocCache, norm.join('\u0001'), () => this.build(path) ?? null) ?? undefined;
  }

  private build(path: ValuePath): KeyDoc | undefined {
    const n = nav();
    const parent = n.at(path.slice(0, -1));
    const name = String(path[path.length - 1]);
    const declared = n.properties(parent).has(name);
    if (!declared && !n.isMap(parent)) {
      const removed = Object.entries(REMOVED_IN).find(([p]) => pathMatches(p, path));
      return removed
        ? keyDoc(name, { description: generatedDescription(path, undefined), notes: versionNotes(path), hidden: true, sources: [specDoc(path)] })
        : undefined;
    }
    const set = n.child(parent, name);
    const info = n.info(set);
    const type = typeWords(info);
    const dotted = path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
    const stage = path.length === 2 && path[0] === 'hooks' ? STAGE_DOCS[name] : undefined;
    return keyDoc(name, {
      type,
      description: info.description ?? stage ?? generatedDescription(path, type),
      values: enumValueDocs(info.enumValues),
      shape: shapeOf(info),
      required: n.required(parent).has(name),
      deprecated: DEPRECATED[dotted],
      notes: versionNotes(path),
      sortLast: Boolean(DEPRECATED[dotted]),
      sources: [specDoc(path), link(`runtime-spec schema (${SPEC_TAG})`, `${SPEC_BLOB}/schema/config-schema.json`)],
    });
  }

  values(path: ValuePath): ValueDoc[] {
    const n = nav();
    const info = n.info(n.at(path));
    let out = enumValueDocs(info.enumValues);
    if (path.length === 1 && path[0] === 'ociVersion')
      out = mergeValues(out, [{ value: RUNTIME_SPEC_SCHEMA_VERSION, kind: 'enum', description: 'the runtime-spec release the file is checked against' }]);
    if (info.types.includes('boolean')) out = mergeValues(out, BOOLEAN_VALUES);
    return out;
  }
}

// ------------------------------------------------------------------------------------------ hooks.d

const HOOKS_DOC = link('oci-hooks(5), containers/common', 'https://github.com/containers/common/blob/main/pkg/hooks/docs/oci-hooks.5.md');
const HOOK_ENTRY_DOC = link(`runtime-spec config.md, POSIX-platform Hooks (${SPEC_TAG})`, `${SPEC_BLOB}/config.md#posix-platform-hooks`);

/** What each 1.0.0 key means (oci-hooks(5)) and whether it is required. */
const HOOK_KEYS: Record<string, { doc: string; required?: boolean; source?: SourceLink }> = {
  version: { doc: 'The hook-definition version: `1.0.0` for this schema.', required: true },
  hook: { doc: 'The hook to inject, as a runtime-spec hook entry (`path`, `args`, `env`, `timeout`).', required: true },
  'hook.path': { doc: 'Absolute path of the executable, resolved on the host.', required: true, source: HOOK_ENTRY_DOC },
  'hook.args': { doc: 'Arguments, with the same meaning as execv’s argv: the first one is the program name.', source: HOOK_ENTRY_DOC },
  'hook.env': { doc: 'Environment variables (`NAME=value`) for the hook process.', source: HOOK_ENTRY_DOC },
  'hook.timeout': { doc: 'Seconds before the hook is aborted; must be greater than zero.', source: HOOK_ENTRY_DOC },
  when: { doc: 'When to inject the hook: all conditions that are set must match, and at least one must be set.', required: true },
  'when.always': { doc: 'If `true`, this condition matches.' },
  'when.annotations': { doc: 'Matches when every key/value pair (both regular expressions) matches one of the container’s annotations.' },
  'when.commands': { doc: 'Matches when `process.args[0]` of the container matches one of these regular expressions.' },
  'when.hasBindMounts': { doc: 'If `true`, matches when the container has host-to-container bind mounts.' },
  stages: { doc: 'The stages to inject the hook in: runtime-spec hook stages, or extension stages the consuming tool supports.', required: true },
};

const GO_WORDS: Record<GoType['kind'], string> = { string: 'string', bool: 'boolean', int: 'integer', slice: 'array', map: 'object', struct: 'object' };
const GO_SHAPES: Record<GoType['kind'], KeyDoc['shape']> = {
  string: 'string',
  bool: 'boolean',
  int: 'number',
  slice: 'array',
  map: 'object',
  struct: 'object',
};

function goTypeAt(path: ValuePath): GoType | undefined {
  let t: GoType | undefined = HOOK_1_0_0;
  for (const step of path) {
    if (!t) return undefined;
    if (t.kind === 'struct') t = typeof step === 'string' ? t.fields[step] : undefined;
    else if (t.kind === 'slice' || t.kind === 'map') t = t.elem;
    else return undefined;
  }
  return t;
}

function goWords(t: GoType): string {
  if (t.kind === 'slice') return `array of ${goWords(t.elem)}`;
  if (t.kind === 'map') return `object of ${goWords(t.elem)}`;
  return GO_WORDS[t.kind];
}

/** hooks.d/*.json in the 1.0.0 format podman and CRI-O read (containers/common pkg/hooks). */
export class OciHooksVocabulary implements Vocabulary {
  readonly syntax = 'json';

  keys(path: ValuePath): KeyDoc[] {
    const t = goTypeAt(path);
    if (t?.kind !== 'struct') return [];
    return Object.keys(t.fields)
      .map((k) => this.describe([...path, k]))
      .filter((d): d is KeyDoc => Boolean(d));
  }

  describe(path: ValuePath): KeyDoc | undefined {
    const name = path[path.length - 1];
    if (name === undefined || typeof name === 'number') return undefined;
    const t = goTypeAt(path);
    const parent = goTypeAt(path.slice(0, -1));
    if (!t || parent?.kind !== 'struct') return undefined;
    const dotted = path.join('.');
    const known = HOOK_KEYS[dotted];
    return keyDoc(String(name), {
      type: goWords(t),
      description: known?.doc ?? generatedDescription(path, goWords(t)),
      values: dotted === 'version' ? [{ value: '1.0.0', kind: 'enum' }] : undefined,
      shape: GO_SHAPES[t.kind],
      required: known?.required,
      sources: [known?.source ?? HOOKS_DOC, ...(known?.source ? [HOOKS_DOC] : [])],
    });
  }

  values(path: ValuePath): ValueDoc[] {
    if (path.length === 1 && path[0] === 'version') return [{ value: '1.0.0', kind: 'enum', description: 'the current hook-definition format' }];
    if (path.length === 2 && path[0] === 'stages' && typeof path[1] === 'number') return stageValues();
    const t = goTypeAt(path);
    return t?.kind === 'bool' ? BOOLEAN_VALUES : [];
  }
}

/** Hook stage names for hooks.d `stages`: the runtime-spec ones, prestart deprecated, and podman's extension. */
export function stageValues(): ValueDoc[] {
  const spec = hookStages().map((s) => ({
    value: s,
    kind: 'enum' as const,
    description: STAGE_DOCS[s],
    deprecated: DEPRECATED[`hooks.${s}`],
    sortLast: Boolean(DEPRECATED[`hooks.${s}`]),
  }));
  return [...spec, { value: 'precreate', kind: 'enum' as const, description: ociHooksExtensionStageRule.description, sortLast: true }];
}
