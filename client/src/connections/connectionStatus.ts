import * as vscode from 'vscode';
import { raftHealth, type SwarmWatcher, type WatcherState } from '../swarm';
import type { ConnectionManager } from './connectionManager';

/** Status bar item: the active connection, its swarm role and health; click to switch. */
export function connectionStatusItem(connections: ConnectionManager, watcher: SwarmWatcher): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('swarmPilot.connection', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Swarm Pilot: Docker connection';
  item.command = 'swarmPilot.pickConnection';
  const render = (s: WatcherState) => {
    const label = connections.active()?.label ?? 'no connection';
    item.backgroundColor = undefined;
    if (s.kind === 'error') {
      item.text = `$(debug-disconnect) ${label}`;
      item.tooltip = `Swarm Pilot cannot reach ${label}: ${s.error.message}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (s.kind === 'ready') {
      const h = raftHealth(s.snapshot.nodes);
      item.text = `$(server-environment) ${label} · ${s.snapshot.nodes.length} nodes`;
      item.tooltip = `Swarm Pilot: ${label} — ${s.snapshot.nodes.length} nodes, ${s.snapshot.services.length} services; ${h.reason}. Click to switch connection.`;
      if (!h.safe || h.evenWarning) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      item.text = `$(sync~spin) ${label}`;
      item.tooltip = `Swarm Pilot: connecting to ${label}`;
    }
    item.show();
  };
  render(watcher.current);
  const sub = watcher.onChange(render);
  const sub2 = connections.onDidChange(() => render(watcher.current));
  return vscode.Disposable.from(item, sub, sub2);
}
