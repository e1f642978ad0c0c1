// Code lenses on a stack file: per service `3/3 running · in sync`, `2/3 running · 1 task failing: <error>`,
// `drifted: image, replicas` (click: Compare with Running), `not deployed`; on `services:` the stack's services the
// file no longer has (`+1 on the swarm: old-worker (would be pruned)`), or a way to choose the stack.
import * as vscode from 'vscode';
import { lensTitles, notComparedReason } from './lensTitles';
import type { LiveModel } from './liveModel';

export const COMPARE_COMMAND = 'swarmPilot.compareWithRunning';
export const CHOOSE_STACK_COMMAND = 'swarmPilot.chooseLiveStack';

export class DriftLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly model: LiveModel) {
    this.onDidChangeCodeLenses = model.onDidChange;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const result = this.model.get(doc);
    if (result.kind === 'off') return [];
    const at = (offset: number | undefined) => (offset === undefined ? undefined : new vscode.Range(doc.positionAt(offset), doc.positionAt(offset)));
    const top = at(result.kind === 'no-stack' || result.kind === 'error' ? result.outline.services : result.live.outline.services);
    if (result.kind === 'no-stack')
      return top ? [new vscode.CodeLens(top, { title: 'Live drift: choose the deployed stack…', command: CHOOSE_STACK_COMMAND, arguments: [doc.uri] })] : [];
    if (result.kind === 'error')
      return top ? [new vscode.CodeLens(top, { title: `Live drift: not compared (${notComparedReason(result.message, doc.uri.fsPath)})`, command: '' })] : [];
    const live = result.live;
    const lenses: vscode.CodeLens[] = [];
    for (const [key, title] of lensTitles(live)) {
      const range = key === '' ? top : at(live.outline.keys.get(key));
      if (!range) continue;
      const drifted = live.drift.services.find((s) => s.key === key)?.status === 'drifted';
      lenses.push(new vscode.CodeLens(range, drifted || key === '' ? { title, command: COMPARE_COMMAND, arguments: [doc.uri] } : { title, command: '' }));
    }
    return lenses;
  }
}
