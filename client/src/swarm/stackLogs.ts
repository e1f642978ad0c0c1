// One log stream for a whole stack (moby/moby#31458): every task of every service, also the ones that exited while
// their containers exist (/tasks/{id}/logs), merged by the Engine's `timestamps=true` prefixes, each line prefixed
// `service.slot@node |`. The backlog is the last N lines of the stack; following then reads the services' streams
// (which see new tasks too) and releases lines in timestamp order after a short reordering window.
import { nodeName } from '../deploy';
import type { EngineClient, LogLine, SwarmNode, SwarmTask } from '../engine';
import { STACK_LABEL } from './snapshot';

export interface StackLogLine {
  /** The Engine's RFC 3339 timestamp, nanoseconds included. */
  timestamp: string;
  /** `service.slot@node` (the service without its stack prefix). */
  source: string;
  stream: LogLine['stream'];
  text: string;
}

export interface StackLogOptions {
  /** Lines of backlog for the whole stack (default 100; 'all' for everything). */
  tail?: number | 'all';
  /** Unix seconds: only lines from then on. */
  since?: number;
  follow?: boolean;
  signal?: AbortSignal;
  /** How long followed lines wait for a line from another service with an earlier timestamp (default 300 ms). */
  reorderMs?: number;
}

/** Splits `2026-12-07T01:53:21.123456789Z text` into a sortable key and the rest (undefined without a timestamp). */
export function splitTimestamp(line: string): { timestamp: string; key: string; rest: string } | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d) ?/.exec(line);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  // Whole seconds (UTC) + nine fraction digits: compares as a string across time zones.
  const key = `${String(ms / 1000).padStart(12, '0')}.${(m[2] ?? '').padEnd(9, '0').slice(0, 9)}`;
  return { timestamp: line.slice(0, m[0].trimEnd().length), key, rest: line.slice(m[0].length) };
}

/** The `details=true` attributes in front of a followed service log line (`com.docker.swarm.task.id=…,… text`). */
export function splitDetails(rest: string): { attrs: Record<string, string>; text: string } {
  const m = /^((?:[\w.-]+=[^, ]*,?)+) /.exec(rest);
  if (!m || !m[1].includes('com.docker.swarm.')) return { attrs: {}, text: rest };
  const attrs = Object.fromEntries(
    m[1]
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  return { attrs, text: rest.slice(m[0].length) };
}

interface Keyed extends StackLogLine {
  key: string;
}

const byKey = (a: Keyed, b: Keyed) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Names each task `service.slot@node` from the stack's services, tasks and nodes (re-read when an unknown task shows up). */
class TaskNames {
  private names = new Map<string, string>();
  constructor(
    private readonly client: EngineClient,
    private readonly stack: string,
  ) {}

  async load(): Promise<{ tasks: SwarmTask[]; services: { id: string; name: string }[] }> {
    const [services, nodes] = await Promise.all([this.client.listServices({ filters: { label: [`${STACK_LABEL}=${this.stack}`] } }), this.client.listNodes()]);
    const tasks = services.length ? await this.client.listTasks({ service: services.map((s) => s.ID!) }) : [];
    const short = new Map(services.map((s) => [s.ID!, (s.Spec?.Name ?? s.ID!).replace(`${this.stack}_`, '')]));
    const hosts = new Map(nodes.map((n: SwarmNode) => [n.ID, nodeName(n)]));
    for (const t of tasks)
      this.names.set(
        t.ID,
        `${short.get(t.ServiceID) ?? t.ServiceID}.${t.Slot ?? t.NodeID?.slice(0, 12) ?? '?'}@${hosts.get(t.NodeID ?? '') ?? t.NodeID ?? '?'}`,
      );
    return { tasks, services: services.map((s) => ({ id: s.ID!, name: s.Spec?.Name ?? s.ID! })) };
  }

  async of(taskId: string): Promise<string> {
    if (!this.names.has(taskId)) await this.load().catch(() => undefined);
    return this.names.get(taskId) ?? taskId.slice(0, 12);
  }
}

/** Reads one log stream into keyed lines; lines without a timestamp get the previous line's key. */
async function collect(
  lines: AsyncIterable<LogLine>,
  name: (attrs: Record<string, string>) => Promise<string> | string,
  onLine: (l: Keyed) => void,
): Promise<void> {
  let lastKey = '';
  let lastTs = '';
  for await (const l of lines) {
    const t = splitTimestamp(l.line);
    if (t) [lastKey, lastTs] = [t.key, t.timestamp];
    const { attrs, text } = splitDetails(t ? t.rest : l.line);
    onLine({ key: lastKey, timestamp: lastTs, source: await name(attrs), stream: l.stream, text });
  }
}

/**
 * Calls `onLine` with the stack's last `tail` lines in timestamp order, then (with `follow`) every new line until
 * the signal aborts. Tasks whose containers are gone are skipped (the Engine has no logs for them).
 */
export async function stackLogs(client: EngineClient, stack: string, onLine: (line: StackLogLine) => void, opts: StackLogOptions = {}): Promise<void> {
  const names = new TaskNames(client, stack);
  const { tasks, services } = await names.load();
  if (!services.length) throw new Error(`nothing found in stack: ${stack}`);
  const tail = opts.tail ?? 100;
  const backlog: Keyed[] = [];
  const startedAt = Date.now() / 1000;
  // Every task that had a container: running ones and the ones that exited since.
  const withContainer = tasks.filter((t) => (t as { Status?: { ContainerStatus?: { ContainerID?: string } } }).Status?.ContainerStatus?.ContainerID);
  await Promise.all(
    withContainer.map(async (t) => {
      try {
        const lines = await client.taskLogs(t.ID, { timestamps: true, tail, since: opts.since, signal: opts.signal });
        await collect(
          lines,
          () => names.of(t.ID),
          (l) => backlog.push(l),
        );
      } catch {
        // The container was removed (task history outlives containers): nothing to show for it.
      }
    }),
  );
  backlog.sort(byKey);
  const shown = tail === 'all' ? backlog : tail === 0 ? [] : backlog.slice(-tail);
  for (const l of shown) if (!opts.signal?.aborted) onLine(strip(l));
  if (!opts.follow || opts.signal?.aborted) return;
  // Followed lines from the services' streams: after the backlog, reordered within a short window.
  const after = shown.length ? shown[shown.length - 1].key : '';
  const window: { line: Keyed; at: number }[] = [];
  const reorderMs = opts.reorderMs ?? 300;
  const flush = (all: boolean) => {
    const now = Date.now();
    const ready = window.filter((w) => all || now - w.at >= reorderMs);
    if (!ready.length) return;
    const keep = window.filter((w) => !ready.includes(w));
    window.splice(0, window.length, ...keep);
    for (const w of ready.map((r) => r.line).sort(byKey)) onLine(strip(w));
  };
  const timer = setInterval(() => flush(false), Math.max(50, reorderMs / 3));
  try {
    await Promise.all(
      services.map(async (s) => {
        const lines = await client.serviceLogs(s.id, { follow: true, timestamps: true, details: true, since: Math.floor(startedAt) - 1, signal: opts.signal });
        await collect(
          lines,
          (attrs) => names.of(attrs['com.docker.swarm.task.id'] ?? ''),
          (l) => {
            if (l.key > after) window.push({ line: l, at: Date.now() });
          },
        );
      }),
    );
  } catch (err) {
    if (!opts.signal?.aborted) throw err;
  } finally {
    clearInterval(timer);
    flush(true);
  }
}

const strip = ({ key: _key, ...line }: Keyed): StackLogLine => line;

/** The line as the CLI and the output channel show it. */
export const formatStackLogLine = (l: StackLogLine, withTimestamp = false) => `${withTimestamp ? `${l.timestamp} ` : ''}${l.source} | ${l.text}`;
