// Registers the Swarm explorer, the connection status item and every swarm command.
import * as vscode from 'vscode';
import { ConnectionManager } from '../connections/connectionManager';
import { connectionStatusItem } from '../connections/connectionStatus';
import { SwarmWatcher } from '../swarm';
import { registerSwarmTrees, type SwarmSection } from '../views/swarmTree';
import type { SwarmElement } from '../views/swarmItems';
import { registerDeployCommands } from './deployCommands';
import { registerFileObjectCommands } from './fileObjectCommands';
import { InspectDocuments, INSPECT_SCHEME } from './inspectDocuments';
import { registerNodeCommands } from './nodeCommands';
import { registerRebalanceCommands } from './rebalanceCommands';
import { registerServiceCommands } from './serviceCommands';
import { ServiceLogChannels } from './serviceLogs';
import { registerStackCommands } from './stackCommands';
import { registerShellCommands } from './taskShell';
import { swarmCommand, type SwarmCommandDeps } from './support';

export interface SwarmFeature {
  connections: ConnectionManager;
  watcher: SwarmWatcher;
  /** The rows a view shows now (label, description, contextValue), for tests and other extensions. */
  rows(section: SwarmSection, parent?: SwarmElement): { element: SwarmElement; label: string; description: string; contextValue?: string }[];
  /** Marks drifted services in the Stacks view (full service name → drifted fields; the live model's drift). */
  markDrift(drifted: ReadonlyMap<string, string[]>): void;
}

export function registerSwarmFeature(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): { feature: SwarmFeature; disposables: vscode.Disposable[] } {
  const connections = new ConnectionManager(context);
  const watcher = new SwarmWatcher(() => connections.engine());
  const d: SwarmCommandDeps = { context, connections, watcher, output };
  const trees = registerSwarmTrees(watcher, () => connections.active()?.label ?? 'Docker');
  const logs = new ServiceLogChannels();
  const inspect = new InspectDocuments(() => connections.engine());
  // A new connection means a new swarm: nothing of the old one may stay on screen.
  const onConnection = connections.onDidChange(() => watcher.reset());
  const disposables: vscode.Disposable[] = [
    connections,
    trees.disposable,
    logs,
    onConnection,
    { dispose: () => watcher.stop() },
    connectionStatusItem(connections, watcher),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect),
    vscode.commands.registerCommand('swarmPilot.pickConnection', () => connections.pick()),
    swarmCommand(d, 'swarmPilot.refreshSwarm', 'Refresh', { changesSwarm: false }, async () => {
      watcher.start();
      await watcher.refresh();
    }),
    ...registerNodeCommands(d),
    ...registerServiceCommands(d, logs, inspect),
    ...registerDeployCommands(d),
    ...registerStackCommands(d, logs),
    ...registerFileObjectCommands(d),
    ...registerRebalanceCommands(d),
    ...registerShellCommands(d),
  ];
  const feature: SwarmFeature = {
    connections,
    watcher,
    markDrift: (drifted) => {
      const same =
        drifted.size === trees.providers.stacks.drifted.size && [...drifted].every(([k, v]) => trees.providers.stacks.drifted.get(k)?.join() === v.join());
      if (same) return;
      trees.providers.stacks.drifted = drifted;
      trees.providers.stacks.refresh();
    },
    rows: (section, parent) => {
      const provider = trees.providers[section];
      return provider.getChildren(parent).map((element) => {
        const item = provider.getTreeItem(element);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        return { element, label, description: typeof item.description === 'string' ? item.description : '', contextValue: item.contextValue };
      });
    },
  };
  return { feature, disposables };
}
