// A stack file open in the editor against the swarm the explorer follows: which stack it is, its drift and the
// health of its services, computed from the watcher's snapshot (never a swarm read of its own) and cached per document
// version and snapshot.
import * as vscode from 'vscode';
import { FileRevisionStore, stackNameFromComment } from '../deploy';
import type { ConnectionManager } from '../connections/connectionManager';
import type { SwarmSnapshot, SwarmWatcher } from '../swarm';
import { computeLive, type LiveDocument, type LiveInput, type LiveResult } from './liveDocument';

export type { LiveDocument, LiveResult } from './liveDocument';

/** The workspaceState key Deploy Stack also writes: the stack a file was last deployed as from this workspace. */
export const stackNameKey = (uri: vscode.Uri) => `swarmPilot.stackName:${uri.toString()}`;

/** What the manager's stores answer in the background (image architectures, volume drivers), when known. */
export type LiveProbes = Pick<LiveInput, 'imageArch' | 'volumeDrivers'>;

export const liveEnabled = () => vscode.workspace.getConfiguration('swarmPilot.live').get<boolean>('enabled', true);

/** Looks like a stack file: a top-level `services:` mapping. */
export const looksLikeStack = (doc: vscode.TextDocument) =>
  (doc.languageId === 'yaml' || doc.languageId === 'dockercompose') && /^services:/m.test(doc.getText());

export class LiveModel {
  private readonly cache = new Map<string, { version: number; takenAt: number; result: LiveResult }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** The drift of open files changed (new snapshot, setting, stack chosen). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly watcher: SwarmWatcher,
    readonly connections: ConnectionManager,
    readonly store: FileRevisionStore,
    private readonly probes: LiveProbes = {},
  ) {}

  /** Call on watcher / setting / connection changes. */
  invalidate(): void {
    this.cache.clear();
    this.changed.fire();
  }

  /** The stack the file is deployed as: its comment, the workspace's last deploy of it, the revision store's. */
  stackName(doc: vscode.TextDocument): { stack: string; source: LiveDocument['source'] } | undefined {
    const fromComment = stackNameFromComment(doc.getText());
    if (fromComment) return { stack: fromComment, source: 'comment' };
    const remembered = this.context.workspaceState.get<string>(stackNameKey(doc.uri));
    if (remembered) return { stack: remembered, source: 'workspace' };
    const connection = this.connections.active()?.endpoint?.id;
    const revision = connection && doc.uri.scheme === 'file' ? this.store.latestForFile(connection, doc.uri.fsPath) : undefined;
    return revision ? { stack: revision.stack, source: 'revision' } : undefined;
  }

  async rememberStack(doc: vscode.TextDocument, stack: string): Promise<void> {
    await this.context.workspaceState.update(stackNameKey(doc.uri), stack);
    this.invalidate();
  }

  /** The live state of a document, or why there is none. Starts following the swarm when needed. */
  get(doc: vscode.TextDocument): LiveResult {
    if (!liveEnabled() || !looksLikeStack(doc)) return { kind: 'off' };
    const snapshot = this.watcher.lastSnapshot;
    if (!snapshot || this.watcher.current.kind === 'error') {
      if (this.watcher.current.kind === 'idle') this.watcher.start();
      return { kind: 'off' };
    }
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version && hit.takenAt === snapshot.takenAt) return hit.result;
    const result = this.compute(doc, snapshot);
    this.cache.set(key, { version: doc.version, takenAt: snapshot.takenAt, result });
    return result;
  }

  private compute(doc: vscode.TextDocument, snapshot: SwarmSnapshot): LiveResult {
    const connection = this.connections.active()?.label ?? 'Docker';
    let name: LiveInput['name'];
    try {
      name = this.stackName(doc);
    } catch (err) {
      return { kind: 'error', message: (err as Error).message, outline: { keys: new Map() } };
    }
    return computeLive({ text: doc.getText(), path: doc.uri.fsPath, name, snapshot, connection, ...this.probes });
  }

  /** Services of the open stack files that drifted, by full service name → the drifted fields (the explorer's marks). */
  driftedServices(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const doc of vscode.workspace.textDocuments) {
      const result = this.get(doc);
      if (result.kind !== 'live') continue;
      for (const s of result.live.drift.services) if (s.status === 'drifted') out.set(s.name, s.fields);
    }
    return out;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
