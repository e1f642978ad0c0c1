// The Fleet view: groups (waves, or a label's values) → targets. A target row's click makes its connection the
// active one, so the Nodes and Stacks views show that swarm.
import * as vscode from 'vscode';
import { connectionWord, groupRows, targetDescription, targetTooltip, type GroupRow, type TargetRow } from './fleetRows';
import type { FleetSession } from './fleetSession';

export type FleetElement = { type: 'group'; group: GroupRow } | { type: 'target'; row: TargetRow } | { type: 'message'; text: string; tooltip?: string };

const STATUS_ICON: Record<string, [string, string?]> = {
  pending: ['circle-outline'],
  deploying: ['sync~spin', 'charts.blue'],
  succeeded: ['pass', 'testing.iconPassed'],
  unchanged: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  skipped: ['debug-step-over', 'list.warningForeground'],
  'rolled-back': ['discard', 'list.warningForeground'],
};

export class FleetTreeProvider implements vscode.TreeDataProvider<FleetElement> {
  private readonly changed = new vscode.EventEmitter<FleetElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly session: FleetSession) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: FleetElement): FleetElement[] {
    const s = this.session;
    if (element?.type === 'group') return element.group.targets.map((row) => ({ type: 'target', row }));
    if (element) return [];
    if (!s.selection) return [];
    if (s.error) return [{ type: 'message', text: `Fleet file not usable: ${s.error}` }];
    const groups = groupRows(s.rows(), s.waves, s.grouping, s.run);
    const head: FleetElement[] = s.run
      ? [{ type: 'message', text: `Rollout ${s.run.runId}: ${s.run.status}${s.busy ? ` (${s.busy})` : ''}`, tooltip: s.run.message }]
      : [{ type: 'message', text: `Stack ${s.selection.stack}: no rollout recorded` }];
    return [...head, ...groups.map((group): FleetElement => ({ type: 'group', group }))];
  }

  getTreeItem(element: FleetElement): vscode.TreeItem {
    if (element.type === 'message') {
      const item = new vscode.TreeItem(element.text);
      item.tooltip = element.tooltip;
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'fleetRun';
      return item;
    }
    if (element.type === 'group') {
      const item = new vscode.TreeItem(element.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = element.group.description;
      item.contextValue = 'fleetGroup';
      return item;
    }
    const row = element.row;
    const item = new vscode.TreeItem(row.name);
    item.id = `fleet-target:${row.name}`;
    item.description = targetDescription(row);
    item.tooltip = targetTooltip(row);
    const word = connectionWord(row);
    const [icon, color] =
      word === 'not allowed'
        ? ['lock', 'list.warningForeground']
        : word === 'unreachable'
          ? ['debug-disconnect', 'list.errorForeground']
          : (STATUS_ICON[row.state?.status ?? ''] ?? ['server']);
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = row.connection.allowed ? 'fleetTarget' : 'fleetTargetNotAllowed';
    item.command = { command: 'swarmPilot.openFleetTarget', title: 'Show in Nodes and Stacks', arguments: [row.name] };
    return item;
  }
}
