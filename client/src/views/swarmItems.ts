// Tree items for the Swarm views, built from a snapshot: what each row says, its icon, tooltip and contextValue
// (the `viewItem` the context menus' `when` clauses test).
import * as vscode from 'vscode';
import { nodeName } from '../deploy';
import type { SwarmNode, SwarmTask } from '../engine';
import {
  downNodes,
  moveLine,
  raftHealth,
  rootCaExpiry,
  runningTasksByNode,
  skewedServices,
  type NodeReturns,
  type RescheduledTask,
  type ServiceSummary,
  type SkewedService,
  type SwarmSnapshot,
} from '../swarm';

export type SwarmElement =
  | { type: 'message'; text: string; detail?: string; icon: string; command?: vscode.Command }
  | { type: 'node'; node: SwarmNode }
  | { type: 'stack'; name: string; services: ServiceSummary[] }
  | { type: 'no-stack'; services: ServiceSummary[] }
  | { type: 'service'; service: ServiceSummary }
  | { type: 'task'; task: SwarmTask; service: ServiceSummary }
  | { type: 'group'; label: 'Secrets' | 'Configs'; items: { id: string; name: string; stack?: string }[] }
  | { type: 'object'; kind: 'secret' | 'config'; id: string; name: string; stack?: string }
  | { type: 'down-node'; node: SwarmNode; tasks: RescheduledTask[] };

const AVAILABILITY_ICON = { active: 'pass-filled', pause: 'debug-pause', drain: 'arrow-circle-down' } as const;

const age = (iso?: string) => {
  const ms = Date.now() - Date.parse(iso ?? '');
  if (!Number.isFinite(ms)) return '';
  const s = Math.round(ms / 1000);
  return s < 90 ? `${s}s` : s < 5400 ? `${Math.round(s / 60)}m` : s < 172800 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86400)}d`;
};

/** Per-snapshot results every row of a view needs (computed once per snapshot, not per row). */
const perSnapshot = new WeakMap<SwarmSnapshot, { tasks: Map<string, number>; skewed: Map<string, SkewedService> }>();
function derived(snapshot: SwarmSnapshot) {
  let d = perSnapshot.get(snapshot);
  if (!d) perSnapshot.set(snapshot, (d = { tasks: runningTasksByNode(snapshot), skewed: new Map(skewedServices(snapshot).map((s) => [s.id, s])) }));
  return d;
}

function nodeItem(n: SwarmNode, snapshot: SwarmSnapshot | undefined): vscode.TreeItem {
  const availability = n.Spec.Availability ?? 'active';
  const role = n.Spec.Role ?? 'worker';
  const manager = n.ManagerStatus ? (n.ManagerStatus.Leader ? 'leader' : (n.ManagerStatus.Reachability ?? 'unknown')) : undefined;
  const state = n.Status?.State ?? 'unknown';
  const item = new vscode.TreeItem(nodeName(n));
  const tasks = snapshot ? `${derived(snapshot).tasks.get(n.ID) ?? 0} tasks` : undefined;
  item.description = [manager ? `manager (${manager})` : 'worker', availability, state === 'ready' ? undefined : state, tasks].filter(Boolean).join(' · ');
  const down = state !== 'ready';
  item.iconPath = new vscode.ThemeIcon(
    down ? 'error' : AVAILABILITY_ICON[availability],
    new vscode.ThemeColor(down ? 'errorForeground' : availability === 'active' ? 'testing.iconPassed' : 'editorWarning.foreground'),
  );
  const d = n.Description ?? {};
  const labels =
    Object.entries(n.Spec.Labels ?? {})
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(' ') || '—';
  const md = new vscode.MarkdownString(
    [
      `**${nodeName(n)}** \`${n.ID.slice(0, 12)}\``,
      `Role: ${role}${manager ? ` (${manager})` : ''} · Availability: ${availability} · State: ${state}${n.Status?.Message ? ` (${n.Status.Message})` : ''}`,
      `Engine ${d.Engine?.EngineVersion ?? '?'} · ${d.Platform?.OS ?? '?'}/${d.Platform?.Architecture ?? '?'} · ${((d.Resources?.NanoCPUs ?? 0) / 1e9).toFixed(1)} CPU · ${((d.Resources?.MemoryBytes ?? 0) / 2 ** 30).toFixed(1)} GiB`,
      `Address: ${n.Status?.Addr ?? '?'} · Labels: ${labels}`,
    ].join('\n\n'),
  );
  item.tooltip = md;
  item.contextValue = `swarmPilot.node.${availability}.${role}`;
  item.id = `node:${n.ID}`;
  return item;
}

function serviceItem(s: ServiceSummary, skew: SkewedService | undefined, drifted: string[] | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(s.stack ? s.name.replace(`${s.stack}_`, '') : s.name, vscode.TreeItemCollapsibleState.Collapsed);
  const update = s.updateState && s.updateState !== 'completed' ? ` · ${s.updateState.replace(/_/g, ' ')}` : '';
  item.description = `${s.mode} ${s.running}/${s.desired} · ${s.image}${s.ports.length ? ` · ${s.ports.join(', ')}` : ''}${update}${skew ? ' · skewed' : ''}${drifted ? ` · drifted: ${drifted.join(', ')}` : ''}`;
  const converged = s.running === s.desired;
  const icon = /paused|rollback/.test(s.updateState ?? '')
    ? 'warning'
    : s.updateState === 'updating'
      ? 'sync~spin'
      : drifted
        ? 'diff'
        : converged
          ? 'layers'
          : 'layers-dot';
  item.iconPath = new vscode.ThemeIcon(icon, converged && !drifted ? undefined : new vscode.ThemeColor('editorWarning.foreground'));
  const skewText = skew ? `\n\nSkewed: its tasks use fewer nodes than they could (${moveLine(skew).slice(s.name.length + 2)}); Rebalance spreads them.` : '';
  const driftText = drifted ? `\n\nDrifted from its open stack file: ${drifted.join(', ')} (Compare with Running on the stack shows the differences).` : '';
  item.tooltip = new vscode.MarkdownString(
    `**${s.name}** \`${s.id.slice(0, 12)}\`\n\n${s.mode}, ${s.running}/${s.desired} running, image \`${s.image}\`${s.updateMessage ? `\n\nUpdate: ${s.updateState} — ${s.updateMessage}` : ''}${skewText}${driftText}`,
  );
  item.contextValue = 'swarmPilot.service';
  item.id = `service:${s.id}`;
  return item;
}

function taskItem(t: SwarmTask, nodes: SwarmNode[], s: ServiceSummary): vscode.TreeItem {
  const node = nodes.find((n) => n.ID === t.NodeID);
  const state = t.Status?.State ?? 'unknown';
  const item = new vscode.TreeItem(`${s.name}.${t.Slot ?? (node ? nodeName(node) : t.ID.slice(0, 12))}`);
  item.description = `${state} ${age(t.Status?.Timestamp)} ago · ${node ? nodeName(node) : 'no node'}${t.DesiredState !== state ? ` · desired ${t.DesiredState}` : ''}${t.Status?.Err ? ` · ${t.Status.Err}` : ''}`;
  const failed = state === 'failed' || state === 'rejected';
  item.iconPath = new vscode.ThemeIcon(
    state === 'running' ? 'play-circle' : failed ? 'error' : 'circle-outline',
    failed ? new vscode.ThemeColor('errorForeground') : undefined,
  );
  item.tooltip = `${t.ID}\n${state}${t.Status?.Message ? ` (${t.Status.Message})` : ''}${t.Status?.Err ? `\n${t.Status.Err}` : ''}`;
  // Running tasks (with a container) get Open Shell.
  item.contextValue = state === 'running' && t.DesiredState === 'running' ? 'swarmPilot.task.running' : 'swarmPilot.task';
  return item;
}

/** `drifted`: full service name → the fields that drifted from an open stack file (the live model's drift). */
export function treeItem(e: SwarmElement, snapshot: SwarmSnapshot | undefined, drifted?: ReadonlyMap<string, string[]>): vscode.TreeItem {
  switch (e.type) {
    case 'message': {
      const item = new vscode.TreeItem(e.text);
      item.description = e.detail;
      item.tooltip = e.detail ? `${e.text}\n${e.detail}` : e.text;
      item.iconPath = new vscode.ThemeIcon(e.icon);
      item.command = e.command;
      return item;
    }
    case 'node':
      return nodeItem(e.node, snapshot);
    case 'stack': {
      const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.Expanded);
      const running = e.services.filter((s) => s.running === s.desired).length;
      item.description = `${running}/${e.services.length} services converged`;
      item.iconPath = new vscode.ThemeIcon('package');
      item.contextValue = 'swarmPilot.stack';
      item.id = `stack:${e.name}`;
      return item;
    }
    case 'no-stack': {
      const item = new vscode.TreeItem('Services without stack', vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(e.services.length);
      item.iconPath = new vscode.ThemeIcon('symbol-misc');
      return item;
    }
    case 'service':
      return serviceItem(e.service, snapshot && derived(snapshot).skewed.get(e.service.id), drifted?.get(e.service.name));
    case 'task':
      return taskItem(e.task, snapshot?.nodes ?? [], e.service);
    case 'group': {
      const item = new vscode.TreeItem(e.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(e.items.length);
      item.iconPath = new vscode.ThemeIcon(e.label === 'Secrets' ? 'lock' : 'file-code');
      item.contextValue = e.label === 'Secrets' ? 'swarmPilot.secrets' : 'swarmPilot.configs';
      return item;
    }
    case 'object': {
      const item = new vscode.TreeItem(e.name);
      item.description = e.stack ? `stack ${e.stack}` : undefined;
      item.iconPath = new vscode.ThemeIcon(e.kind === 'secret' ? 'key' : 'file');
      item.contextValue = `swarmPilot.${e.kind}`;
      return item;
    }
    case 'down-node': {
      const item = new vscode.TreeItem(`${nodeName(e.node)} is ${e.node.Status?.State ?? 'down'}`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${e.tasks.length} task(s) rescheduled`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      return item;
    }
  }
}

const REBALANCE: vscode.Command = { command: 'swarmPilot.rebalanceSwarm', title: 'Rebalance' };

const ago = (at: number) => {
  const min = Math.round((Date.now() - at) / 60_000);
  return min < 1 ? 'just now' : min < 90 ? `${min} min ago` : `${Math.round(min / 60)} h ago`;
};

/** Recovery view rows for skew: nodes that came back with the services now skewed, or just the skewed count. */
function skewElements(snapshot: SwarmSnapshot, returns?: NodeReturns): SwarmElement[] {
  const skewed = derived(snapshot).skewed.size;
  if (!skewed) return [];
  const detail = 'click to rebalance';
  const back = (returns?.list() ?? []).map(({ nodeId, at }) => ({ node: snapshot.nodes.find((n) => n.ID === nodeId), at })).filter((r) => r.node);
  if (!back.length)
    return [
      {
        type: 'message',
        text: `${skewed} service(s) skewed: their tasks use fewer nodes than they could`,
        detail,
        icon: 'split-horizontal',
        command: REBALANCE,
      },
    ];
  return back.map(({ node, at }) => ({
    type: 'message',
    text: `node ${nodeName(node!)} returned ${ago(at)}: ${skewed} service(s) skewed`,
    detail,
    icon: 'split-horizontal',
    command: REBALANCE,
  }));
}

/** Recovery view rows: Raft health, CA expiry, down nodes with where their tasks went, skew after nodes returned. */
export function healthElements(snapshot: SwarmSnapshot, returns?: NodeReturns): SwarmElement[] {
  const h = raftHealth(snapshot.nodes);
  const out: SwarmElement[] = [
    {
      type: 'message',
      text: `Raft: ${h.reachable}/${h.managers} managers reachable, quorum needs ${h.needed}`,
      detail: h.evenWarning ? 'an even number of managers tolerates no more failures than one fewer' : h.leader ? `leader ${h.leader}` : undefined,
      icon: h.safe && !h.evenWarning ? 'pass' : 'warning',
    },
  ];
  const ca = rootCaExpiry(snapshot);
  if (ca) {
    const days = Math.floor((ca.getTime() - Date.now()) / 86_400_000);
    out.push({ type: 'message', text: `Swarm root CA expires in ${days} days`, detail: ca.toISOString().slice(0, 10), icon: days < 30 ? 'warning' : 'shield' });
  }
  const down = downNodes(snapshot);
  for (const d of down) out.push({ type: 'down-node', node: d.node, tasks: d.tasks });
  if (!down.length) out.push({ type: 'message', text: 'All nodes are up', icon: 'check' });
  out.push(...skewElements(snapshot, returns));
  return out;
}
