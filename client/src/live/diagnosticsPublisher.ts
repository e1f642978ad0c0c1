// Publishes the live model's `live-*` checks as the "Swarm Pilot (live)" diagnostics: for open stack files, again
// after an edit settles (debounced, never a swarm read: the model works on the watcher's cached snapshot) and on each
// new snapshot; cleared when the connection goes away or swarmPilot.live.enabled is false.
import * as vscode from 'vscode';
import type { LiveDiagnostic } from './liveDiagnostics';
import type { LiveModel } from './liveModel';

export const LIVE_DIAGNOSTICS = 'Swarm Pilot (live)';
const DEBOUNCE_MS = 300;

function toDiagnostic(doc: vscode.TextDocument, d: LiveDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end));
  const out = new vscode.Diagnostic(range, d.message, d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
  out.code = d.code;
  out.source = LIVE_DIAGNOSTICS;
  return out;
}

export class LiveDiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(LIVE_DIAGNOSTICS);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  /** `edited` runs after an edit's diagnostics were published (the explorer's drift marks follow the file too). */
  constructor(
    private readonly model: LiveModel,
    private readonly edited: () => void = () => undefined,
  ) {
    this.subscriptions = [
      model.onDidChange(() => this.publishAll()),
      vscode.workspace.onDidOpenTextDocument((doc) => this.publish(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
    ];
    this.publishAll();
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.publish(doc);
        this.edited();
      }, DEBOUNCE_MS),
    );
  }

  publishAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.publish(doc);
  }

  private publish(doc: vscode.TextDocument): void {
    if (doc.isClosed) return;
    const result = this.model.get(doc);
    const found = result.kind === 'live' ? result.live.diagnostics : result.kind === 'no-stack' ? result.diagnostics : [];
    if (found.length)
      this.collection.set(
        doc.uri,
        found.map((d) => toDiagnostic(doc, d)),
      );
    else this.collection.delete(doc.uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
