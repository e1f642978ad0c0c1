import * as vscode from 'vscode';

/**
 * The "Swarm" view in the Swarm Pilot activity bar container. It has no items in this version, so VS Code
 * shows its `viewsWelcome` content (open an example stack file, the walkthrough).
 */
class EmptyTree implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }
  getChildren(): never[] {
    return [];
  }
}

export function registerSwarmView(): vscode.Disposable {
  return vscode.window.createTreeView('swarmPilot.swarm', { treeDataProvider: new EmptyTree() });
}
