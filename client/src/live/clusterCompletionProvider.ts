// The completion provider for clusterCompletions: beside the language server's (both contribute), from the watcher's
// cached snapshot only; nothing without a connection or with swarmPilot.live.enabled false.
import * as vscode from 'vscode';
import type { SwarmWatcher } from '../swarm';
import { clusterCompletions } from './clusterCompletion';
import { liveEnabled, looksLikeStack } from './liveModel';

/** After `.` (label keys), `=` and space (values). */
export const CLUSTER_COMPLETION_TRIGGERS = ['.', '=', ' '];

const KIND = { value: vscode.CompletionItemKind.Value, key: vscode.CompletionItemKind.Property, reference: vscode.CompletionItemKind.Reference } as const;

export class ClusterCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly watcher: SwarmWatcher,
    private readonly swarm: () => string,
  ) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const snapshot = this.watcher.lastSnapshot;
    if (!snapshot || this.watcher.current.kind === 'error' || !liveEnabled() || !looksLikeStack(doc)) return [];
    const detail = `on swarm ${this.swarm()}`;
    return clusterCompletions(doc.getText(), doc.offsetAt(position), snapshot).map((c) => {
      const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
      item.detail = detail;
      item.documentation = c.documentation;
      item.range = new vscode.Range(doc.positionAt(c.start), doc.positionAt(c.end));
      // Ahead of the schema's generic suggestions at the same place.
      item.sortText = `0${c.label}`;
      return item;
    });
  }
}
