// What the Fleet view shows, as plain data: the targets grouped by wave or by a label, and one line per target
// (connection state, the revision it runs, this rollout's result). Pure, so the unit tests check the words.
import type { FleetFile, FleetRunState, TargetState } from '../fleet';
import type { TargetConnection } from './targetConnections';

export type FleetGrouping = { by: 'wave' } | { by: 'label'; key: string };

/** What a look at the target's swarm found (undefined: not looked yet). */
export interface TargetLive {
  reachable: boolean;
  /** The stack's com.swarm-pilot.revision labels on this target (several while an update is half done). */
  revision?: string;
  services?: number;
  error?: string;
}

export interface TargetRow {
  name: string;
  wave: number;
  labels: Record<string, string>;
  connection: TargetConnection;
  live?: TargetLive;
  state?: TargetState;
}

export interface GroupRow {
  label: string;
  description: string;
  targets: TargetRow[];
}

/** Groups in rollout order (waves), or by the label's values in file order, the targets without it last. */
export function groupRows(rows: readonly TargetRow[], waves: readonly string[][], grouping: FleetGrouping, run?: FleetRunState): GroupRow[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  if (grouping.by === 'wave') {
    return waves.map((names, i) => {
      const targets = names.map((n) => byName.get(n)).filter((r): r is TargetRow => !!r);
      return { label: `Wave ${i + 1}`, description: waveSummary(targets, run), targets };
    });
  }
  const groups = new Map<string, TargetRow[]>();
  for (const r of rows) {
    const value = r.labels[grouping.key];
    const label = value === undefined ? `(no ${grouping.key})` : `${grouping.key}=${value}`;
    groups.set(label, [...(groups.get(label) ?? []), r]);
  }
  const sorted = [...groups].sort(([a], [b]) => Number(a.startsWith('(')) - Number(b.startsWith('(')));
  return sorted.map(([label, targets]) => ({ label, description: waveSummary(targets, run), targets }));
}

/** `2 targets · 1 succeeded, 1 deploying` (the counts of this rollout's statuses). */
function waveSummary(targets: readonly TargetRow[], run?: FleetRunState): string {
  const counts = new Map<string, number>();
  for (const t of run ? targets : []) {
    const status = run!.targets[t.name]?.status ?? 'pending';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const parts = [...counts].map(([s, n]) => `${n} ${s}`);
  return `${targets.length} target${targets.length === 1 ? '' : 's'}${parts.length ? ` · ${parts.join(', ')}` : ''}`;
}

/** The connection state word: not allowed / unreachable / up / unknown (not looked yet). */
export function connectionWord(row: TargetRow): 'not allowed' | 'unreachable' | 'up' | 'unknown' {
  if (!row.connection.allowed) return 'not allowed';
  if (!row.live) return 'unknown';
  return row.live.reachable ? 'up' : 'unreachable';
}

/** `up · rev 20261207-0451-ab12 · succeeded` */
export function targetDescription(row: TargetRow): string {
  const parts: string[] = [connectionWord(row)];
  if (row.live?.reachable) parts.push(row.live.revision ? `rev ${row.live.revision}` : row.live.services ? 'no revision label' : 'not deployed');
  if (row.state) parts.push(row.state.status);
  return parts.join(' · ');
}

/** The tooltip: how the connection was allowed (or why not), the labels, the recorded result's message. */
export function targetTooltip(row: TargetRow): string {
  const lines = [`${row.name} (wave ${row.wave + 1})`];
  lines.push(row.connection.allowed ? `connection: ${row.connection.via}, ${row.connection.endpoint.host}` : row.connection.reason);
  if (row.live?.error) lines.push(`unreachable: ${row.live.error}`);
  const labels = Object.entries(row.labels);
  if (labels.length) lines.push(`labels: ${labels.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (row.state) {
    lines.push(`this rollout: ${row.state.status}${row.state.revision ? ` (revision ${row.state.revision})` : ''}`);
    if (row.state.message) lines.push(row.state.message);
  }
  return lines.join('\n');
}

/** The label keys the fleet's targets carry, the rollout's `byLabel` first: what "Group by Label" offers. */
export function labelKeys(fleet: Pick<FleetFile, 'targets' | 'rollout'>): string[] {
  const keys = new Set<string>(fleet.rollout.byLabel ? [fleet.rollout.byLabel] : []);
  for (const t of fleet.targets) for (const k of Object.keys(t.labels)) keys.add(k);
  return [...keys];
}
