// The stack files the workspace knows without their being open, for the explorer's drift marks: YAML files of the
// workspace with a `# swarm-pilot: stack NAME` comment (scanned once, then kept up to date by a file watcher) and the
// revision store's newest revision per stack on the active connection. Their drift is computed again only when the
// snapshot, the files or the open documents change.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FileRevisionStore } from '../deploy';
import type { SwarmSnapshot } from '../swarm';
import { commentedStack, knownDrift, knownStacks } from './knownStacks';

const GLOB = '**/*.{yml,yaml}';
const EXCLUDE = '**/{node_modules,.git}/**';
/** Files scanned at most, and bigger files are not read: the scan stays cheap in large workspaces. */
const MAX_FILES = 2000;
const MAX_BYTES = 1024 * 1024;

function readSmall(path: string): string | undefined {
  try {
    return statSync(path).size <= MAX_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export class WorkspaceStacks implements vscode.Disposable {
  /** path → the stack its comment names. */
  private readonly commented = new Map<string, string>();
  private version = 0;
  private cached?: { key: string; drifted: Map<string, string[]> };
  private readonly changed = new vscode.EventEmitter<void>();
  /** A YAML file of the workspace appeared, changed or went away. */
  readonly onDidChange = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(GLOB);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: FileRevisionStore,
    /** The active connection's endpoint id (the revision store's key), if any. */
    private readonly connection: () => string | undefined,
  ) {
    const update = (uri: vscode.Uri) => this.update(uri.fsPath, readSmall(uri.fsPath));
    this.subscriptions = [
      this.watcher,
      this.watcher.onDidCreate(update),
      this.watcher.onDidChange(update),
      this.watcher.onDidDelete((uri) => this.update(uri.fsPath, undefined)),
      this.changed,
    ];
    void this.scan();
  }

  private async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(GLOB, EXCLUDE, MAX_FILES);
    for (const uri of uris) this.update(uri.fsPath, readSmall(uri.fsPath), false);
    this.bump();
  }

  /** Any YAML file's change may change a known stack's drift (a revision's file too): the drift is computed again. */
  private update(path: string, text: string | undefined, notify = true): void {
    const stack = text === undefined ? undefined : commentedStack(text);
    if (stack) this.commented.set(path, stack);
    else this.commented.delete(path);
    if (notify) this.bump();
  }

  private bump(): void {
    this.version++;
    this.changed.fire();
  }

  /** Drifted services (full name → fields) of the known stacks none of whose files is open (`open`: their paths). */
  drifted(snapshot: SwarmSnapshot, open: ReadonlySet<string>): Map<string, string[]> {
    const connection = this.connection();
    const key = `${snapshot.takenAt}\u0000${this.version}\u0000${connection}\u0000${[...open].sort().join('\u0000')}`;
    if (this.cached?.key === key) return this.cached.drifted;
    const revisions = connection ? this.store.latestPerStack(connection) : [];
    const drifted = knownDrift(knownStacks(this.commented, revisions, existsSync), snapshot, readSmall, open);
    this.cached = { key, drifted };
    return drifted;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
