import { isMap, isScalar, type Pair } from 'yaml';
import composeSpec from '../../../../schemas/compose-spec.json';
import loaderProps from '../../../../schemas/docker-cli-loader-properties.json';
import { SWARM } from '../kinds/stack/rules/common';
import { LATEST_STACK_VERSION, stackFileVersion, stackSchema, STACK_VERSIONS } from '../kinds/stack/stackSchemas';
import { pathMatches } from '../kinds/ociRuntime/versions';
import { locate, type ValuePath, type YamlModel } from '../yaml/yamlDocument';
import { BOOLEAN_VALUES, enumValueDocs, generatedDescription, keyDoc, link, memo, mergeValues } from './docs';
import { SchemaNavigator, shapeOf, typeWords, type SchemaSet } from './schemaNavigator';
import type { KeyDoc, SourceLink, ValueDoc, Vocabulary } from './types';

/** docker/cli tag the vendored loader data and v3 schemas come from (read from the data's source link). */
const CLI_TAG = /\/blob\/(v[\d.]+)\//.exec(loaderProps.source)?.[1] ?? 'v27.5.1';
const COMPOSE_SPEC_URL = 'https://github.com/compose-spec/compose-spec/blob/170098ba07d9f53c383a41bfd4c5166b0a4529a6/schema/compose-spec.json';
const DOCS = 'https://docs.docker.com/reference/compose-file/';
const SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;
type Section = (typeof SECTIONS)[number] | 'services';

const navigators = new Map<string, SchemaNavigator>();
function navigator(name: string): SchemaNavigator {
  let nav = navigators.get(name);
  if (!nav) {
    const schema = name === 'compose' ? composeSpec : stackSchema(name.replace(/^stack-/, ''));
    nav = new SchemaNavigator(() => schema, 'schema.json');
    navigators.set(name, nav);
  }
  return nav;
}

/** The compose file reference page (and heading) for a key path. */
export function composeDocsUrl(path: ValuePath): string | undefined {
  const [top, , key, sub] = path.map(String);
  if (path.length === 1) {
    if (top === 'services' || (SECTIONS as readonly string[]).includes(top)) return `${DOCS}${top}/`;
    if (top === 'version' || top === 'name') return `${DOCS}version-and-name/`;
    return undefined;
  }
  if (path.length < 3) return undefined;
  if (top === 'services') {
    if ((key === 'deploy' || key === 'build' || key === 'develop') && sub !== undefined && !/^\d+$/.test(sub)) return `${DOCS}${key}/#${sub}`;
    return `${DOCS}services/#${key}`;
  }
  if ((SECTIONS as readonly string[]).includes(top)) return `${DOCS}${top}/#${key}`;
  return undefined;
}

interface TableEntry {
  pattern: string;
  values: readonly string[];
  source: string;
  defaultValue?: string;
  describe?: (v: string) => string | undefined;
}

const MODE = SWARM.deployMode;
const VALUE_TABLE: TableEntry[] = [
  {
    pattern: 'services.*.deploy.mode',
    values: MODE.values,
    source: MODE.source,
    defaultValue: MODE.default,
    describe: (v) =>
      [
        MODE.jobs.includes(v) ? 'a job: tasks run to completion, no `update_config`' : 'a service: tasks run until stopped',
        MODE.replicasForbidden.includes(v) ? 'one task per node, `replicas` not allowed' : 'runs `replicas` tasks',
      ].join('; '),
  },
  {
    pattern: 'services.*.deploy.endpoint_mode',
    values: SWARM.endpointMode.values,
    source: SWARM.endpointMode.source,
    defaultValue: SWARM.endpointMode.default,
  },
  {
    pattern: 'services.*.deploy.update_config.failure_action',
    values: SWARM.failureAction.values,
    source: SWARM.failureAction.source,
    defaultValue: SWARM.failureAction.default,
  },
  {
    pattern: 'services.*.deploy.rollback_config.failure_action',
    values: SWARM.failureAction.values,
    source: SWARM.failureAction.source,
    defaultValue: SWARM.failureAction.default,
  },
  {
    pattern: 'services.*.deploy.restart_policy.condition',
    values: SWARM.restartCondition.values,
    source: SWARM.restartCondition.source,
    defaultValue: SWARM.restartCondition.default,
  },
  { pattern: 'services.*.restart', values: SWARM.legacyRestart.values, source: SWARM.legacyRestart.source },
  { pattern: 'services.*.ports.*.protocol', values: SWARM.ports.protocols, source: SWARM.ports.source },
  { pattern: 'services.*.ports.*.mode', values: SWARM.ports.modes, source: SWARM.ports.source },
];

const P = SWARM.placement;
/** What each placement constraint key matches (swarmkit manager/constraint/constraint.go NodeMatches). */
const CONSTRAINT_KEY_DOCS: Record<string, string> = {
  'node.id': 'the node ID',
  'node.hostname': 'the node hostname',
  'node.ip': 'the node IP address, or a CIDR range containing it',
  'node.role': `the node role: ${P.roles.map((r) => `\`${r}\``).join(' or ')}`,
  'node.platform.os': 'the node operating system, as `docker node inspect` reports it (e.g. `linux`)',
  'node.platform.arch': 'the node architecture, as `docker node inspect` reports it (e.g. `x86_64`, `aarch64`)',
  'node.labels.': 'a node label set with `docker node update --label-add`',
  'engine.labels.': 'a Docker Engine label (dockerd `labels`)',
};

function tableFor(path: ValuePath): TableEntry | undefined {
  return VALUE_TABLE.find((e) => pathMatches(e.pattern, path));
}

/** Names defined in the document, read from the loaded value or, when it did not load, from the AST. */
class DocumentNames {
  private readonly cache = new Map<Section, string[]>();
  constructor(private readonly model: YamlModel | undefined) {}

  of(section: Section): string[] {
    let names = this.cache.get(section);
    if (!names) {
      names = [];
      const value = this.model?.value;
      const root = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
      const sec = root?.[section];
      if (sec && typeof sec === 'object' && !Array.isArray(sec)) names = Object.keys(sec);
      else if (!root && this.model?.doc) {
        const loc = locate(this.model, [section]);
        if (!loc.partial && isMap(loc.value))
          names = (loc.value.items as Pair[]).filter((p) => isScalar(p.key)).map((p) => String((p.key as { value: unknown }).value));
      }
      this.cache.set(section, names);
    }
    return names;
  }
}

export type ComposeKind = 'stack' | 'compose';

/** The version a stack file's schema is chosen by (docker/cli schema.Version). */
export function stackVersionOf(model: YamlModel | undefined, text: string): string {
  const value = model?.value;
  let v: string | undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) v = stackFileVersion(value as Record<string, unknown>);
  else v = /^version:\s*["']?([\w.]+)/m.exec(text)?.[1];
  return v && STACK_VERSIONS.includes(v) ? v : LATEST_STACK_VERSION;
}

const keyDocCache = new Map<string, KeyDoc>();

/** Stack files (the v3 schema of their version, swarm's rules) and compose files (the compose-spec). */
export class ComposeVocabulary implements Vocabulary {
  readonly syntax = 'yaml';
  private readonly nav: SchemaNavigator;
  private readonly names: DocumentNames;
  private readonly schemaSource: SourceLink;

  constructor(
    readonly kind: ComposeKind,
    readonly version: string,
    model: YamlModel | undefined,
  ) {
    this.nav = navigator(kind === 'compose' ? 'compose' : `stack-${version}`);
    this.names = new DocumentNames(model);
    this.schemaSource =
      kind === 'compose'
        ? link('compose-spec.json', COMPOSE_SPEC_URL)
        : link(
            `docker/cli config_schema_v${version}.json (${CLI_TAG})`,
            `https://github.com/docker/cli/blob/${CLI_TAG}/cli/compose/schema/data/config_schema_v${version}.json`,
          );
  }

  keys(path: ValuePath): KeyDoc[] {
    const special = this.specialKeys(path);
    if (special) return special;
    const set = this.nav.at(path);
    const out: KeyDoc[] = [];
    for (const name of this.nav.properties(set).keys()) {
      const doc = this.keyDocAt(path, name, set);
      if (doc) out.push(doc);
    }
    return out;
  }

  describe(path: ValuePath): KeyDoc | undefined {
    if (!path.length) return undefined;
    const name = path[path.length - 1];
    const parent = path.slice(0, -1);
    if (typeof name === 'number') return undefined;
    const special = this.specialKeys(parent)?.find((k) => k.name === name);
    if (special) return special;
    return this.keyDocAt(parent, name, this.nav.at(parent));
  }

  values(path: ValuePath, prefix: string): ValueDoc[] {
    const set = this.nav.at(path);
    const info = this.nav.info(set);
    const entry = tableFor(path);
    let out: ValueDoc[] = entry
      ? entry.values.map((v) => ({
          value: v,
          kind: 'enum' as const,
          description: [entry.describe?.(v), v === entry.defaultValue ? 'the default' : undefined].filter(Boolean).join('; ') || undefined,
        }))
      : [];
    out = mergeValues(out, enumValueDocs(info.enumValues));
    if (this.kind === 'stack' && path.length === 1 && path[0] === 'version') {
      out = mergeValues(
        out,
        [...STACK_VERSIONS].reverse().map((v) => ({
          value: v,
          kind: 'enum' as const,
          description: v === LATEST_STACK_VERSION ? 'the latest (also what a missing version means)' : undefined,
        })),
      );
    }
    if (info.types.includes('boolean')) out = mergeValues(out, BOOLEAN_VALUES);
    return mergeValues(out, this.referenceValues(path, prefix));
  }

  /** Names defined elsewhere in the file, constraint expressions, label prefixes. */
  private referenceValues(path: ValuePath, prefix: string): ValueDoc[] {
    const p = path.map(String);
    if (p[0] !== 'services' || p.length < 4) return [];
    const svc = p[1];
    const rest = p.slice(2);
    const item = typeof path[path.length - 1] === 'number';
    const ref = (section: Section, description: string) =>
      this.names
        .of(section)
        .filter((n) => section !== 'services' || n !== svc)
        .map((n) => ({ value: n, kind: 'reference' as const, description }));
    const is = (pattern: string) => pathMatches(pattern, rest);
    if (is('networks.*') && item)
      return [
        ...ref('networks', 'network defined under `networks`'),
        { value: SWARM.references.defaultNetwork, kind: 'reference' as const, description: 'the stack’s implicit default network', sortLast: true },
      ];
    if ((is('secrets.*') && item) || is('secrets.*.source')) return ref('secrets', 'secret defined under `secrets`');
    if ((is('configs.*') && item) || is('configs.*.source')) return ref('configs', 'config defined under `configs`');
    if (is('volumes.*.source')) return ref('volumes', 'volume defined under `volumes`');
    if (is('volumes.*') && item)
      return this.names.of('volumes').map((n) => ({
        value: `${n}:`,
        label: n,
        kind: 'snippet' as const,
        insert: `${n}:\${1:/path/in/container}`,
        description: 'named volume defined under `volumes`',
      }));
    if (is('depends_on.*') && item) return ref('services', 'service of this file');
    if (is('deploy.placement.constraints.*')) return constraintValues(prefix);
    if (is('deploy.placement.preferences.*.spread')) {
      return P.spreadPrefixes.map((pre) => ({
        value: pre,
        label: `${pre}<label>`,
        kind: 'snippet' as const,
        insert: `${pre}\${1:label}`,
        description: CONSTRAINT_KEY_DOCS[pre],
      }));
    }
    return [];
  }

  /** Maps whose keys are names: ulimits, a service's networks, depends_on. */
  private specialKeys(path: ValuePath): KeyDoc[] | undefined {
    const p = path.map(String);
    if (p.length !== 3 || p[0] !== 'services') return undefined;
    const src = [link(SWARM.ulimits.source)];
    if (p[2] === 'ulimits') {
      return SWARM.ulimits.names.map((n) =>
        keyDoc(n, {
          type: 'integer | object',
          description: `Limit \`RLIMIT_${n.toUpperCase()}\`: one number, or \`soft\` and \`hard\`.`,
          shape: 'scalar',
          sources: src,
        }),
      );
    }
    if (p[2] === 'networks')
      return this.names
        .of('networks')
        .map((n) => keyDoc(n, { type: 'object | null', description: `Network \`${n}\` defined under \`networks\`.`, shape: 'object', sources: [] }));
    if (p[2] === 'depends_on' && this.kind === 'compose')
      return this.names
        .of('services')
        .filter((n) => n !== p[1])
        .map((n) => keyDoc(n, { type: 'object', description: `Service \`${n}\`.`, shape: 'object', sources: [] }));
    return undefined;
  }

  private keyDocAt(parent: ValuePath, name: string, parentSet: SchemaSet): KeyDoc | undefined {
    const norm = parent.map((s, i) =>
      typeof s === 'number' ? '#' : i === 1 && parent[0] !== undefined && ['services', ...SECTIONS].includes(String(parent[0])) ? '*' : s,
    );
    const cacheKey = `${this.kind}-${this.version}|${parentSet.id}|${norm.join('\u0001')}|${name}`;
    const cached = keyDocCache.get(cacheKey);
    if (cached) return cached;
    const doc = this.buildKeyDoc(parent, name, parentSet, norm);
    if (doc) memo(keyDocCache, cacheKey, () => doc);
    return doc;
  }

  private buildKeyDoc(parent: ValuePath, name: string, parentSet: SchemaSet, norm: ValuePath): KeyDoc | undefined {
    const path = [...parent, name];
    const serviceLevel = this.kind === 'stack' && parent.length === 2 && parent[0] === 'services';
    const declared = this.nav.properties(parentSet).has(name);
    const set = this.nav.child(parentSet, name);
    const forbidden = serviceLevel ? (loaderProps.forbidden as Record<string, string>)[name] : undefined;
    // Entries of maps are only described at the top (a service, a network…), not labels or environment.
    if (!declared && !forbidden && (!set.locs.length || !this.nav.isMap(parentSet) || parent.length > 1)) return undefined;
    const info = this.nav.info(set);
    const type = typeWords(info);
    let description = info.description;
    let descriptionFrom: string | undefined;
    if (!description && this.kind === 'stack') {
      const compose = navigator('compose');
      description = compose.info(compose.at(path)).description;
      if (description) descriptionFrom = 'the Compose Specification';
    }
    const entry = tableFor(path);
    const values = [...(entry?.values ?? []), ...enumValueDocs(info.enumValues).map((v) => v.value)];
    const docsUrl = composeDocsUrl(path);
    const sources: SourceLink[] = [this.schemaSource];
    if (descriptionFrom) sources.push(link('compose-spec.json', COMPOSE_SPEC_URL));
    if (entry) sources.push(link(entry.source));
    if (docsUrl) sources.push(link('Compose file reference', docsUrl));
    const doc = keyDoc(name, {
      type,
      description: description ?? generatedDescription([...norm, name], type),
      descriptionFrom,
      values: [...new Set(values)].map((v) => ({ value: v, kind: 'enum' })),
      shape: shapeOf(info),
      required: this.nav.required(parentSet).has(name),
      sources,
    });
    if (serviceLevel) this.addLoaderNotes(doc, name, forbidden);
    return doc;
  }

  /** What `docker stack deploy` does with a service key (docker-cli-loader-properties.json). */
  private addLoaderNotes(doc: KeyDoc, name: string, forbidden: string | undefined): void {
    const deprecated = (loaderProps.deprecated as Record<string, string>)[name];
    const silent = (loaderProps.silentlyIgnored as Record<string, string>)[name];
    const notes: string[] = [];
    if (forbidden) {
      notes.push(`**Forbidden in stack files**: \`docker stack deploy\` refuses the file. ${forbidden}`);
      doc.hidden = true;
    } else if (loaderProps.unsupported.includes(name)) {
      notes.push(`**Ignored by swarm**: \`docker stack deploy\` prints "Ignoring unsupported options: ${name}".`);
      if (name === 'restart') notes.push('When `deploy.restart_policy` is absent, stack deploy still turns it into the restart policy.');
      doc.sortLast = true;
    } else if (deprecated) {
      notes.push(`**Ignored by swarm**: stack deploy drops it as deprecated. ${deprecated}`);
      doc.sortLast = true;
    } else if (silent) {
      notes.push(`**Ignored by swarm** without any message: ${silent}.`);
      doc.sortLast = true;
    }
    if (notes.length) {
      doc.notes = notes;
      doc.sources = [...doc.sources, link(`docker/cli cli/compose/types/types.go (${CLI_TAG})`, loaderProps.source)];
    }
  }
}

/** Placement constraint items: key snippets, then values once an operator is typed. */
function constraintValues(prefix: string): ValueDoc[] {
  const typed = /^(\S*?)\s*(==|!=)\s*(\S*)$/.exec(prefix);
  if (typed) {
    const head = prefix.slice(0, prefix.length - typed[3].length);
    if (typed[1] === 'node.role') return P.roles.map((r) => ({ value: `${head}${r}`, label: r, kind: 'enum' as const, description: `${r} nodes` }));
    return [];
  }
  const keys = P.keys.map((k) => ({
    value: `${k} == `,
    label: k,
    kind: 'snippet' as const,
    insert: k === 'node.role' ? `node.role \${1|==,!=|} \${2|${P.roles.join(',')}|}` : `${k} \${1|==,!=|} \${2}`,
    description: `Matches ${CONSTRAINT_KEY_DOCS[k] ?? k}.`,
  }));
  const labels = P.labelPrefixes.map((pre) => ({
    value: pre,
    label: `${pre}<label>`,
    kind: 'snippet' as const,
    insert: `${pre}\${1:label} \${2|==,!=|} \${3:value}`,
    description: `Matches ${CONSTRAINT_KEY_DOCS[pre]}.`,
  }));
  return [...keys, ...labels];
}

export function composeVocabulary(kind: ComposeKind, model: YamlModel | undefined, text: string): ComposeVocabulary {
  return new ComposeVocabulary(kind, kind === 'stack' ? stackVersionOf(model, text) : 'spec', model);
}
