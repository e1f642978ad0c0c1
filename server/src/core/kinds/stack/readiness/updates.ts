import { type StackCheck } from '../context';
import { adviceRule, mapAt } from './common';

export const updateWithoutRollbackRule = adviceRule(
  'stack-update-no-rollback',
  'Advice: `update_config` without `failure_action: rollback` or without `monitor`: a failing update pauses half-done (the default action) and failures after the first seconds are not noticed.',
  'Docker docs: compose file v3 reference, deploy.update_config (failure_action default pause, monitor default 5s)',
);

export const checkUpdateConfig: StackCheck = (ctx) => {
  ctx.eachService('readiness-updates', (name, svc) => {
    const uc = mapAt(svc, ['deploy', 'update_config']);
    if (!uc) return;
    const missing: string[] = [];
    if (uc.failure_action !== 'rollback')
      missing.push(
        uc.failure_action === undefined ? 'failure_action: rollback (the default is pause)' : `failure_action: rollback (it is ${String(uc.failure_action)})`,
      );
    if (uc.monitor === undefined) missing.push('monitor (how long each task is watched for failure; default 5s)');
    if (missing.length === 0) return;
    const effect =
      uc.failure_action !== 'rollback'
        ? 'a bad release is left half-rolled-out instead of rolled back'
        : 'tasks that fail after the first seconds do not count as a failed update';
    ctx.report(
      updateWithoutRollbackRule,
      ctx.keyRange(['services', name, 'deploy', 'update_config']),
      `service ${name}: update_config without ${missing.join(' and ')}: ${effect}`,
    );
  });
};
