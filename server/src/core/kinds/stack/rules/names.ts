import { defineRule } from '../../../rules/registry';
import { annotationNameProblem, ASSUMED_STACK_NAME_LENGTH, configOrSecretNameProblem, NAME_MESSAGES, scopedName } from '../../../stackModel/names';
import type { ValuePath } from '../../../yaml/yamlDocument';
import { asMap, entries, type StackCheck, type StackContext } from '../context';
import { isExternal } from './common';
import { mountedVolumeKeys } from './volumeUse';

const SWARMKIT_NAMES = 'moby/swarmkit manager/controlapi/common.go validateAnnotations';

export const serviceNameRule = defineRule({
  code: 'stack-service-name',
  kinds: ['stack'],
  severity: 'error',
  description:
    'A service whose swarm name `<stack>_<key>` is not a DNS name component or is over 63 characters (stack name from `# swarm-pilot: stack NAME`, else an assumed 8 characters).',
  source: `${SWARMKIT_NAMES}, called by manager/controlapi/service.go validateServiceSpec (vendored in moby v27.5.1)`,
});

export const objectNameRule = defineRule({
  code: 'stack-object-name',
  kinds: ['stack'],
  severity: 'error',
  description: 'A network, secret or config that stack deploy would create under a name the Engine refuses (`name:` or `<stack>_<key>`).',
  source: `${SWARMKIT_NAMES}, validateConfigOrSecretAnnotations (vendored in moby v27.5.1); moby api/server/router/network/network_routes.go postNetworkCreate (v27.5.1)`,
});

/** The stack name to measure with, and how to show it when the file does not say. */
function stackOf(ctx: StackContext): { name: string; shown: (full: string) => string; assumed: boolean } {
  if (ctx.stackName) return { name: ctx.stackName, shown: (full) => full, assumed: false };
  const name = 's'.repeat(ASSUMED_STACK_NAME_LENGTH);
  return { name, shown: (full) => `<stack>${full.slice(name.length)}`, assumed: true };
}

const ASSUMED_NOTE = `with an assumed ${ASSUMED_STACK_NAME_LENGTH}-character stack name; set the real one with a \`# swarm-pilot: stack NAME\` comment for an exact check`;

export const checkServiceNames: StackCheck = (ctx) => {
  const stack = stackOf(ctx);
  ctx.eachService('service-names', (key, _svc) => {
    const full = scopedName(stack.name, key);
    const problem = annotationNameProblem(full);
    if (!problem) return;
    const what =
      problem === NAME_MESSAGES.dns
        ? `service "${stack.shown(full)}": letters, digits, - and _ only, starting and ending with a letter or digit; rename the service, e.g. "${key.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '')}"`
        : `"${stack.shown(full)}" is ${full.length} characters${stack.assumed ? ` ${ASSUMED_NOTE}` : ''}; shorten the service name or the stack name`;
    ctx.report(serviceNameRule, ctx.keyRange(['services', key]), `${problem} (${what})`, { data: { name: full } });
  });
};

/** What stack deploy names a top-level object: its `name:` when set, else `<stack>_<key>`; where to point. */
function objectName(
  ctx: StackContext,
  section: string,
  key: string,
  def: Record<string, unknown>,
  stack: string,
): { name: string; path: ValuePath; explicit: boolean } {
  const explicit = typeof def.name === 'string' && def.name !== '';
  return explicit ? { name: def.name as string, path: [section, key, 'name'], explicit } : { name: scopedName(stack, key), path: [section, key], explicit };
}

/** Drivers whose networks stack deploy creates through the swarm (the default `overlay`). */
const swarmCreated = (def: Record<string, unknown>) => def.driver === undefined || def.driver === null || def.driver === 'overlay';

export const checkObjectNames: StackCheck = (ctx) => {
  const stack = stackOf(ctx);
  for (const [key, raw] of entries(ctx.config.networks)) {
    const def = asMap(raw) ?? {};
    if (isExternal(def)) continue;
    const { name, path, explicit } = objectName(ctx, 'networks', key, def, stack.name);
    const range = explicit ? ctx.valueRange(path) : ctx.keyRange(path);
    if (name.trim() === '') {
      ctx.report(
        objectNameRule,
        range,
        `invalid name: name is empty (stack deploy creates network "${name}": the Engine refuses a blank network name and the stack is left half-deployed; give it a name or remove \`name:\`)`,
        { data: { name } },
      );
      continue;
    }
    const problem = swarmCreated(def) ? annotationNameProblem(name) : undefined;
    if (!problem) continue;
    const shown = explicit ? name : stack.shown(name);
    const why =
      problem === NAME_MESSAGES.dns
        ? 'use letters, digits, - and _ only, starting and ending with a letter or digit'
        : `it is ${name.length} characters${!explicit && stack.assumed ? ` ${ASSUMED_NOTE}` : ''}; use at most 63`;
    ctx.report(
      objectNameRule,
      range,
      `${problem} (stack deploy creates network "${shown}": the Engine refuses it and the stack is left half-deployed; ${why})`,
      { data: { name } },
    );
  }
  for (const section of ['secrets', 'configs'] as const) {
    for (const [key, raw] of entries(ctx.config[section])) {
      const def = asMap(raw) ?? {};
      if (isExternal(def)) continue;
      const { name, path, explicit } = objectName(ctx, section, key, def, stack.name);
      const problem = configOrSecretNameProblem(name);
      if (!problem) continue;
      const shown = explicit ? name : stack.shown(name);
      const note = !explicit && stack.assumed && name.length > 64 ? ` (${name.length} characters ${ASSUMED_NOTE})` : '';
      ctx.report(
        objectNameRule,
        explicit ? ctx.valueRange(path) : ctx.keyRange(path),
        `${problem} (stack deploy creates ${section === 'secrets' ? 'secret' : 'config'} "${shown}"${note}: the Engine refuses it and the stack is left half-deployed; choose a name of letters, digits, -, _ and .)`,
        { data: { name } },
      );
    }
  }
};

export const volumeNameRule = defineRule({
  code: 'stack-volume-name',
  kinds: ['stack'],
  severity: 'warning',
  description:
    'A mounted volume whose `name:` the `local` driver refuses (one character, or characters outside `[a-zA-Z0-9_.-]`): the service is created and every task fails creating the volume.',
  source: 'moby volume/local/local.go validateName, daemon/names/names.go RestrictedNamePattern (v27.5.1)',
});

/** moby's names.RestrictedNamePattern, which the local volume driver requires. */
const LOCAL_VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** validateName of the local driver: its message, or undefined when the name is valid. */
export function localVolumeNameProblem(name: string): string | undefined {
  if ([...name].length === 1) return 'volume name is too short, names should be at least two alphanumeric characters';
  if (!LOCAL_VOLUME_NAME.test(name))
    return `${JSON.stringify(name)} includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
  return undefined;
}

export const checkVolumeNames: StackCheck = (ctx) => {
  // `<stack>_<key>` is always valid (the schema restricts keys); only an explicit `name:` can be refused, and only
  // when a task mounts it (stack deploy creates no volume; the node creates it for the task).
  for (const key of mountedVolumeKeys(ctx)) {
    const def = asMap(asMap(ctx.config.volumes)?.[key]);
    if (!def || isExternal(def) || typeof def.name !== 'string' || def.name === '' || def.name.includes('{{')) continue;
    const driver = def.driver;
    if (driver !== undefined && driver !== null && driver !== '' && driver !== 'local') continue;
    const problem = localVolumeNameProblem(def.name);
    if (!problem) continue;
    ctx.report(
      volumeNameRule,
      ctx.valueRange(['volumes', key, 'name']),
      `${problem} (the service is created, then every task mounting it fails creating the volume on its node; use letters, digits, _, . and -, at least two characters)`,
      { data: { name: def.name } },
    );
  }
};
