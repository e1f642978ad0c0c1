import { DAEMON_KEYS, otherPlatform, UPSTREAM_TAG, type DaemonPlatform, type KeyEntry, type Shape } from '../kinds/daemon/daemonData';
import { fieldOf } from '../kinds/daemon/shapeCheck';
import type { JsonModel } from '../json/jsonDocument';
import type { ValuePath } from '../yaml/yamlDocument';
import { BOOLEAN_VALUES, keyDoc, link, memo, mergeValues } from './docs';
import type { KeyDoc, SourceLink, ValueDoc, Vocabulary } from './types';

const DOCKERD_DOCS = link('dockerd reference: daemon configuration file', 'https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file');
const MOBY_CONFIG = link(`moby/moby daemon/config (${UPSTREAM_TAG})`, `https://github.com/moby/moby/tree/${UPSTREAM_TAG}/daemon/config`);

/** `string (size)`, `array of string`, `object of string` for display. */
function shapeWords(shape: Shape | undefined): string | undefined {
  if (!shape) return undefined;
  if (shape.anyOf?.length) return shape.anyOf.map(shapeWords).filter(Boolean).join(' | ');
  if (!shape.type) return undefined;
  if (shape.type === 'array') return `array of ${shapeWords(shape.items) ?? 'any'}`;
  if (shape.type === 'object' && shape.additionalProperties && !shape.properties) return `object of ${shapeWords(shape.additionalProperties) ?? 'any'}`;
  return shape.format ? `${shape.type} (${shape.format})` : shape.type;
}

function snippetShape(shape: Shape | undefined): KeyDoc['shape'] {
  switch (shape?.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'array':
      return 'array';
    case 'object':
      return 'object';
    default:
      return 'scalar';
  }
}

/** One step down a Go value shape: struct field (Go's case-insensitive match), map value, slice item. */
function childShape(shape: Shape | undefined, step: string | number): Shape | undefined {
  if (!shape) return undefined;
  if (shape.anyOf) {
    for (const alt of shape.anyOf) {
      const c = childShape(alt, step);
      if (c) return c;
    }
    return undefined;
  }
  if (typeof step === 'number') return shape.type === 'array' ? shape.items : undefined;
  if (shape.type !== 'object') return undefined;
  return fieldOf(shape, step) ?? shape.additionalProperties;
}

const IGNORED_TEXT: Record<string, (e: KeyEntry) => string> = {
  singular: (e) => `dockerd accepts this flag name in daemon.json but never reads it: use \`${e.effective}\`.`,
  nested: (e) => `dockerd accepts it at the top level but only reads \`${e.effective}\`.`,
  'field-name': (e) =>
    `dockerd accepts it but decodes \`${e.effective}\`${e.effectiveAccepted === false ? ', which its own key check refuses' : ''}: it has no effect.`,
  'command-line': () => 'Only meaningful on the dockerd command line: accepted in daemon.json but without effect.',
  'no-field': () => 'Accepted but decoded into nothing: it has no effect.',
};

const keyDocCache = new Map<string, KeyDoc>();

/** daemon.json: the keys dockerd 27 accepts on the configured platform, their Go types and values. */
export class DaemonVocabulary implements Vocabulary {
  readonly syntax = 'json';
  constructor(
    readonly platform: DaemonPlatform,
    private readonly model: JsonModel | undefined,
  ) {}

  private get data() {
    return DAEMON_KEYS.platforms[this.platform];
  }

  keys(path: ValuePath): KeyDoc[] {
    if (!path.length) {
      return Object.entries(this.data.keys)
        .filter(([, e]) => !e.ignored)
        .map(([k]) => this.describe([k]))
        .filter((d): d is KeyDoc => Boolean(d));
    }
    if (path.length === 1 && path[0] === 'features') {
      return Object.keys(this.data.features).map((f) =>
        keyDoc(f, {
          type: 'boolean',
          shape: 'boolean',
          description: `Feature flag \`${f}\`, read in ${this.data.features[f].readIn.join(', ')}.`,
          sources: [MOBY_CONFIG],
        }),
      );
    }
    const shape = this.shapeAt(path);
    if (!shape?.properties) return [];
    return Object.keys(shape.properties)
      .map((k) => this.describe([...path, k]))
      .filter((d): d is KeyDoc => Boolean(d));
  }

  describe(path: ValuePath): KeyDoc | undefined {
    if (!path.length || typeof path[path.length - 1] === 'number') return undefined;
    const key = String(path[path.length - 1]);
    const cacheKey = `${this.platform}|${path.map((p) => (typeof p === 'number' ? '#' : p)).join('\u0001')}`;
    return memo(keyDocCache, cacheKey, () => (path.length === 1 ? this.topKey(key) : this.fieldDoc(path)) ?? null) ?? undefined;
  }

  values(path: ValuePath): ValueDoc[] {
    const key = String(path[0]);
    let out: ValueDoc[] = [];
    if (path.length === 1) {
      const vocab = this.data.values[key];
      if (vocab) out = vocab.values.map((v) => ({ value: v, kind: 'enum' as const, description: vocab.source }));
      if (key === 'default-runtime') out = mergeValues(out, this.runtimeNames());
    }
    if (path.length === 2 && typeof path[1] === 'number') {
      // `exec-opts:native.cgroupdriver`: values of one `name=value` option of a list key.
      for (const [name, vocab] of Object.entries(this.data.values)) {
        const [listKey, option] = name.split(':');
        if (listKey === key && option) out.push(...vocab.values.map((v) => ({ value: `${option}=${v}`, kind: 'enum' as const, description: vocab.source })));
      }
    }
    if (this.shapeAt(path)?.type === 'boolean') out = mergeValues(out, BOOLEAN_VALUES);
    return out;
  }

  private runtimeNames(): ValueDoc[] {
    const root = this.model?.root;
    const runtimes = root?.type === 'object' ? root.children?.find((p) => p.children?.[0]?.value === 'runtimes')?.children?.[1] : undefined;
    const names = runtimes?.type === 'object' ? (runtimes.children ?? []).map((p) => String(p.children?.[0]?.value)) : [];
    return ['runc', ...names].map((n) => ({
      value: n,
      kind: 'reference' as const,
      description: n === 'runc' ? 'the built-in runtime' : 'runtime defined under `runtimes`',
    }));
  }

  private shapeAt(path: ValuePath): Shape | undefined {
    let shape = this.data.keys[String(path[0])]?.type;
    for (const step of path.slice(1)) shape = childShape(shape, step);
    return shape;
  }

  private topKey(key: string): KeyDoc | undefined {
    const entry = this.data.keys[key];
    const other = DAEMON_KEYS.platforms[otherPlatform(this.platform)].keys[key];
    const removed = DAEMON_KEYS.removed[key];
    const newer = DAEMON_KEYS.newerKeys[this.platform].includes(key);
    if (!entry && !other && !removed && !newer) return undefined;
    const e = entry ?? other;
    const notes: string[] = [];
    const sources: SourceLink[] = [DOCKERD_DOCS, MOBY_CONFIG];
    if (!entry && other)
      notes.push(`**Only on ${otherPlatform(this.platform)}**: dockerd on ${this.platform} refuses it (setting \`swarmPilot.daemon.platform\`).`);
    if (removed) {
      notes.push(
        `**Removed in ${removed.removedIn}**${removed.deprecatedIn ? ` (deprecated in ${removed.deprecatedIn})` : ''}: dockerd refuses to start. ${removed.replacement ? `Use \`${removed.replacement}\`.` : (removed.advice ?? '')}`.trim(),
      );
    }
    if (newer)
      notes.push(`**Only in Docker Engine ${DAEMON_KEYS.newerKeys.tag.replace(/^v/, '')} and later**: dockerd ${UPSTREAM_TAG.replace(/^v/, '')} refuses it.`);
    if (e?.ignored) notes.push(`**No effect**: ${IGNORED_TEXT[e.ignored]?.(e) ?? 'accepted but never read.'}`);
    const deprecated = e?.deprecated ?? DAEMON_KEYS.deprecated[key]?.message;
    const vocab = this.data.values[key];
    if (vocab) sources.push(link(`moby ${vocab.source}`));
    const description = [
      e?.flag ? `Same as the dockerd flag \`--${e.flag}\`${e.flag !== key ? ` (daemon.json key \`${key}\`)` : ''}.` : `daemon.json option \`${key}\`.`,
      e?.field ? `Sets \`${e.field}\` in dockerd’s configuration.` : '',
      e?.hidden ? 'A hidden dockerd option.' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return keyDoc(key, {
      type: shapeWords(e?.type),
      description,
      values: vocab?.values.map((v) => ({ value: v, kind: 'enum' })),
      shape: snippetShape(e?.type),
      deprecated: deprecated,
      notes: notes.length ? notes : undefined,
      hidden: Boolean(!entry || e?.ignored),
      sortLast: Boolean(e?.hidden || deprecated),
      sources,
    });
  }

  private fieldDoc(path: ValuePath): KeyDoc | undefined {
    const shape = this.shapeAt(path);
    if (!shape) return undefined;
    const key = String(path[path.length - 1]);
    const parent = path
      .filter((p) => typeof p === 'string')
      .slice(0, -1)
      .join('.');
    return keyDoc(key, {
      type: shapeWords(shape),
      description: `Field \`${key}\` of \`${parent}\`${shape.go ? ` (Go \`${shape.go}\`)` : ''}.`,
      shape: snippetShape(shape),
      sources: [DOCKERD_DOCS, MOBY_CONFIG],
    });
  }
}
