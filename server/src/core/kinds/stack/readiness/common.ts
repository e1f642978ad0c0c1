import { defineRule, type RuleMeta } from '../../../rules/registry';
import { asMap } from '../context';
import { valueAt } from '../rules/common';

/**
 * Swarm-readiness advice: information by default, so a file docker accepts shows no warnings; the
 * `swarmPilot.rules` setting raises a rule to warning or turns it off, `# swarm-pilot-disable code` per file.
 */
export function adviceRule(code: string, description: string, source: string): RuleMeta {
  return defineRule({ code, kinds: ['stack'], severity: 'information', description, source, advice: true });
}

export type ServiceConfig = Record<string, unknown>;

/** deploy.mode, docker's default `replicated` when absent. */
export function deployMode(svc: ServiceConfig): string {
  const mode = valueAt(svc, ['deploy', 'mode']);
  return typeof mode === 'string' ? mode : 'replicated';
}

export const isJob = (svc: ServiceConfig): boolean => deployMode(svc).endsWith('-job');

/** Replicas of a replicated service (docker's default 1), undefined for global modes or a non-number. */
export function replicaCount(svc: ServiceConfig): number | undefined {
  if (deployMode(svc).startsWith('global')) return undefined;
  const r = valueAt(svc, ['deploy', 'replicas']);
  if (r === undefined || r === null) return 1;
  return typeof r === 'number' && Number.isInteger(r) ? r : undefined;
}

export const mapAt = (svc: ServiceConfig, path: string[]): Record<string, unknown> | undefined => asMap(valueAt(svc, path));
