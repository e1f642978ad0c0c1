// Log output channels: "Show Logs" (a service), "Show Stack Logs" and "Show Task Logs" each follow into one output
// channel per service / stack / task, until the stream ends, the command runs again for it (restart), the channel is
// closed, "Stop Following Stack Logs" runs, or the extension stops.
// Output channels have no close event. What VS Code does (1.7x–1.10x, code-server 4.x): the channel's text document
// (scheme `output`, its path ends with the channel's name) opens in the extension host while the Output view shows
// the channel, and is disposed — onDidCloseTextDocument — when the view shows another channel or is closed
// ("non-visible output editors are disposed", microsoft/vscode#171334). So a follow whose document was seen open
// stops when that document closes; where a host never surfaces the document, the Stop command remains.
import * as vscode from 'vscode';
import type { EngineClient, LogLine } from '../engine';
import { formatStackLogLine, stackLogs, type ServiceSummary } from '../swarm';

/** The tail setting: lines shown first (default 100). */
const logTail = () => vscode.workspace.getConfiguration('swarmPilot').get<number>('logs.tail', 100);

/** The channel's output document: `output:…-<channel name>` (the name may be URI-encoded). */
function isChannelDocument(doc: vscode.TextDocument, title: string): boolean {
  if (doc.uri.scheme !== 'output') return false;
  const path = (() => {
    try {
      return decodeURIComponent(doc.uri.path);
    } catch {
      return doc.uri.path;
    }
  })();
  return path.endsWith(title);
}

interface Follow {
  channel: vscode.OutputChannel;
  title: string;
  stop: AbortController;
  /** The Output view showed the channel since this follow started: its document closing now means "closed". */
  shown: boolean;
}

export class ServiceLogChannels implements vscode.Disposable {
  private readonly open = new Map<string, Follow>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((doc) => {
        for (const f of this.open.values()) if (isChannelDocument(doc, f.title)) f.shown = true;
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        for (const [key, f] of this.open) if (f.shown && !f.stop.signal.aborted && isChannelDocument(doc, f.title)) this.stop(key, 'the channel was closed');
      }),
    ];
  }

  /** The stacks followed now. */
  followedStacks(): string[] {
    return [...this.open].filter(([k, f]) => k.startsWith('stack:') && !f.stop.signal.aborted).map(([k]) => k.slice('stack:'.length));
  }

  /** Stops following a stack; false when it was not followed. */
  stopStack(stack: string): boolean {
    const f = this.open.get(`stack:${stack}`);
    if (!f || f.stop.signal.aborted) return false;
    this.stop(`stack:${stack}`, 'Stop Following Stack Logs');
    return true;
  }

  private stop(key: string, why: string): void {
    const f = this.open.get(key);
    if (!f) return;
    f.stop.abort();
    f.channel.appendLine(`--- stopped following (${why}); Show Stack Logs or Show Logs again resumes`);
    void this.updateContext();
  }

  /** `swarmPilot.followingStackLogs`: shows Stop Following Stack Logs in the palette and the Output view's title. */
  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', 'swarmPilot.followingStackLogs', this.followedStacks().length > 0);
  }

  /** Runs `feed` into the channel named `title` (cleared); an earlier feed of the same key is stopped first. */
  private async run(
    key: string,
    title: string,
    what: string,
    feed: (channel: vscode.OutputChannel, signal: AbortSignal) => Promise<void>,
  ): Promise<vscode.OutputChannel> {
    const existing = this.open.get(key);
    existing?.stop.abort();
    const channel = existing?.channel ?? vscode.window.createOutputChannel(title);
    const stop = new AbortController();
    // Already on screen (a restart of the same follow): its document is open, and closing it stops this follow too.
    const shown = vscode.workspace.textDocuments.some((d) => isChannelDocument(d, title));
    this.open.set(key, { channel, title, stop, shown });
    channel.clear();
    channel.show(true);
    void this.updateContext();
    const running = feed(channel, stop.signal);
    const ended = (line: string) => {
      if (stop.signal.aborted) return;
      stop.abort();
      channel.appendLine(line);
      void this.updateContext();
    };
    void running.then(
      () => ended(`--- the log stream of ${what} ended (removed, or the daemon closed it)`),
      (err) => ended(`--- following ${what} stopped: ${(err as Error).message}`),
    );
    return channel;
  }

  /** Follows a service's last `tail` lines and everything after. */
  async follow(engine: EngineClient, service: { id: string; name: string }, tail = logTail()): Promise<vscode.OutputChannel> {
    const lines = (signal: AbortSignal) => engine.serviceLogs(service.id, { follow: true, tail, timestamps: true, signal });
    return this.run(`service:${service.id}`, `Swarm Pilot: ${service.name} logs`, service.name, (channel, signal) => appendAll(channel, lines(signal)));
  }

  /** Follows one task's container, also one that exited (its last lines, and more while it runs). */
  async followTask(engine: EngineClient, task: { ID: string; Slot?: number }, service: ServiceSummary): Promise<vscode.OutputChannel> {
    const name = `${service.name}.${task.Slot ?? task.ID.slice(0, 12)}`;
    const lines = (signal: AbortSignal) => engine.taskLogs(task.ID, { follow: true, tail: logTail(), timestamps: true, signal });
    return this.run(`task:${task.ID}`, `Swarm Pilot: ${name} logs`, name, (channel, signal) => appendAll(channel, lines(signal)));
  }

  /** Every service of a stack in one channel, in timestamp order, each line prefixed `service.slot@node |`. */
  async followStack(engine: EngineClient, stack: string): Promise<vscode.OutputChannel> {
    return this.run(`stack:${stack}`, `Swarm Pilot: stack ${stack} logs`, `stack ${stack}`, (channel, signal) =>
      stackLogs(engine, stack, (l) => channel.appendLine(`${l.stream === 'stderr' ? '[stderr] ' : ''}${formatStackLogLine(l)}`), {
        tail: logTail(),
        follow: true,
        signal,
      }),
    );
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    for (const { channel, stop } of this.open.values()) {
      stop.abort();
      channel.dispose();
    }
    this.open.clear();
  }
}

async function appendAll(channel: vscode.OutputChannel, lines: Promise<AsyncIterable<LogLine>>): Promise<void> {
  for await (const l of await lines) channel.appendLine(l.stream === 'stderr' ? `[stderr] ${l.line}` : l.line);
}
