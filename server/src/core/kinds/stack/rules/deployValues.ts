import { defineRule } from '../../../rules/registry';
import { nearest } from '../../../text/nearest';
import { asMap, type StackCheck, type StackContext } from '../context';
import { reportNotAllowed, SWARM } from './common';

export const deployModeRule = defineRule({
  code: 'stack-deploy-mode',
  kinds: ['stack'],
  severity: 'error',
  description: '`deploy.mode` other than replicated, global, replicated-job or global-job ("Unknown mode").',
  source: 'docker/cli cli/compose/convert/service.go convertDeployMode (v27.5.1)',
});

export const replicasGlobalRule = defineRule({
  code: 'stack-replicas-global',
  kinds: ['stack'],
  severity: 'error',
  description: '`deploy.replicas` with a global or global-job mode ("replicas can only be used with replicated or replicated-job mode").',
  source: 'docker/cli cli/compose/convert/service.go convertDeployMode (v27.5.1)',
});

export const jobUpdateConfigRule = defineRule({
  code: 'stack-job-update-config',
  kinds: ['stack'],
  severity: 'error',
  description: '`deploy.update_config` on a replicated-job or global-job service ("Jobs may not have an update config").',
  source: 'moby/swarmkit manager/controlapi/service.go validateJob (vendored in moby v27.5.1)',
});

export const failureActionRule = defineRule({
  code: 'stack-failure-action',
  kinds: ['stack'],
  severity: 'error',
  description: '`update_config`/`rollback_config` `failure_action` other than pause, continue or rollback ("unrecognized update failure action").',
  source: 'moby daemon/cluster/convert/service.go updateConfigToGRPC (v27.5.1)',
});

export const failureRatioRule = defineRule({
  code: 'stack-failure-ratio',
  kinds: ['stack'],
  severity: 'error',
  description: '`update_config.max_failure_ratio` outside 0…1 ("update-maxfailureratio cannot be less than 0 or bigger than 1").',
  source: 'moby/swarmkit manager/controlapi/service.go validateUpdate (vendored in moby v27.5.1)',
});

export const restartConditionRule = defineRule({
  code: 'stack-restart-condition',
  kinds: ['stack'],
  severity: 'error',
  description: '`restart_policy.condition` other than none, on-failure or any, or a fallback `restart:` value stack deploy cannot convert.',
  source: 'moby daemon/cluster/convert/service.go restartPolicyToGRPC; docker/cli cli/compose/convert/service.go convertRestartPolicy (v27.5.1)',
});

export const endpointModeRule = defineRule({
  code: 'stack-endpoint-mode',
  kinds: ['stack'],
  severity: 'error',
  description: '`deploy.endpoint_mode` other than vip or dnsrr, any case ("invalid resolution mode").',
  source: 'moby daemon/cluster/convert/service.go ServiceSpecToGRPC (v27.5.1)',
});

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The fallback `restart:` value, as opts.ParseRestartPolicy + convertRestartPolicy read it; an error text or undefined. */
export function legacyRestartError(policy: string): string | undefined {
  if (policy === '') return undefined;
  const colon = policy.indexOf(':');
  const name = colon >= 0 ? policy.slice(0, colon) : policy;
  const count = colon >= 0 ? policy.slice(colon + 1) : '';
  if (colon >= 0 && name === '') return 'invalid restart policy format: no policy provided before colon';
  if (count !== '' && !/^[+-]?\d+$/.test(count)) return 'invalid restart policy format: maximum retry count must be an integer';
  if (!SWARM.legacyRestart.values.includes(name)) return `unknown restart policy: ${name}`;
  return undefined;
}

function checkUpdateLike(ctx: StackContext, base: (string | number)[], key: 'update_config' | 'rollback_config', cfg: Record<string, unknown>): void {
  const action = str(cfg.failure_action);
  if (action !== undefined && action !== '' && !SWARM.failureAction.values.includes(action)) {
    reportNotAllowed(
      ctx,
      failureActionRule,
      [...base, key, 'failure_action'],
      action,
      SWARM.failureAction.values,
      `unrecognized update failure action ${action}`,
    );
  }
  const ratio = cfg.max_failure_ratio;
  // swarmkit validates only the update config; a rollback config is never checked.
  if (key === 'update_config' && typeof ratio === 'number' && (ratio < SWARM.maxFailureRatio.min || ratio > SWARM.maxFailureRatio.max)) {
    ctx.report(
      failureRatioRule,
      ctx.valueRange([...base, key, 'max_failure_ratio']),
      `TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1 (got ${ratio}; 0.2 means 20% of tasks may fail)`,
      {
        data: { value: ratio, min: 0, max: 1 },
      },
    );
  }
}

export const checkDeployValues: StackCheck = (ctx) => {
  ctx.eachService('deploy-values', (name, svc) => {
    const base = ['services', name, 'deploy'];
    const deploy = asMap(svc.deploy);
    const restartPolicy = deploy ? asMap(deploy.restart_policy) : undefined;

    const legacy = str(svc.restart);
    if (legacy !== undefined && !restartPolicy) {
      const err = legacyRestartError(legacy);
      if (err) {
        const [policy, ...count] = legacy.split(':');
        const near = nearest(policy, SWARM.legacyRestart.values);
        const suggestion = near && [near, ...count].join(':');
        ctx.report(
          restartConditionRule,
          ctx.valueRange(['services', name, 'restart']),
          `${err} (swarm reads \`restart\` because deploy.restart_policy is absent; use no, always, unless-stopped or on-failure[:N])${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          {
            data: { value: legacy, allowed: SWARM.legacyRestart.values, ...(suggestion ? { suggestion } : {}) },
          },
        );
      }
    }
    if (!deploy) return;

    const mode = str(deploy.mode) ?? '';
    const knownMode = mode === '' || SWARM.deployMode.values.includes(mode);
    if (!knownMode) reportNotAllowed(ctx, deployModeRule, [...base, 'mode'], mode, SWARM.deployMode.values, `Unknown mode: ${mode}`);
    if (SWARM.deployMode.replicasForbidden.includes(mode) && deploy.replicas !== undefined && deploy.replicas !== null) {
      ctx.report(
        replicasGlobalRule,
        ctx.keyRange([...base, 'replicas']),
        `replicas can only be used with replicated or replicated-job mode (deploy.mode is ${mode}: one task per node)`,
        {
          data: { mode },
        },
      );
    }
    if (SWARM.deployMode.jobs.includes(mode) && asMap(deploy.update_config)) {
      ctx.report(
        jobUpdateConfigRule,
        ctx.keyRange([...base, 'update_config']),
        `Jobs may not have an update config (deploy.mode is ${mode}); remove update_config`,
        { data: { mode } },
      );
    }

    for (const key of ['update_config', 'rollback_config'] as const) {
      const cfg = asMap(deploy[key]);
      if (cfg) checkUpdateLike(ctx, base, key, cfg);
    }

    const condition = restartPolicy ? str(restartPolicy.condition) : undefined;
    if (condition !== undefined && condition !== '' && !SWARM.restartCondition.values.includes(condition)) {
      reportNotAllowed(
        ctx,
        restartConditionRule,
        [...base, 'restart_policy', 'condition'],
        condition,
        SWARM.restartCondition.values,
        `invalid RestartCondition: "${condition}"`,
      );
    }

    const endpoint = str(deploy.endpoint_mode);
    if (endpoint !== undefined && endpoint !== '' && !SWARM.endpointMode.values.includes(endpoint.toLowerCase())) {
      reportNotAllowed(
        ctx,
        endpointModeRule,
        [...base, 'endpoint_mode'],
        endpoint,
        SWARM.endpointMode.values,
        `invalid resolution mode: "${endpoint.toLowerCase()}"`,
      );
    }
  });
};
