import { defineRule } from '../../../rules/registry';
import { scopedName } from '../../../stackModel/names';
import { asMap, type StackCheck, type StackContext } from '../context';

export const healthcheckDisableRule = defineRule({
  code: 'stack-healthcheck-disable',
  kinds: ['stack'],
  severity: 'error',
  description: '`healthcheck.disable: true` together with a `healthcheck.test`.',
  source: 'docker/cli cli/compose/convert/service.go convertHealthcheck (v27.5.1)',
});

export const credentialSpecRule = defineRule({
  code: 'stack-credential-spec',
  kinds: ['stack'],
  severity: 'error',
  description:
    'A `credential_spec` with more than one of `config`, `file` and `registry`, or whose `config` stack deploy cannot find under the name it creates it with.',
  source: 'docker/cli cli/compose/convert/service.go convertCredentialSpec (v27.5.1)',
});

const CREDENTIAL_SOURCES = [
  ['config', '"Config"'],
  ['file', '"File"'],
  ['registry', '"Registry"'],
] as const;

/**
 * convertCredentialSpec looks the config up among the service's config references by name: `<key>`, then
 * `<stack>_<key>`. A config created under another `name:` is never found.
 */
function checkCredentialConfig(ctx: StackContext, service: string, key: string): void {
  const def = asMap(asMap(ctx.config.configs)?.[key]);
  if (!def) return; // undefined: stack-undefined-reference
  const name = typeof def.name === 'string' ? def.name : '';
  if (name === '' || name === key) return;
  // Without the stack name, any `<something>_<key>` may be `<stack>_<key>`.
  const scoped = ctx.stackName ? name === scopedName(ctx.stackName, key) : name.endsWith(`_${key}`) && name.length > key.length + 1;
  if (scoped) return;
  ctx.report(
    credentialSpecRule,
    ctx.valueRange(['services', service, 'credential_spec', 'config']),
    `invalid credential spec: spec specifies config ${key}, but no such config can be found (configs.${key} is created as "${name}", and stack deploy looks the credential spec's config up as "${key}" or "<stack>_${key}"; remove its \`name:\`)`,
    { data: { key, name } },
  );
}

export const checkServiceOptions: StackCheck = (ctx) => {
  ctx.eachService('service-options', (name, svc) => {
    const hc = asMap(svc.healthcheck);
    const test = hc?.test;
    if (hc?.disable === true && test !== undefined && test !== null && (typeof test === 'string' ? test !== '' : !Array.isArray(test) || test.length > 0)) {
      ctx.report(
        healthcheckDisableRule,
        ctx.keyRange(['services', name, 'healthcheck', 'disable']),
        `test and disable can't be set at the same time (remove \`test\` to disable the image's healthcheck, or remove \`disable\`)`,
      );
    }
    const cs = asMap(svc.credential_spec);
    if (!cs) return;
    const set = CREDENTIAL_SOURCES.filter(([k]) => typeof cs[k] === 'string' && cs[k] !== '');
    if (set.length === 1 && set[0][0] === 'config') checkCredentialConfig(ctx, name, cs.config as string);
    if (set.length < 2) return;
    const names = set.map(([, q]) => q);
    const both = set.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}`;
    const [, second] = set;
    ctx.report(
      credentialSpecRule,
      ctx.keyRange(['services', name, 'credential_spec', second[0]]),
      `invalid credential spec: cannot specify both ${both} (keep one of ${set.map(([k]) => `\`${k}\``).join(', ')})`,
    );
  });
};

export const logDriverRule = defineRule({
  code: 'stack-log-driver',
  kinds: ['stack'],
  severity: 'warning',
  description: '`logging.driver: logentries`, removed from the Engine: Engine 27 refuses the service, Engine 28 creates it and no node can run its tasks.',
  source: 'moby api/server/router/swarm/cluster_routes.go createService (v27.5.1; check removed in v28); moby daemon/logger logentries driver removed (v28)',
});

export const templateDriverRule = defineRule({
  code: 'stack-template-driver',
  kinds: ['stack'],
  severity: 'warning',
  description: 'A secret or config `template_driver` other than `golang`: the service is created and every task using it fails.',
  source: 'moby/swarmkit template/expand.go ExpandSecretSpec, ExpandConfigSpec (vendored in moby v27.5.1)',
});

export const checkDrivers: StackCheck = (ctx) => {
  ctx.eachService('drivers', (name, svc) => {
    if (asMap(svc.logging)?.driver === 'logentries') {
      ctx.report(
        logDriverRule,
        ctx.valueRange(['services', name, 'logging', 'driver']),
        'the logentries logging driver has been deprecated and removed (Engine 28 creates the service, but no node has the driver, so its tasks stay pending with "no suitable node (missing plugin …)"; Engine 27 refuses the service; use another log driver)',
      );
    }
  });
  for (const section of ['secrets', 'configs'] as const) {
    for (const [key, def] of Object.entries(asMap(ctx.config[section]) ?? {})) {
      const driver = asMap(def)?.template_driver;
      if (typeof driver === 'string' && driver !== '' && driver !== 'golang') {
        ctx.report(
          templateDriverRule,
          ctx.valueRange([section, key, 'template_driver']),
          `unrecognized template type (the service is created, then every task using this ${section === 'secrets' ? 'secret' : 'config'} fails; the only template driver is "golang")`,
          { data: { value: driver } },
        );
      }
    }
  }
};
