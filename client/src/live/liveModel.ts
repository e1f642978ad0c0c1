// A stack file open in the editor against the swarm the explorer follows: which stack it is, its drift and the
// health of its services, computed from the watcher's snapshot (never a swarm read of its own) and cached per document
// version and snapshot.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { convertStack, FileRevisionStore, loadStackConfig, parseComposeYaml, stackNameFromComment, type StackDrift } from '../deploy';
import type { ConnectionManager } from '../connections/connectionManager';
import { snapshotDrift, type SwarmSnapshot, type SwarmWatcher } from '../swarm';
import { fileLiveDiagnostics, type LiveDiagnostic } from './liveDiagnostics';
import { stackOutline, type StackOutline } from './stackOutline';

/** The workspaceState key Deploy Stack also writes: the stack a file was last deployed as from this workspace. */
export const stackNameKey = (uri: vscode.Uri) => `swarmPilot.stackName:${uri.toString()}`;

/** The namespace a file without a known stack name is checked under. */
const UNNAMED_STACK = 'unnamed';

export interface LiveDocument {
  stack: string;
  /** Where the stack name came from, for tooltips. */
  source: 'comment' | 'workspace' | 'revision';
  drift: StackDrift;
  snapshot: SwarmSnapshot;
  outline: StackOutline;
  /** The parsed file (its key order for the rendering). */
  parsed: unknown;
  connection: string;
  /** The `live-*` checks of the file against the snapshot. */
  diagnostics: LiveDiagnostic[];
}

export type LiveResult =
  | { kind: 'live'; live: LiveDocument }
  | { kind: 'off' }
  | { kind: 'no-stack'; outline: StackOutline; diagnostics: LiveDiagnostic[] }
  | { kind: 'error'; message: string; outline: StackOutline };

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
    /** The image's architecture from the manager's image store, when known (else the image check is skipped). */
    private readonly imageArch?: (image: string) => string | undefined,
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
    const text = doc.getText();
    let outline: StackOutline = { keys: new Map() };
    try {
      outline = stackOutline(text);
      const name = this.stackName(doc);
      const path = doc.uri.fsPath;
      // Unreadable secret/config files must not hide the services' drift: their content is not compared here.
      const readFile = () => Buffer.alloc(0);
      // Without a stack name the live checks still run (the namespace only prefixes the stack's own objects).
      const desired = convertStack(
        loadStackConfig({ files: [{ path, text }], env: process.env, workingDir: dirname(path), readFile }),
        name?.stack ?? UNNAMED_STACK,
        readFile,
      );
      const connection = this.connections.active()?.label ?? 'Docker';
      const diagnostics = fileLiveDiagnostics(desired, outline.document, snapshot, { stack: name?.stack, imageArch: this.imageArch, swarm: connection });
      if (!name) return { kind: 'no-stack', outline, diagnostics };
      const drift = snapshotDrift(desired, snapshot);
      return { kind: 'live', live: { ...name, drift, snapshot, outline, parsed: parseComposeYaml(text, path), connection, diagnostics } };
    } catch (err) {
      return { kind: 'error', message: (err as Error).message, outline };
    }
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
