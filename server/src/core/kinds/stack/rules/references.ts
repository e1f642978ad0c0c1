import { defineRule } from '../../../rules/registry';
import { nearest } from '../../../text/nearest';
import type { Range } from '../../../types';
import { collectStackReferences, serviceReferences, STACK_SECTIONS, type StackReference, type StackSection } from '../../../navigation/stackReferences';
import { asMap, type StackCheck, type StackContext } from '../context';
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

type Section = StackSection;
const SECTIONS = STACK_SECTIONS;
const SINGULAR: Record<Section, string> = { networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };
const UNUSED_EFFECT: Record<Section, string> = {
  networks: 'stack deploy does not create it',
  volumes: 'no task ever mounts it',
  secrets: 'stack deploy still creates it',
  configs: 'stack deploy still creates it',
};
const DEFAULT_NETWORK = SWARM.references.defaultNetwork;

/** The range that carries a reference's name. */
const rangeOf = (ctx: StackContext, r: StackReference): Range => (r.at === 'key' ? ctx.keyRange(r.path) : ctx.valueRange(r.path));

/** An undefined reference is the service's own result (it reads only the top-level section): kept per service. */
function checkServiceRefs(ctx: StackContext, refs: readonly StackReference[]): void {
  for (const ref of refs) {
    const top = ctx.config[ref.section];
    const defined = asMap(top);
    if (top !== undefined && top !== null && !defined) continue; // wrong shape: the schema reported it
    const names = Object.keys(defined ?? {});
    if (names.includes(ref.name) || (ref.section === 'networks' && ref.name === DEFAULT_NETWORK)) continue;
    const kind = SINGULAR[ref.section];
    const suggestion = nearest(ref.name, names);
    const known = names.length ? `defined ${ref.section}: ${names.map((n) => `"${n}"`).join(', ')}` : `the file defines no top-level ${ref.section}`;
    ctx.report(
      undefinedReferenceRule,
      rangeOf(ctx, ref),
      `undefined ${kind} "${ref.name}": ${ref.where} refers to a ${kind} missing from the top-level \`${ref.section}:\` (${known})${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      {
        data: { kind, name: ref.name, defined: names, ...(suggestion ? { suggestion } : {}) },
      },
    );
  }
}

export const checkReferences: StackCheck = (ctx) => {
  // Cross-service results (what is used anywhere) come from the per-service summaries.
  const { refs, opaque, implicitDefault } = collectStackReferences(ctx.config);
  const used = new Map<Section, Set<string>>(SECTIONS.map((s) => [s, new Set()]));
  if (implicitDefault) used.get('networks')!.add(DEFAULT_NETWORK);
  for (const ref of refs) used.get(ref.section)!.add(ref.name);
  ctx.eachService('references', (name, svc) => checkServiceRefs(ctx, serviceReferences(name, svc).refs));
  // A service we cannot read may use anything: no unused hints then.
  const svcMap = asMap(ctx.config.services);
  if (ctx.config.services !== undefined && (!svcMap || !Object.values(svcMap).every((v) => asMap(v)))) return;
  for (const section of SECTIONS) {
    if (opaque.has(section)) continue;
    const defined = asMap(ctx.config[section]);
    for (const name of Object.keys(defined ?? {})) {
      if (used.get(section)!.has(name)) continue;
      ctx.report(
        unusedDefinitionRule,
        ctx.keyRange([section, name]),
        `${SINGULAR[section]} "${name}" is defined but no service uses it (${UNUSED_EFFECT[section]})`,
        {
          tags: ['unnecessary'],
          data: { kind: SINGULAR[section], name },
        },
      );
    }
  }
};
