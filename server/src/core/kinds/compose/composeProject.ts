import { dirname, isAbsolute, join, resolve } from 'node:path';
import { collectStackReferences } from '../../navigation/stackReferences';
import { defineRule } from '../../rules/registry';
import type { ValuePath } from '../../yaml/yamlDocument';
import { checkAliasWalk } from './composeAliases';
import { checkDependencyCycles, dependencyEdges } from './composeDependencies';
import { COMPOSE_CONSISTENCY_CHECKS } from './composeConsistency';
import { asMap, services, type StackCheck, type StackContext } from '../stack/context';
import { checkExternalConflicts, checkNonStringKeys } from '../stack/loader/loaderChecks';

// The project checks `docker compose config` makes after the schema (compose-go v2 loader: ModelToProject,
// checkConsistency; compose 2.40.3), for what one file decides on its own.
const COMPOSE_GO =
  'compose-spec/compose-go v2 loader/validate.go checkConsistency, loader/extends.go, loader/include.go, types/envfile.go (docker compose 2.40.3)';

export const composeMissingImageRule = defineRule({
  code: 'compose-missing-image',
  kinds: ['compose'],
  severity: 'error',
  description: 'A service with neither `image` nor `build` (nor `extends` or `provider`): docker compose refuses the project.',
  source: COMPOSE_GO,
});

export const composeUndefinedReferenceRule = defineRule({
  code: 'compose-undefined-reference',
  kinds: ['compose'],
  severity: 'error',
  description: 'A service uses a network, volume, secret or config the file does not define, or depends on a service it does not have.',
  source: COMPOSE_GO,
});

export const composeFileMissingRule = defineRule({
  code: 'compose-file-missing',
  kinds: ['compose'],
  severity: 'error',
  description: 'An `env_file` (unless `required: false`), `extends.file` or `include` path that does not exist: docker compose reads it and fails.',
  source: COMPOSE_GO,
});

export const composeIncludeCycleRule = defineRule({
  code: 'compose-include-cycle',
  kinds: ['compose'],
  severity: 'error',
  description: 'A file that includes itself (`include`): "include cycle detected".',
  source: COMPOSE_GO,
});

const INVALID = 'invalid compose project';
const SINGULAR = { networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' } as const;

const checkImages: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    // An image that interpolates to "" (an unset variable) counts as none, as in compose-go.
    const image = svc.image !== undefined && svc.image !== null && svc.image !== '';
    if (image || svc.build !== undefined || svc.extends !== undefined || svc.provider !== undefined) continue;
    ctx.report(composeMissingImageRule, ctx.keyRange(['services', name]), `service "${name}" has neither an image nor a build context specified: ${INVALID}`);
  }
};

const checkReferences: StackCheck = (ctx) => {
  const { refs } = collectStackReferences(ctx.config);
  // compose does not resolve credential_spec.config against the top-level configs.
  for (const ref of refs.filter((r) => !r.path.includes('credential_spec'))) {
    const top = ctx.config[ref.section];
    if (top !== undefined && top !== null && !asMap(top)) continue; // wrong shape: the schema reported it
    // compose-go reads `x-` keys of the top-level sections as extensions, not as definitions.
    const defined = Object.hasOwn(asMap(top) ?? {}, ref.name) && !ref.name.startsWith('x-');
    if (ref.name === '' || defined || (ref.section === 'networks' && ref.name === 'default')) continue;
    const svc = ref.where.split('.')[1] ?? '';
    const range = ref.at === 'key' ? ctx.keyRange(ref.path) : ctx.valueRange(ref.path);
    ctx.report(composeUndefinedReferenceRule, range, `service "${svc}" refers to undefined ${SINGULAR[ref.section]} ${ref.name}: ${INVALID}`);
  }
  const names = new Set(services(ctx).map(([n]) => n));
  for (const dep of dependencyEdges(ctx)) {
    if (names.has(dep.to) || !dep.required) continue;
    const range = dep.at === 'key' ? ctx.keyRange(dep.path) : ctx.valueRange(dep.path);
    ctx.report(composeUndefinedReferenceRule, range, `service "${dep.from}" depends on undefined service "${dep.to}": ${INVALID}`);
  }
};

/** Reports a relative or absolute local path that does not exist, in compose's words. */
function missing(ctx: StackContext, file: unknown, path: ValuePath, message: (abs: string) => string): void {
  // git and OCI includes are fetched, not opened.
  if (typeof file !== 'string' || file === '' || !ctx.filePath || /^(\w+:\/\/|git@)/.test(file)) return;
  const abs = isAbsolute(file) ? file : join(dirname(ctx.filePath), file);
  if (!ctx.fs.stat(abs)) ctx.report(composeFileMissingRule, ctx.valueRange(path), message(abs));
}

const checkFiles: StackCheck = (ctx) => {
  const open = (abs: string) => `open ${abs}: no such file or directory`;
  for (const [name, svc] of services(ctx)) {
    const base: ValuePath = ['services', name, 'env_file'];
    const list =
      typeof svc.env_file === 'string'
        ? [[svc.env_file, base] as const]
        : Array.isArray(svc.env_file)
          ? svc.env_file.map((f, i) => [f, [...base, i]] as const)
          : [];
    for (const [f, path] of list) {
      const m = asMap(f);
      if (m && m.required === false) continue;
      missing(ctx, m ? m.path : f, m ? [...path, 'path'] : path, (abs) => `env file ${abs} not found: stat ${abs}: no such file or directory`);
    }
    const ext = asMap(svc.extends);
    if (ext) missing(ctx, ext.file, ['services', name, 'extends', 'file'], open);
  }
  const includes = Array.isArray(ctx.config.include) ? ctx.config.include : [];
  includes.forEach((inc, i) => {
    const m = asMap(inc);
    const paths = m
      ? Array.isArray(m.path)
        ? m.path.map((p, j) => [p, ['include', i, 'path', j]] as const)
        : [[m.path, ['include', i, 'path']] as const]
      : [[inc, ['include', i]] as const];
    for (const [p, path] of paths) missing(ctx, p, path as ValuePath, open);
    // include.go compares each entry's main file with the files being loaded; one file sees its own name only.
    const [main, path] = paths[0] ?? [];
    if (typeof main === 'string' && ctx.filePath && resolve(dirname(ctx.filePath), main) === resolve(ctx.filePath))
      ctx.report(composeIncludeCycleRule, ctx.valueRange(path as ValuePath), `include cycle detected:\n${ctx.filePath}\n include ${ctx.filePath}`);
  });
};

// The loader checks compose-go makes as docker/cli's loader does, with the same conditions.
export const COMPOSE_PROJECT_CHECKS: StackCheck[] = [
  checkAliasWalk,
  checkNonStringKeys,
  checkExternalConflicts,
  checkImages,
  checkReferences,
  checkFiles,
  ...COMPOSE_CONSISTENCY_CHECKS,
  checkDependencyCycles,
];
