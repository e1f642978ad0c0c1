import { defineRule } from '../../../rules/registry';
import { scopedName } from '../../../stackModel/names';
import { asMap, type StackCheck, type StackContext } from '../context';
import { isExternal } from './common';

export const duplicateTargetRule = defineRule({
  code: 'stack-duplicate-target',
  kinds: ['stack'],
  severity: 'error',
  description: 'Two `secrets` (or `configs`) entries of one service with the same target (`target` defaults to the source).',
  source:
    'docker/cli cli/command/service/parse.go ParseSecrets, ParseConfigs (v27.5.1), called by cli/compose/convert/service.go; moby/swarmkit manager/controlapi/service.go validateSecretRefsSpec, validateConfigRefsSpec (vendored in moby v27.5.1)',
});

/** The Engine name of a top-level secret/config as convert gives it: `name:`, else the key (external) or `<stack>_<key>`. */
function engineName(ctx: StackContext, section: 'secrets' | 'configs', key: string): string {
  const def = asMap(asMap(ctx.config[section])?.[key]) ?? {};
  if (typeof def.name === 'string' && def.name !== '') return def.name;
  return isExternal(def) ? key : scopedName(ctx.stackName ?? '<stack>', key);
}

export const checkDuplicateTargets: StackCheck = (ctx) => {
  ctx.eachService('duplicate-targets', (svcName, svc) => {
    for (const section of ['secrets', 'configs'] as const) {
      const refs = svc[section];
      if (!Array.isArray(refs)) continue;
      const seen = new Map<string, number>();
      refs.forEach((ref, i) => {
        const m = asMap(ref);
        const source = typeof ref === 'string' ? ref : typeof m?.source === 'string' ? m.source : undefined;
        if (source === undefined) return;
        const hasTarget = typeof m?.target === 'string' && m.target !== '';
        const target = hasTarget ? (m?.target as string) : source;
        const first = seen.get(target);
        if (first === undefined) {
          seen.set(target, i);
          return;
        }
        const path = ['services', svcName, section, i];
        const singular = section === 'secrets' ? 'secret' : 'config';
        ctx.report(
          duplicateTargetRule,
          ctx.valueRange(hasTarget ? [...path, 'target'] : path),
          `duplicate ${singular} target for ${engineName(ctx, section, source)} not allowed (${section}[${i}] has the same target "${target}" as ${section}[${first}]; give one of them another \`target\`, or remove the repeated reference)`,
          { data: { target } },
        );
      });
    }
  });
};
