import { defineRule } from '../../../rules/registry';
import { nearest } from '../../../text/nearest';
import type { Range } from '../../../types';
import { parseVolumeSpec } from '../loader/volumeSpec';
import { asMap, services, type StackCheck, type StackContext } from '../context';
import { SWARM } from './common';

export const undefinedReferenceRule = defineRule({
  code: 'stack-undefined-reference',
  kinds: ['stack'],
  severity: 'error',
  description: 'A service uses a network, volume, secret or config that the top-level section does not define ("undefined network …").',
  source: 'docker/cli cli/compose/convert/service.go convertServiceNetworks/Secrets/ConfigObjs, convert/volume.go (v27.5.1)',
});

export const unusedDefinitionRule = defineRule({
  code: 'stack-unused-definition',
  kinds: ['stack'],
  severity: 'hint',
  description: 'A top-level network, volume, secret or config that no service uses.',
  source: 'docker/cli cli/command/stack/swarm/deploy_composefile.go, cli/compose/convert (v27.5.1)',
});

type Section = 'networks' | 'volumes' | 'secrets' | 'configs';
const SECTIONS: readonly Section[] = ['networks', 'volumes', 'secrets', 'configs'];
const SINGULAR: Record<Section, string> = { networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };
const UNUSED_EFFECT: Record<Section, string> = {
  networks: 'stack deploy does not create it',
  volumes: 'no task ever mounts it',
  secrets: 'stack deploy still creates it',
  configs: 'stack deploy still creates it',
};
const DEFAULT_NETWORK = SWARM.references.defaultNetwork;

interface Ref {
  section: Section;
  name: string;
  /** Computed only when reported: most references resolve. */
  range: () => Range;
  where: string;
}

/**
 * Every reference a service makes, as convert.Service resolves them. `opaque`: sections some service
 * wrote in a shape we cannot read (no unused hints then); `implicitDefault`: a service without networks
 * joins the stack's `default` network.
 */
function collect(ctx: StackContext): { refs: Ref[]; opaque: Set<Section>; implicitDefault: boolean } {
  const refs: Ref[] = [];
  let implicitDefault = false;
  const opaque = new Set<Section>();
  const add = (section: Section, name: string, range: () => Range, where: string) => refs.push({ section, name, range, where });
  for (const [svcName, svc] of services(ctx)) {
    const at = (...p: (string | number)[]) => ['services', svcName, ...p];
    const where = (key: string) => `services.${svcName}.${key}`;

    const nets = svc.networks;
    const netMap = asMap(nets);
    if (Array.isArray(nets)) {
      nets.forEach((n, i) => typeof n === 'string' && add('networks', n, () => ctx.valueRange(at('networks', i)), where('networks')));
    } else if (netMap) {
      for (const n of Object.keys(netMap)) add('networks', n, () => ctx.keyRange(at('networks', n)), where('networks'));
    } else if (nets !== undefined && nets !== null) opaque.add('networks');
    if (!(Array.isArray(nets) ? nets.length : netMap ? Object.keys(netMap).length : 0)) implicitDefault = true;

    if (Array.isArray(svc.volumes)) {
      svc.volumes.forEach((v, i) => {
        if (typeof v === 'string') {
          const parsed = parseVolumeSpec(v);
          if ('volume' in parsed && parsed.volume.type === 'volume' && parsed.volume.source) add('volumes', parsed.volume.source, () => ctx.valueRange(at('volumes', i)), where('volumes'));
          return;
        }
        const m = asMap(v);
        if (!m || typeof m.source !== 'string' || m.source === '') return;
        const named = m.type === 'volume' || m.type === '' || (m.type === 'cluster' && !m.source.startsWith(SWARM.references.clusterGroupPrefix));
        if (named) add('volumes', m.source, () => ctx.valueRange(at('volumes', i, 'source')), where('volumes'));
      });
    } else if (svc.volumes !== undefined && svc.volumes !== null) opaque.add('volumes');

    for (const section of ['secrets', 'configs'] as const) {
      const list = svc[section];
      if (!Array.isArray(list)) {
        if (list !== undefined && list !== null) opaque.add(section);
        continue;
      }
      list.forEach((item, i) => {
        if (typeof item === 'string') add(section, item, () => ctx.valueRange(at(section, i)), where(section));
        const m = asMap(item);
        if (m) add(section, typeof m.source === 'string' ? m.source : '', () => ctx.valueRange(typeof m.source === 'string' ? at(section, i, 'source') : at(section, i)), where(section));
      });
    }
    const credConfig = asMap(svc.credential_spec)?.config;
    if (typeof credConfig === 'string' && credConfig !== '') add('configs', credConfig, () => ctx.valueRange(at('credential_spec', 'config')), where('credential_spec.config'));
  }
  return { refs, opaque, implicitDefault };
}

export const checkReferences: StackCheck = (ctx) => {
  const { refs, opaque, implicitDefault } = collect(ctx);
  const used = new Map<Section, Set<string>>(SECTIONS.map((s) => [s, new Set()]));
  if (implicitDefault) used.get('networks')!.add(DEFAULT_NETWORK);
  for (const ref of refs) {
    used.get(ref.section)!.add(ref.name);
    const top = ctx.config[ref.section];
    const defined = asMap(top);
    if (top !== undefined && top !== null && !defined) continue; // wrong shape: the schema reported it
    const names = Object.keys(defined ?? {});
    if (names.includes(ref.name) || (ref.section === 'networks' && ref.name === DEFAULT_NETWORK)) continue;
    const kind = SINGULAR[ref.section];
    const suggestion = nearest(ref.name, names);
    const known = names.length ? `defined ${ref.section}: ${names.map((n) => `"${n}"`).join(', ')}` : `the file defines no top-level ${ref.section}`;
    ctx.report(undefinedReferenceRule, ref.range(), `undefined ${kind} "${ref.name}": ${ref.where} refers to a ${kind} missing from the top-level \`${ref.section}:\` (${known})${suggestion ? `; did you mean "${suggestion}"?` : ''}`, {
      data: { kind, name: ref.name, defined: names, ...(suggestion ? { suggestion } : {}) },
    });
  }
  // A service we cannot read may use anything: no unused hints then.
  const svcMap = asMap(ctx.config.services);
  if (ctx.config.services !== undefined && (!svcMap || !Object.values(svcMap).every((v) => asMap(v)))) return;
  for (const section of SECTIONS) {
    if (opaque.has(section)) continue;
    const defined = asMap(ctx.config[section]);
    for (const name of Object.keys(defined ?? {})) {
      if (used.get(section)!.has(name)) continue;
      ctx.report(unusedDefinitionRule, ctx.keyRange([section, name]), `${SINGULAR[section]} "${name}" is defined but no service uses it (${UNUSED_EFFECT[section]})`, {
        tags: ['unnecessary'],
        data: { kind: SINGULAR[section], name },
      });
    }
  }
};
