// Waves from the rollout policy's one wave form, and each wave's failure budget. Pure.
import type { Budget, FleetFile, RolloutPolicy } from './fleetFile';

/** The waves as lists of target names, in rollout order. Explicit waves are taken as written (validated names). */
export function computeWaves(fleet: Pick<FleetFile, 'targets' | 'rollout'>): string[][] {
  const names = fleet.targets.map((t) => t.name);
  const r = fleet.rollout;
  if (r.waves) {
    const known = new Set(names);
    const unknown = r.waves.flat().filter((n) => !known.has(n));
    if (unknown.length) throw new Error(`the waves name targets the fleet does not have: ${unknown.join(', ')}`);
    return r.waves.filter((w) => w.length);
  }
  if (r.byLabel) {
    const key = r.byLabel;
    const groups = new Map<string, string[]>();
    const unlabelled: string[] = [];
    for (const t of fleet.targets) {
      const v = t.labels[key];
      if (v === undefined) unlabelled.push(t.name);
      else groups.set(v, [...(groups.get(v) ?? []), t.name]);
    }
    return [...groups.values(), ...(unlabelled.length ? [unlabelled] : [])];
  }
  const sizes = r.fixed ? [r.fixed] : r.exponential?.length ? r.exponential : [1];
  const waves: string[][] = [];
  for (let i = 0, at = 0; at < names.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)];
    waves.push(names.slice(at, at + size));
    at += size;
  }
  return waves;
}

/** The budget of wave `index` (0-based): its own entry, else the last one. */
export function waveBudget(rollout: Pick<RolloutPolicy, 'failureBudget'>, index: number): Budget {
  const list = rollout.failureBudget.length ? rollout.failureBudget : [{ count: 0 }];
  return list[Math.min(index, list.length - 1)];
}

/** How many failed targets a wave of `size` may have: a count as is, a ratio rounded down. */
export function allowedFailures(budget: Budget, size: number): number {
  return 'count' in budget ? budget.count : Math.floor(budget.ratio * size + 1e-9);
}

export function budgetExceeded(budget: Budget, size: number, failures: number): boolean {
  return failures > allowedFailures(budget, size);
}

export function formatBudget(budget: Budget): string {
  return 'count' in budget ? String(budget.count) : `${+(budget.ratio * 100).toFixed(2)}%`;
}
