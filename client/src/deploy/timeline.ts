// The breaker's timeline of one deploy: when each failed task was seen (and when the Engine says it failed), when the
// breaker tripped, when each rollback was requested and when the rolled-back services converged back. Callers get it
// in DeployResult.timeline; the CLI prints it after a trip and in `--format json`.

export type TimelineKind = 'task-failed' | 'tripped' | 'rollback-requested' | 'converged-back';

export interface TimelineEntry {
  kind: TimelineKind;
  /** When this process saw it (ISO 8601, the local clock). */
  at: string;
  /** The service concerned (full name), when there is one. */
  service?: string;
  /** The Engine's own time of it, when it gives one (a task's Status.Timestamp). */
  engineAt?: string;
  detail?: string;
}

export class DeployTimeline {
  private readonly list: TimelineEntry[] = [];
  private readonly seenTasks = new Set<string>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  get entries(): readonly TimelineEntry[] {
    return this.list;
  }

  record(kind: TimelineKind, fields: Omit<TimelineEntry, 'kind' | 'at'> = {}): TimelineEntry {
    const entry = { kind, at: this.now().toISOString(), ...fields };
    this.list.push(entry);
    return entry;
  }

  /** A failed task, recorded once however many rounds see it. */
  taskFailed(taskId: string, fields: Omit<TimelineEntry, 'kind' | 'at'>): void {
    if (this.seenTasks.has(taskId)) return;
    this.seenTasks.add(taskId);
    this.record('task-failed', fields);
  }
}

/** Milliseconds from the first entry of `from` to the first of `to` (undefined when either is missing). */
export function timelineGap(entries: readonly TimelineEntry[], from: TimelineKind, to: TimelineKind): number | undefined {
  const a = entries.find((e) => e.kind === from);
  const b = entries.find((e) => e.kind === to);
  return a && b ? Date.parse(b.at) - Date.parse(a.at) : undefined;
}

/** The timeline as lines for the human output: `+0.00 s task-failed web.1 on vm-w1: …`, relative to the first entry. */
export function formatTimeline(entries: readonly TimelineEntry[]): string[] {
  if (!entries.length) return [];
  const t0 = Date.parse(entries[0].at);
  return entries.map((e) => {
    const rel = ((Date.parse(e.at) - t0) / 1000).toFixed(2);
    return `+${rel} s ${e.kind}${e.service ? ` ${e.service}` : ''}${e.detail ? `: ${e.detail}` : ''}`;
  });
}
