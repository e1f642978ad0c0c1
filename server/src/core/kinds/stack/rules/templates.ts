import { defineRule } from '../../../rules/registry';
import { parseVolumeSpec } from '../../../stackModel/volumeSpec';
import type { ValuePath } from '../../../yaml/yamlDocument';
import { asMap, entries, services, type StackCheck, type StackContext } from '../context';
import { mayBeTemplate, swarmTemplateError } from '../swarmTemplate/check';
import { isExternal, listOrMapEntries } from './common';
import { resolveObjectFile } from './fileRefs';
import { mountedVolumeKeys } from './volumeUse';

export const templateRule = defineRule({
  code: 'stack-template',
  kinds: ['stack'],
  severity: 'error',
  description:
    "A swarm `{{ }}` template in an environment value, `hostname`, a mount source/target or a mounted volume's labels/driver_opts that does not parse, or names a field or function swarm's template context does not have: the Engine refuses the service.",
  source:
    'moby/swarmkit template/expand.go ExpandContainerSpec, template/context.go, template/template.go (vendored in moby v27.5.1), called by manager/controlapi/service.go validateContainerSpec',
});

export const templateFileRule = defineRule({
  code: 'stack-template-file',
  kinds: ['stack'],
  severity: 'warning',
  description: 'A `template_driver: golang` secret or config whose file is not a valid swarm template: the service is created and every task using it fails.',
  source: 'moby/swarmkit template/expand.go ExpandSecretSpec, ExpandConfigSpec, template/getter.go (vendored in moby v27.5.1)',
});

/** Go's `%q` for the texts swarmkit quotes (JSON's escaping agrees for printable text). */
const goQuote = (s: string) => JSON.stringify(s);

const REFUSED = 'swarm checks templates when the service is created and refuses it; the stack is left half-deployed';
const HINT = 'swarm templates know .Service.ID/Name/Labels, .Node.ID/Hostname/Platform.OS/Platform.Architecture, .Task.ID/Name/Slot and the function join';
const LABELS_HINT = '; at create time swarm checks against a service with no labels, so read a label with {{index .Service.Labels "KEY"}}';

function report(ctx: StackContext, range: ReturnType<StackContext['valueRange']>, upstream: string, error: string): void {
  const hint = error.includes('map has no entry for key') ? LABELS_HINT : '';
  ctx.report(templateRule, range, `${upstream}: ${error} (${REFUSED}; ${HINT}${hint})`, { data: { error } });
}

/** A mount's source and target texts as convert sends them (a named volume's source is its volume's `name`, checked once per volume). */
function mountTexts(entry: unknown, path: ValuePath): { what: 'source' | 'target'; text: string; path: ValuePath }[] {
  if (typeof entry === 'string') {
    const parsed = parseVolumeSpec(entry);
    if (!('volume' in parsed)) return [];
    const v = parsed.volume;
    return [...(v.type === 'bind' ? [{ what: 'source' as const, text: v.source, path }] : []), { what: 'target' as const, text: v.target, path }];
  }
  const m = asMap(entry);
  if (!m) return [];
  const out: { what: 'source' | 'target'; text: string; path: ValuePath }[] = [];
  const type = m.type === undefined || m.type === null || m.type === '' ? 'volume' : m.type;
  if (typeof m.source === 'string' && type !== 'volume') out.push({ what: 'source', text: m.source, path: [...path, 'source'] });
  if (typeof m.target === 'string') out.push({ what: 'target', text: m.target, path: [...path, 'target'] });
  return out;
}

/** A mounted top-level volume: its `name:` is the mount source; labels and driver_opts of a created one go with it. */
function checkVolume(ctx: StackContext, key: string): void {
  const def = asMap(asMap(ctx.config.volumes)?.[key]);
  if (!def) return;
  const name = def.name;
  if (typeof name === 'string') {
    const error = swarmTemplateError(name);
    if (error) report(ctx, ctx.valueRange(['volumes', key, 'name']), `expanding mounts failed: expanding mount source ${goQuote(name)}`, error);
  }
  if (isExternal(def)) return;
  const maps = [
    ['labels', 'expanding volume labels'],
    ['driver_opts', 'expanding volume driver config'],
  ] as const;
  for (const [field, what] of maps) {
    for (const e of listOrMapEntries(def[field], ['volumes', key, field])) {
      const error = e.value === undefined ? undefined : swarmTemplateError(e.value);
      if (error)
        report(ctx, ctx.valueRange(e.path), `expanding mounts failed: ${what}: expanding map entry ${goQuote(e.key)}=${goQuote(e.value ?? '')}`, error);
    }
  }
}

function checkService(ctx: StackContext, name: string, svc: Record<string, unknown>): void {
  const base = ['services', name];
  for (const e of listOrMapEntries(svc.environment, [...base, 'environment'])) {
    const error = e.value === undefined ? undefined : swarmTemplateError(e.value);
    if (error) report(ctx, ctx.valueRange(e.path), `expanding env failed: expanding env ${goQuote(`${e.key}=${e.value}`)}`, error);
  }
  if (Array.isArray(svc.volumes)) {
    svc.volumes.forEach((entry, i) => {
      for (const m of mountTexts(entry, [...base, 'volumes', i])) {
        const error = swarmTemplateError(m.text);
        if (error) report(ctx, ctx.valueRange(m.path), `expanding mounts failed: expanding mount ${m.what} ${goQuote(m.text)}`, error);
      }
    });
  }
  if (typeof svc.hostname === 'string') {
    const error = swarmTemplateError(svc.hostname);
    if (error) report(ctx, ctx.valueRange([...base, 'hostname']), 'expanding hostname failed', error);
  }
}

/** Keys of `deploy.labels`, which become the service's labels (`.Service.Labels`), plus the stack's own label. */
function serviceLabels(svc: Record<string, unknown>): Set<string> {
  const keys = listOrMapEntries(asMap(svc.deploy)?.labels, []).map((e) => e.key);
  return new Set([...keys, 'com.docker.stack.namespace']);
}

const refersTo = (refs: unknown, key: string) => Array.isArray(refs) && refs.some((r) => r === key || asMap(r)?.source === key);

/** Templated payloads: expanded on the node for every task of every service that uses them. */
function checkPayloads(ctx: StackContext): void {
  if (!ctx.filePath || !ctx.fs.read) return;
  for (const section of ['secrets', 'configs'] as const) {
    const kind = section === 'secrets' ? 'secret' : 'config';
    for (const [key, raw] of entries(ctx.config[section])) {
      const def = asMap(raw);
      if (!def || def.template_driver !== 'golang' || isExternal(def) || typeof def.file !== 'string' || def.file === '') continue;
      const users = services(ctx).filter(([, svc]) => refersTo(svc[section], key));
      if (users.length === 0) continue;
      const text = ctx.fs.read(resolveObjectFile(ctx.filePath, def.file));
      if (text === undefined || !mayBeTemplate(text)) continue;
      // A label is there only if every service using the payload has it.
      const labelSets = users.map(([, svc]) => serviceLabels(svc));
      const labels = new Set([...labelSets[0]].filter((l) => labelSets.every((s) => s.has(l))));
      const error = swarmTemplateError(text, { payload: true, labels });
      if (!error) continue;
      const names = users.map(([n]) => n).join(', ');
      ctx.report(
        templateFileRule,
        ctx.valueRange([section, key, 'file']),
        `failed to expand templated ${kind}: ${error} (in ${def.file}; the service is created, then every task of ${names} fails on its node; payload templates also know the functions secret, config and env)`,
        { data: { error } },
      );
    }
  }
}

export const checkTemplates: StackCheck = (ctx) => {
  ctx.eachService('templates', (name, svc) => checkService(ctx, name, svc));
  for (const key of mountedVolumeKeys(ctx)) checkVolume(ctx, key);
  checkPayloads(ctx);
};
