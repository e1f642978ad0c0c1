// Log output channels: "Show Logs" (a service), "Show Stack Logs" and "Show Task Logs" each follow into one output
// channel per service / stack / task, until the stream ends, the command runs again for it (restart), the channel is
// disposed, or the extension stops.
import * as vscode from 'vscode';
import type { EngineClient, LogLine } from '../engine';
import { formatStackLogLine, stackLogs, type ServiceSummary } from '../swarm';

/** The tail setting: lines shown first (default 100). */
const logTail = () => vscode.workspace.getConfiguration('swarmPilot').get<number>('logs.tail', 100);

export class ServiceLogChannels implements vscode.Disposable {
  private readonly open = new Map<string, { channel: vscode.OutputChannel; stop: AbortController }>();

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
    this.open.set(key, { channel, stop });
    channel.clear();
    channel.show(true);
    const running = feed(channel, stop.signal);
    void running.then(
      () => !stop.signal.aborted && channel.appendLine(`--- the log stream of ${what} ended (removed, or the daemon closed it)`),
      (err) => !stop.signal.aborted && channel.appendLine(`--- following ${what} stopped: ${(err as Error).message}`),
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
