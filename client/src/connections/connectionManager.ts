import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { createEngineClient, listConnections, type ConnectionEntry, type ConnectionList, type ConnectionSetting, type EngineClient } from '../engine';

const ACTIVE_KEY = 'swarmPilot.activeConnection';

/**
 * Connections point at a daemon, so they come from user/machine settings only: a workspace must not be able to
 * send this machine's Docker credentials somewhere (the setting is machine-scoped, and only globalValue is read).
 */
export function connectionSettings(): ConnectionSetting[] {
  const v = vscode.workspace.getConfiguration('swarmPilot').inspect<ConnectionSetting[]>('connections')?.globalValue;
  return Array.isArray(v) ? v.filter((c) => c && typeof c === 'object') : [];
}

/** The connections the picker offers, the active one, and its Engine client (created on first use). */
export class ConnectionManager implements vscode.Disposable {
  private client?: { id: string; engine: EngineClient };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('swarmPilot.connections')) this.reset();
      }),
    );
  }

  list(): ConnectionList {
    return listConnections({
      settings: connectionSettings(),
      activeId: this.context.globalState.get<string>(ACTIVE_KEY),
      env: process.env,
      homedir: homedir(),
    });
  }

  active(): ConnectionEntry {
    const l = this.list();
    return l.entries.find((e) => e.id === l.activeId) ?? l.entries[0];
  }

  /** The active connection's client; throws its resolution error (a missing context, unreadable TLS files …). */
  async engine(): Promise<EngineClient> {
    const entry = this.active();
    if (this.client?.id === entry.id) return this.client.engine;
    if (!entry.endpoint) throw entry.error ?? new Error(`connection ${entry.label} did not resolve`);
    this.client?.engine.close();
    this.client = { id: entry.id, engine: createEngineClient(entry.endpoint) };
    return this.client.engine;
  }

  async choose(id: string): Promise<void> {
    await this.context.globalState.update(ACTIVE_KEY, id);
    this.reset();
  }

  /** The connection picker (status bar item and "Swarm Pilot: Choose Connection"). */
  async pick(): Promise<void> {
    const l = this.list();
    const items = l.entries.map((e) => ({
      label: `${e.id === l.activeId ? '$(check) ' : ''}${e.label}`,
      description: e.description,
      detail: e.error ? `$(error) ${e.error.message}` : undefined,
      id: e.id,
    }));
    const edit = { label: '$(gear) Edit connections in user settings…', id: '' };
    const chosen = await vscode.window.showQuickPick([...items, edit], {
      title: 'Swarm Pilot: Docker connection',
      placeHolder: 'The engine the Swarm views and commands use',
    });
    if (!chosen) return;
    if (!chosen.id) return void vscode.commands.executeCommand('workbench.action.openSettings', 'swarmPilot.connections');
    await this.choose(chosen.id);
  }

  private reset(): void {
    this.client?.engine.close();
    this.client = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.client?.engine.close();
    this.disposables.forEach((d) => d.dispose());
  }
}
