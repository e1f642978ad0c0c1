import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { defineRule } from '../../../rules/registry';
import { walkNodes } from '../../../yaml/yamlDocument';
import { asMap, entries, services, type StackCheck } from '../context';
import { parseVolumeSpec } from '../../../stackModel/volumeSpec';

const LOADER = 'docker/cli cli/compose/loader/loader.go (v27.5.1)';

export const nonStringKeyRule = defineRule({
  code: 'stack-non-string-key',
  // docker compose's loader (compose-go) refuses the same.
  kinds: ['stack', 'compose'],
  severity: 'error',
  description: 'A map key that is not a string (a number, boolean or null): the loader refuses it.',
  source: LOADER,
});

export const volumeSpecRule = defineRule({
  code: 'stack-volume-spec',
  kinds: ['stack'],
  severity: 'error',
  description: 'Short volume syntax the loader cannot parse, or a bind mount without a source.',
  source: 'docker/cli cli/compose/loader/volume.go (v27.5.1)',
});

export const externalConflictRule = defineRule({
  code: 'stack-external-conflict',
  // docker compose's loader (compose-go) refuses the same.
  kinds: ['stack', 'compose'],
  severity: 'error',
  description: '`external` combined with keys the loader refuses beside it (driver, driver_opts, labels, name with external.name, driver with file).',
  source: LOADER,
});

export const externalFileRule = defineRule({
  code: 'stack-external-file',
  kinds: ['stack'],
  severity: 'warning',
  description: 'A secret/config with `external` and a `file`: the loader accepts it and silently ignores the file (the existing swarm object is used).',
  source: `${LOADER} loadFileObjectConfig; cli/compose/convert/compose.go (external objects are skipped)`,
});

export const envFileRule = defineRule({
  code: 'stack-env-file-missing',
  kinds: ['stack'],
  severity: 'error',
  description: '`env_file` that does not exist: stack deploy reads env files on the client and fails.',
  source: LOADER,
});

/** Key nodes below a node that are not strings, cached per AST node (unchanged between edits). */
const badKeysCache = new WeakMap<object, Node[]>();

function isBadKey(key: unknown): boolean {
  return (isScalar(key) && typeof key.value !== 'string' && typeof key.value !== 'symbol') || isMap(key) || isSeq(key);
}

function badKeysUnder(node: unknown): Node[] {
  if (!node || typeof node !== 'object') return [];
  let hit = badKeysCache.get(node);
  if (!hit) {
    const found: Node[] = [];
    walkNodes(
      node,
      () => undefined,
      (pair) => {
        if (isBadKey(pair.key)) found.push(pair.key as Node);
      },
    );
    badKeysCache.set(node, (hit = found));
  }
  return hit;
}

/**
 * Non-string keys are checked on the AST: the loaded value has already turned them into strings.
 * The merge key `<<` is a symbol in the AST. Walks are cached per top-level value and per service.
 */
export const checkNonStringKeys: StackCheck = (ctx) => {
  const root = ctx.model.doc?.contents;
  if (!isMap(root)) return;
  const bad: Node[] = [];
  for (const pair of root.items as Pair[]) {
    if (isBadKey(pair.key)) bad.push(pair.key as Node);
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (key === 'services' && isMap(pair.value)) {
      for (const svc of pair.value.items as Pair[]) {
        if (isBadKey(svc.key)) bad.push(svc.key as Node);
        bad.push(...badKeysUnder(svc.value));
      }
    } else bad.push(...badKeysUnder(pair.value));
  }
  for (const key of bad) {
    const range = ctx.model.lines.rangeOnOneLine(key.range?.[0] ?? 0, key.range?.[1] ?? 0);
    if (isScalar(key)) {
      const shown = key.value === null ? 'null' : String(key.value);
      ctx.report(nonStringKeyRule, range, `non-string key ${shown}: quote it ("${shown}") so it is a string`, { data: { quoted: JSON.stringify(shown) } });
    } else ctx.report(nonStringKeyRule, range, 'non-string key: a mapping or list cannot be a key');
  }
};

export const checkVolumeSpecs: StackCheck = (ctx) => {
  ctx.eachService('volume-specs', (name, svc) => {
    const vols = svc.volumes;
    if (!Array.isArray(vols)) return;
    vols.forEach((v, i) => {
      const path = ['services', name, 'volumes', i];
      if (typeof v === 'string') {
        const parsed = parseVolumeSpec(v);
        if ('error' in parsed) ctx.report(volumeSpecRule, ctx.valueRange(path), parsed.error);
      } else {
        const m = asMap(v);
        if (m?.type === 'bind' && (m.source === undefined || m.source === '')) {
          ctx.report(volumeSpecRule, ctx.keyRange([...path, 'type']), 'invalid mount config for type "bind": field Source must not be empty');
        }
      }
    });
  });
};

const externalFlag = (m: Record<string, unknown>) => {
  const ext = m.external;
  if (ext === true) return { external: true, externalName: undefined as string | undefined };
  const em = asMap(ext);
  if (em) return { external: true, externalName: typeof em.name === 'string' ? em.name : undefined };
  return { external: false, externalName: undefined };
};

export const checkExternalConflicts: StackCheck = (ctx) => {
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const singular = section.slice(0, -1);
    for (const [name, raw] of entries(ctx.config[section])) {
      const m = asMap(raw);
      if (!m) continue;
      const { external, externalName } = externalFlag(m);
      const at = (key: string) => ctx.keyRange([section, name, key]);
      if (external) {
        if (section === 'volumes') {
          for (const key of ['driver', 'driver_opts', 'labels']) {
            const val = m[key];
            const set = key === 'driver' ? typeof val === 'string' && val !== '' : val && typeof val === 'object' && Object.keys(val).length > 0;
            if (set) {
              ctx.report(externalConflictRule, at(key), `conflicting parameters "external" and "${key}" specified for volume "${name}"`);
              break;
            }
          }
        }
        if (externalName !== undefined && externalName !== '' && typeof m.name === 'string' && m.name !== '') {
          ctx.report(
            externalConflictRule,
            at('name'),
            `${singular} ${name}: ${singular}.external.name and ${singular}.name conflict; only use ${singular}.name`,
          );
        }
      } else if (
        (section === 'secrets' || section === 'configs') &&
        typeof m.driver === 'string' &&
        m.driver !== '' &&
        typeof m.file === 'string' &&
        m.file !== ''
      ) {
        ctx.report(externalConflictRule, at('file'), `${singular} ${name}: ${singular}.driver and ${singular}.file conflict; only use ${singular}.driver`);
      }
    }
  }
};

/** loadFileObjectConfig's external branch never looks at `file`: it is neither read nor refused (stack mode only). */
export const checkExternalFiles: StackCheck = (ctx) => {
  for (const section of ['secrets', 'configs'] as const) {
    const singular = section.slice(0, -1);
    for (const [name, raw] of entries(ctx.config[section])) {
      const m = asMap(raw);
      if (!m || !externalFlag(m).external || m.file === undefined || m.file === null) continue;
      ctx.report(
        externalFileRule,
        ctx.keyRange([section, name, 'file']),
        `${singular} ${name}: ${singular}.file is ignored because ${singular}.external is set; stack deploy uses the existing ${singular} and never reads the file (remove \`file\`, or \`external\` to create it from the file)`,
        {
          tags: ['unnecessary'],
        },
      );
    }
  }
};

export const checkEnvFiles: StackCheck = (ctx) => {
  if (!ctx.filePath) return;
  const dir = dirname(ctx.filePath);
  for (const [name, svc] of services(ctx)) {
    const list = typeof svc.env_file === 'string' ? [svc.env_file] : Array.isArray(svc.env_file) ? svc.env_file : [];
    list.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const abs = isAbsolute(f) ? f : join(dir, f);
      if (!ctx.fs.stat(abs)) {
        const path = typeof svc.env_file === 'string' ? ['services', name, 'env_file'] : ['services', name, 'env_file', i];
        ctx.report(envFileRule, ctx.valueRange(path), `env_file ${f} does not exist (looked for ${abs}); stack deploy reads it on this machine and fails`);
      }
    });
  }
};

export const LOADER_CHECKS: StackCheck[] = [checkNonStringKeys, checkVolumeSpecs, checkExternalConflicts, checkExternalFiles, checkEnvFiles];
