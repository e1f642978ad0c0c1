import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isScalar, isSeq, visit } from 'yaml';
import { defineRule } from '../../../rules/registry';
import { asMap, entries, services, type StackCheck } from '../context';
import { parseVolumeSpec } from './volumeSpec';

const LOADER = 'docker/cli cli/compose/loader/loader.go (v27.5.1)';

export const nonStringKeyRule = defineRule({
  code: 'stack-non-string-key',
  kinds: ['stack'],
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
  kinds: ['stack'],
  severity: 'error',
  description: '`external` combined with keys the loader refuses beside it (driver, driver_opts, labels, name with external.name, driver with file).',
  source: LOADER,
});

export const envFileRule = defineRule({
  code: 'stack-env-file-missing',
  kinds: ['stack'],
  severity: 'error',
  description: '`env_file` that does not exist: stack deploy reads env files on the client and fails.',
  source: LOADER,
});

/** Non-string keys are checked on the AST: the loaded value has already turned them into strings. The merge key `<<` is a symbol in the AST. */
export const checkNonStringKeys: StackCheck = (ctx) => {
  const doc = ctx.model.doc;
  if (!doc) return;
  visit(doc, {
    Pair(_k, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value !== 'string' && typeof key.value !== 'symbol') {
        const shown = key.value === null ? 'null' : String(key.value);
        ctx.report(nonStringKeyRule, ctx.model.lines.rangeOnOneLine(key.range?.[0] ?? 0, key.range?.[1] ?? 0), `non-string key ${shown}: quote it ("${shown}") so it is a string`, {
          data: { quoted: JSON.stringify(shown) },
        });
      } else if (isMap(key) || isSeq(key)) {
        ctx.report(nonStringKeyRule, ctx.model.lines.rangeOnOneLine(key.range?.[0] ?? 0, key.range?.[1] ?? 0), 'non-string key: a mapping or list cannot be a key');
      }
    },
  });
};

export const checkVolumeSpecs: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    const vols = svc.volumes;
    if (!Array.isArray(vols)) continue;
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
  }
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
          ctx.report(externalConflictRule, at('name'), `${singular} ${name}: ${singular}.external.name and ${singular}.name conflict; only use ${singular}.name`);
        }
      } else if ((section === 'secrets' || section === 'configs') && typeof m.driver === 'string' && m.driver !== '' && typeof m.file === 'string' && m.file !== '') {
        ctx.report(externalConflictRule, at('file'), `${singular} ${name}: ${singular}.driver and ${singular}.file conflict; only use ${singular}.driver`);
      }
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

export const LOADER_CHECKS: StackCheck[] = [checkNonStringKeys, checkVolumeSpecs, checkExternalConflicts, checkEnvFiles];
