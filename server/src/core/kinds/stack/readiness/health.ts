import { type StackCheck } from '../context';
import { adviceRule, isJob, mapAt } from './common';

export const noHealthcheckRule = adviceRule(
  'stack-no-healthcheck',
  'Advice: a long-running service without `healthcheck`: swarm counts a task as running as soon as its process starts, so rolling updates and the circuit breaker cannot see a broken release (unless the image defines a HEALTHCHECK).',
  'Docker docs: Dockerfile HEALTHCHECK, `docker service update` (update_config.monitor); swarmkit agent/exec health checks',
);

export const noStartPeriodRule = adviceRule(
  'stack-healthcheck-start-period',
  'Advice: a healthcheck without `start_period`: failed probes during a slow start count toward `retries`, so a task that needs time to boot is killed and restarted in a loop.',
  'Docker docs: compose file v3 reference, healthcheck.start_period (file format 3.4+)',
);

/** `disable: true` or `test: ["NONE"]` turn the image's check off on purpose: that is a decision, not an omission. */
function healthcheckDisabled(hc: Record<string, unknown>): boolean {
  const test = hc.test;
  return hc.disable === true || test === 'NONE' || (Array.isArray(test) && test[0] === 'NONE');
}

export const checkHealth: StackCheck = (ctx) => {
  ctx.eachService('readiness-health', (name, svc) => {
    if (isJob(svc)) return; // jobs run to completion; health does not gate them
    const hc = mapAt(svc, ['healthcheck']);
    if (!hc) {
      ctx.report(
        noHealthcheckRule,
        ctx.keyRange(['services', name]),
        `service ${name} has no healthcheck: swarm treats its tasks as healthy once the process starts, so a broken update is not detected (ignore this if the image defines a HEALTHCHECK)`,
      );
      return;
    }
    if (healthcheckDisabled(hc) || hc.start_period !== undefined) return;
    ctx.report(
      noStartPeriodRule,
      ctx.keyRange(['services', name, 'healthcheck']),
      `service ${name}: healthcheck without start_period: probes that fail while the service starts count toward retries${typeof hc.retries === 'number' ? ` (${hc.retries})` : ''}, so a slow start ends in a restart loop; set start_period to the longest boot time`,
    );
  });
};
