import type { ValuePath } from '../yaml/yamlDocument';
import { asMap, entries } from '../kinds/stack/context';
import { parseVolumeSpec } from '../stackModel/volumeSpec';
import { SWARM } from '../kinds/stack/rules/common';

export type StackSection = 'networks' | 'volumes' | 'secrets' | 'configs';
export const STACK_SECTIONS: readonly StackSection[] = ['networks', 'volumes', 'secrets', 'configs'];

/** One place where a service names a top-level network, volume, secret or config. */
export interface StackReference {
  section: StackSection;
  /** The name referred to ('' for a long-syntax secret/config without a string `source`). */
  name: string;
  /** Path of the node that carries the name, in the loaded file. */
  path: ValuePath;
  /** The name is the key at `path` (networks in map form) or the value there. */
  at: 'key' | 'value';
  /** Short volume syntax `name:/path[:mode]`: the name is the first part of the value. */
  shortVolume?: boolean;
  /** `services.<name>.<key>`, for messages. */
  where: string;
}

export interface StackReferences {
  refs: StackReference[];
  /** Sections some service wrote in a shape we cannot read (any name may be used there). */
  opaque: Set<StackSection>;
  /** Some service has no networks: it joins the stack's `default` network. */
  implicitDefault: boolean;
}

/**
 * Every reference a service makes, as docker/cli's convert.Service resolves them (networks in list
 * and map form, named volumes in short and long syntax, secrets and configs in short and long
 * syntax, `credential_spec.config`). Shared by the undefined/unused reference rules and by
 * go-to-definition, find references and rename.
 */
export function collectStackReferences(config: Record<string, unknown>): StackReferences {
  let all = combined.get(config);
  if (!all) combined.set(config, (all = combine(config)));
  return all;
}

/** Per loaded config: several rules and the navigation features ask for the same file's references. */
const combined = new WeakMap<object, StackReferences>();

function combine(config: Record<string, unknown>): StackReferences {
  const refs: StackReference[] = [];
  let implicitDefault = false;
  const opaque = new Set<StackSection>();
  for (const [svcName, raw] of entries(config.services)) {
    const svc = asMap(raw);
    if (!svc) continue;
    const one = serviceReferences(svcName, svc);
    for (const r of one.refs) refs.push(r);
    for (const s of one.opaque) opaque.add(s);
    implicitDefault ||= one.implicitDefault;
  }
  return { refs, opaque, implicitDefault };
}

/** Per-service summaries, kept while the service's loaded value is the same object (an edit elsewhere). */
const summaries = new WeakMap<object, { name: string; result: StackReferences }>();

/** The references one service makes: the summary cross-service rules combine. */
export function serviceReferences(svcName: string, svc: Record<string, unknown>): StackReferences {
  const hit = summaries.get(svc);
  if (hit && hit.name === svcName) return hit.result;
  const result = computeServiceReferences(svcName, svc);
  summaries.set(svc, { name: svcName, result });
  return result;
}

function computeServiceReferences(svcName: string, svc: Record<string, unknown>): StackReferences {
  const refs: StackReference[] = [];
  let implicitDefault = false;
  const opaque = new Set<StackSection>();
  const at = (...p: (string | number)[]) => ['services', svcName, ...p];
  const add = (section: StackSection, name: string, path: ValuePath, pos: 'key' | 'value', key: string, shortVolume?: boolean) =>
    refs.push({ section, name, path, at: pos, where: `services.${svcName}.${key}`, ...(shortVolume ? { shortVolume } : {}) });

  const nets = svc.networks;
  const netMap = asMap(nets);
  if (Array.isArray(nets)) {
    nets.forEach((n, i) => typeof n === 'string' && add('networks', n, at('networks', i), 'value', 'networks'));
  } else if (netMap) {
    for (const n of Object.keys(netMap)) add('networks', n, at('networks', n), 'key', 'networks');
  } else if (nets !== undefined && nets !== null) opaque.add('networks');
  if (!(Array.isArray(nets) ? nets.length : netMap ? Object.keys(netMap).length : 0)) implicitDefault = true;

  if (Array.isArray(svc.volumes)) {
    svc.volumes.forEach((v, i) => {
      if (typeof v === 'string') {
        const parsed = parseVolumeSpec(v);
        if ('volume' in parsed && parsed.volume.type === 'volume' && parsed.volume.source)
          add('volumes', parsed.volume.source, at('volumes', i), 'value', 'volumes', true);
        return;
      }
      const m = asMap(v);
      if (!m || typeof m.source !== 'string' || m.source === '') return;
      const named = m.type === 'volume' || m.type === '' || (m.type === 'cluster' && !m.source.startsWith(SWARM.references.clusterGroupPrefix));
      if (named) add('volumes', m.source, at('volumes', i, 'source'), 'value', 'volumes');
    });
  } else if (svc.volumes !== undefined && svc.volumes !== null) opaque.add('volumes');

  for (const section of ['secrets', 'configs'] as const) {
    const list = svc[section];
    if (!Array.isArray(list)) {
      if (list !== undefined && list !== null) opaque.add(section);
      continue;
    }
    list.forEach((item, i) => {
      if (typeof item === 'string') add(section, item, at(section, i), 'value', section);
      const m = asMap(item);
      if (m)
        add(section, typeof m.source === 'string' ? m.source : '', typeof m.source === 'string' ? at(section, i, 'source') : at(section, i), 'value', section);
    });
  }
  const credConfig = asMap(svc.credential_spec)?.config;
  if (typeof credConfig === 'string' && credConfig !== '') add('configs', credConfig, at('credential_spec', 'config'), 'value', 'credential_spec.config');
  return { refs, opaque, implicitDefault };
}
