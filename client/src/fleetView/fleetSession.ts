// The fleet the Fleet view shows (a fleet file and the stack rolled out with it, remembered per workspace), its
// targets' allowed connections, what a look at each target found, the recorded rollout, and the rollout running in
// this window (so Pause can stop it). Runs the fleet engine (client/src/fleet) with the user's connections only.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connections/connectionManager';
import { defaultStateDir, type StackValidator } from '../deploy';
import { createEngineClient } from '../engine';
import { fleetStatus, FleetRunner, parseFleetFile, type FleetEvent, type FleetFile, type FleetResult, type FleetRunState } from '../fleet';
import { revisionStore } from '../swarmCommands/support';
import type { FleetGrouping, TargetLive, TargetRow } from './fleetRows';
import { targetConnection, type TargetConnection } from './targetConnections';

export interface FleetSelection {
  fleetPath: string;
  stackPath: string;
  stack: string;
}

const SELECTION_KEY = 'swarmPilot.fleet.selection';

export class FleetSession implements vscode.Disposable {
  fleet?: FleetFile;
  waves: string[][] = [];
  /** Why the fleet file could not be read. */
  error?: string;
  run?: FleetRunState;
  grouping: FleetGrouping = { by: 'wave' };
  private live = new Map<string, TargetLive>();
  private connections = new Map<string, TargetConnection>();
  private running?: { abort: AbortController; what: string };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly stateDir = defaultStateDir(process.env, homedir());
  private readonly store = revisionStore();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly userConnections: ConnectionManager,
    private readonly validate: StackValidator,
  ) {
    // A new user connection may allow a target that was refused.
    this.disposables.push(userConnections.onDidChange(() => this.reload()));
  }

  get selection(): FleetSelection | undefined {
    return this.context.workspaceState.get<FleetSelection>(SELECTION_KEY);
  }

  async select(selection: FleetSelection): Promise<void> {
    await this.context.workspaceState.update(SELECTION_KEY, selection);
    this.live.clear();
    this.reload();
  }

  /** Reads the fleet file and the recorded rollout again (no daemon is asked). */
  reload(): void {
    const sel = this.selection;
    this.error = undefined;
    this.fleet = undefined;
    this.waves = [];
    this.run = undefined;
    if (sel) {
      try {
        const runner = this.runner([], undefined, undefined, parseFleetFile(readFileSync(sel.fleetPath, 'utf8'), sel.fleetPath));
        this.fleet = runner.options.fleet;
        this.waves = runner.waves;
        this.run = runner.readState();
      } catch (err) {
        this.error = (err as Error).message;
      }
    }
    // Only with a fleet: activation (no fleet chosen yet) reads no docker context store.
    const entries = this.fleet ? this.userConnections.list().entries : [];
    this.connections = new Map((this.fleet?.targets ?? []).map((t) => [t.name, targetConnection(t, entries)]));
    this.changed.fire();
  }

  connection(name: string): TargetConnection | undefined {
    return this.connections.get(name);
  }

  allConnections(): ReadonlyMap<string, TargetConnection> {
    return this.connections;
  }

  rows(): TargetRow[] {
    const wave = new Map(this.waves.flatMap((w, i) => w.map((n) => [n, i] as const)));
    return (this.fleet?.targets ?? []).map((t) => ({
      name: t.name,
      wave: wave.get(t.name) ?? 0,
      labels: t.labels,
      connection: this.connections.get(t.name)!,
      live: this.live.get(t.name),
      state: this.run?.targets[t.name],
    }));
  }

  /** Asks every allowed target which revision of the stack it runs (its services' labels); refused ones are not asked. */
  async probe(): Promise<void> {
    if (!this.fleet || !this.selection) return;
    const status = await fleetStatus(this.runner([]));
    this.live = new Map(
      status
        .filter((s) => this.connections.get(s.target)?.allowed)
        .map((s) => [s.target, { reachable: !s.error, revision: s.revision, services: s.services, error: s.error }]),
    );
    this.changed.fire();
  }

  /** A runner for the selected fleet and stack, reaching targets through the user's connections only. */
  runner(files: { path: string; text: string }[], signal?: AbortSignal, onEvent?: (e: FleetEvent) => void, fleet = this.fleet): FleetRunner {
    const sel = this.selection;
    if (!fleet || !sel) throw new Error(this.error ?? 'no fleet file chosen: run "Deploy to Fleet" on a stack file first');
    return new FleetRunner({
      fleet,
      stack: sel.stack,
      files,
      env: process.env,
      homedir: homedir(),
      validate: this.validate,
      stateDir: this.stateDir,
      store: this.store,
      signal,
      onEvent,
      connect: (t) => {
        const c = this.connections.get(t.name) ?? targetConnection(t, this.userConnections.list().entries);
        if (!c.allowed) throw new Error(c.reason);
        return createEngineClient(c.endpoint, { userAgent: 'swarm-pilot-fleet' });
      },
    });
  }

  get busy(): string | undefined {
    return this.running?.what;
  }

  /**
   * Runs one rollout action; the view follows each target as its state is written. Pause aborts it: the fleet
   * engine records the run as interrupted, and Resume continues it without redoing finished targets.
   */
  async start(what: string, signal: AbortSignal, act: (runner: FleetRunner) => Promise<FleetResult>, onEvent: (e: FleetEvent) => void): Promise<FleetResult> {
    if (this.running) throw new Error(`the fleet is busy: ${this.running.what}`);
    const abort = new AbortController();
    signal.addEventListener('abort', () => abort.abort(), { once: true });
    this.running = { abort, what };
    try {
      const sel = this.selection!;
      const files = [{ path: sel.stackPath, text: await stackText(sel.stackPath) }];
      const runner = this.runner(files, abort.signal, (e) => {
        if (e.type === 'target') this.run = runner.readState();
        onEvent(e);
        this.changed.fire();
      });
      try {
        return await act(runner);
      } finally {
        runner.close();
      }
    } finally {
      this.running = undefined;
      this.reload();
    }
  }

  /** Stops the running rollout; false when none runs in this window. */
  pause(): boolean {
    if (!this.running) return false;
    this.running.abort.abort();
    return true;
  }

  dispose(): void {
    this.running?.abort.abort();
    this.disposables.forEach((d) => d.dispose());
  }
}

/** What the editor shows is what is deployed (unsaved edits included), else the file on disk. */
async function stackText(path: string): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
  return open ? open.getText() : readFileSync(path, 'utf8');
}
