// A plan, and the log lines of a deploy, as plain text: the CLI prints them, the extension writes them to its
// deploy output channel.
import type { StackPlan } from './plan';
import type { DeployEvent } from './runner';
import { formatChange } from './specDiff';

const REVISION_LABEL_PREFIX = 'com.swarm-pilot.';

const ACTION_TEXT = {
  create: 'create',
  exists: 'exists',
  verify: 'exists; its content is checked by an update (swarm does not return secret data)',
  'update-labels': 'update labels',
  external: 'external',
} as const;

export function formatPlan(plan: StackPlan): string {
  const out: string[] = [`Plan for stack ${plan.stack}:`];
  const group = (title: string, lines: string[]) => {
    if (lines.length) out.push(`  ${title}:`, ...lines.map((l) => `    ${l}`));
  };
  const svc = (action: string) => plan.services.filter((s) => s.action === action);
  group(
    'create services',
    svc('create').map((s) => s.name),
  );
  const labelsOnly = (s: StackPlan['services'][number]) => s.changes.every((c) => c.path.startsWith(`Labels.${REVISION_LABEL_PREFIX}`));
  group(
    'update services',
    svc('update')
      .filter((s) => !labelsOnly(s))
      .flatMap((s) => [`${s.name}${s.restarts ? '' : ' (tasks keep running)'}`, ...s.changes.map((c) => `  ${formatChange(c)}`)]),
  );
  group(
    'update revision labels only (tasks keep running)',
    svc('update')
      .filter(labelsOnly)
      .map((s) => s.name),
  );
  group(
    'unchanged services',
    svc('unchanged').map((s) => s.name),
  );
  group(
    'remove services (--prune)',
    svc('remove').map((s) => s.name),
  );
  group(
    'services not in the files (kept; --prune removes them)',
    svc('orphan').map((s) => s.name),
  );
  for (const kind of ['network', 'secret', 'config'] as const) {
    const objs = plan.objects.filter((o) => o.kind === kind);
    group(
      `${kind}s`,
      objs.map((o) => `${o.name}: ${ACTION_TEXT[o.action]}${o.versionOf ? ` (new version of ${o.versionOf}, whose content changed)` : ''}`),
    );
  }
  const problems = plan.problems.map((p) => `${p.severity}: ${p.service ? `${p.service}: ` : p.object ? `${p.object}: ` : ''}${p.message}`);
  group('problems', problems);
  group(
    'warnings',
    plan.warnings.map((w) => w.replace(/\n+$/, '').replace(/\n/g, ' ')),
  );
  if (!plan.changes && plan.ok) out.push('  Nothing to change.');
  return out.join('\n') + '\n';
}

/** The log lines a deploy event adds: a step done or failed, the circuit breaker tripping, what was rolled back. */
export function deployEventLines(e: DeployEvent): string[] {
  switch (e.type) {
    case 'step-finished':
      return e.step.kind === 'manager-check'
        ? []
        : [`${e.error ? 'failed' : 'done'}: ${e.step.action} ${e.step.kind} ${e.step.name}${e.error ? `: ${e.error.message}` : ''}`];
    case 'tripped':
      return [`circuit breaker: ${e.trip.service}: ${e.trip.reason}; rolling back`];
    case 'rolled-back':
      return e.results.map((r) => `rolled back: ${r.record.kind.replace('-', ' ')} ${r.record.name}: ${r.outcome}${r.error ? ` (${r.error})` : ''}`);
    default:
      return [];
  }
}
