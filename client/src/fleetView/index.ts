// The Fleet view and its commands (issue 16, item 4): fleet rollouts from VS Code with the fleet engine.
import * as vscode from 'vscode';
import type { StackValidator } from '../deploy';
import type { SwarmCommandDeps } from '../swarmCommands/support';
import { registerFleetCommands, WavePlanDocuments } from './fleetCommands';
import type { TargetRow } from './fleetRows';
import { FleetSession } from './fleetSession';
import { FleetTreeProvider } from './fleetTree';

export interface FleetFeature {
  session: FleetSession;
  /** The target rows as the view shows them, for tests and other extensions. */
  rows(): TargetRow[];
}

export function registerFleetFeature(d: SwarmCommandDeps, validate: StackValidator): { feature: FleetFeature; disposables: vscode.Disposable[] } {
  const session = new FleetSession(d.context, d.connections, validate);
  const tree = new FleetTreeProvider(session);
  const view = vscode.window.createTreeView('swarmPilot.fleet', { treeDataProvider: tree, showCollapseAll: false });
  const probe = () => void session.probe().catch((err: Error) => d.output.warn(`fleet: ${err.message}`));
  const disposables: vscode.Disposable[] = [
    session,
    view,
    session.onDidChange(() => {
      tree.refresh();
      view.description = session.selection ? `${session.fleet?.name ?? '?'} · ${session.selection.stack}` : undefined;
    }),
    // Nothing talks to a daemon until the view is opened; then each target is asked once, and again on Refresh.
    view.onDidChangeVisibility((e) => {
      if (e.visible) probe();
    }),
    ...registerFleetCommands(d, session, new WavePlanDocuments()),
  ];
  session.reload();
  if (view.visible) probe();
  return { feature: { session, rows: () => session.rows() }, disposables };
}
