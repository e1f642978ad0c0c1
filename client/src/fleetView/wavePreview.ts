// The wave plan Deploy to Fleet shows before anything changes (a read-only document): the policy, then per wave
// each target's plan (the fleet engine's planner, the CLI's `fleet plan` line) or why it will not be reached. Pure.
import { formatBudget, planSummary, waveBudget, type FleetFile, type TargetPlan } from '../fleet';
import type { TargetConnection } from './targetConnections';

export interface WavePreviewInput {
  fleet: FleetFile;
  fleetPath: string;
  stack: string;
  stackPath: string;
  waves: string[][];
  plans: readonly TargetPlan[];
  connections: ReadonlyMap<string, TargetConnection>;
  errors: readonly string[];
}

export function formatWavePreview(p: WavePreviewInput): string {
  const r = p.fleet.rollout;
  const lines = [
    `# Deploy to Fleet: stack ${p.stack} (${p.stackPath}) to fleet ${p.fleet.name} (${p.fleetPath})`,
    `# ${p.waves.length} wave(s), ${p.waves.flat().length} target(s); ${r.parallel} at once per wave, soak ${r.soakSeconds} s,` +
      ` on budget exceeded: ${r.onBudgetExceeded}, unreachable targets: ${r.unreachable}`,
    '# Nothing has changed yet.',
    '',
  ];
  if (p.errors.length) lines.push('The stack files have errors; nothing would be deployed:', ...p.errors.map((e) => `  ${e}`), '');
  p.waves.forEach((names, i) => {
    lines.push(`wave ${i + 1} (failure budget ${formatBudget(waveBudget(r, i))})`);
    for (const name of names) {
      const conn = p.connections.get(name);
      const plan = p.plans.find((t) => t.target === name);
      const how = conn?.allowed ? ` via ${conn.via}` : '';
      lines.push(`  ${name.padEnd(16)} ${conn && !conn.allowed ? conn.reason : plan ? planSummary(plan) : 'not planned'}${how}`);
    }
    lines.push('');
  });
  return lines.join('\n');
}

/** The confirmation's one line: `3 targets to change, 1 up to date, 1 not reachable`. */
export function previewSummary(plans: readonly TargetPlan[], connections: ReadonlyMap<string, TargetConnection>): string {
  const refused = plans.filter((t) => connections.get(t.target)?.allowed === false).length;
  const down = plans.filter((t) => !t.reachable).length - refused;
  const change = plans.filter((t) => t.plan?.changes).length;
  const same = plans.filter((t) => t.plan && !t.plan.changes).length;
  const bad = plans.filter((t) => t.reachable && !t.plan).length;
  return [
    `${change} target(s) to change`,
    same ? `${same} up to date` : '',
    down ? `${down} unreachable` : '',
    refused ? `${refused} not allowed` : '',
    bad ? `${bad} not planned` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
