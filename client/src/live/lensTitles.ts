// The text of the drift code lenses (no `vscode`: the engine tests check it against the real swarm).
import { serviceHealth, type ServiceSummary } from '../swarm';
import type { LiveDocument } from './liveDocument';

/** The lens titles of one document, by service key (`services:` under ''), for the provider and tests. */
export function lensTitles(live: LiveDocument): Map<string, string> {
  const out = new Map<string, string>();
  const byName = new Map<string, ServiceSummary>(live.snapshot.services.map((s) => [s.name, s]));
  const pruned = live.drift.services.filter((s) => s.status === 'would-prune');
  out.set(
    '',
    pruned.length ? `+${pruned.length} on the swarm: ${pruned.map((s) => s.key).join(', ')} (would be pruned)` : `stack ${live.stack} on ${live.connection}`,
  );
  for (const s of live.drift.services) {
    if (s.status === 'would-prune') continue;
    if (s.status === 'not-deployed') {
      out.set(s.key, 'not deployed');
      continue;
    }
    const summary = byName.get(s.name);
    const h = summary ? serviceHealth(live.snapshot, summary) : undefined;
    const running = h ? `${h.running}/${h.desired} running` : 'running';
    const failing = h?.failing ? ` · ${h.failing} task${h.failing === 1 ? '' : 's'} failing${h.error ? `: ${h.error}` : ''}` : '';
    out.set(s.key, `${running}${failing} · ${s.status === 'drifted' ? `drifted: ${s.fields.join(', ')} (Compare)` : 'in sync'}`);
  }
  return out;
}

/** The loader's first line without the file's own path (the lens sits in that file), cut to a lens' width. */
export function notComparedReason(message: string, path: string): string {
  const line = message.split('\n')[0].replaceAll(`${path}: `, '');
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}
