// "Show Logs" follows /services/{id}/logs into one output channel per service, until the service is gone, the
// command runs again for it (restart), or the extension stops.
import * as vscode from 'vscode';
import type { EngineClient } from '../engine';

export class ServiceLogChannels implements vscode.Disposable {
  private readonly open = new Map<string, { channel: vscode.OutputChannel; stop: AbortController }>();

  /** Starts (or restarts) following a service's last `tail` lines and everything after. */
  async follow(engine: EngineClient, service: { id: string; name: string }, tail = 200): Promise<vscode.OutputChannel> {
    const existing = this.open.get(service.id);
    existing?.stop.abort();
    const channel = existing?.channel ?? vscode.window.createOutputChannel(`Swarm Pilot: ${service.name} logs`);
    const stop = new AbortController();
    this.open.set(service.id, { channel, stop });
    channel.clear();
    channel.show(true);
    const lines = await engine.serviceLogs(service.id, { follow: true, tail, timestamps: true, signal: stop.signal });
    void (async () => {
      try {
        for await (const l of lines) channel.appendLine(l.stream === 'stderr' ? `[stderr] ${l.line}` : l.line);
        if (!stop.signal.aborted) channel.appendLine(`--- the log stream of ${service.name} ended (service removed or daemon closed it)`);
      } catch (err) {
        if (!stop.signal.aborted) channel.appendLine(`--- following ${service.name} stopped: ${(err as Error).message}`);
      }
    })();
    return channel;
  }

  dispose(): void {
    for (const { channel, stop } of this.open.values()) {
      stop.abort();
      channel.dispose();
    }
    this.open.clear();
  }
}
