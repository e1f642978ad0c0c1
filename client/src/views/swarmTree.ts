// The three live views of the Swarm Pilot container (Nodes, Stacks, Recovery) over one SwarmWatcher. The watcher
// starts when a view first becomes visible; tasks are polled only while a service row is expanded.
import * as vscode from 'vscode';
import { EngineError } from '../engine';
import { NodeReturns, raftHealth, stacksOf, tasksOf, type SwarmSnapshot, type SwarmWatcher, type WatcherState } from '../swarm';
import { healthElements, treeItem, type SwarmElement } from './swarmItems';

export type SwarmSection = 'nodes' | 'stacks' | 'health';

const RETRY: vscode.Command = { command: 'swarmPilot.refreshSwarm', title: 'Retry' };

/** One placeholder row for a state without data (connecting, unreachable), never an error per row. */
function stateMessage(state: WatcherState, connection: string): SwarmElement | undefined {
  if (state.kind === 'idle' || state.kind === 'loading') return { type: 'message', text: `Connecting to ${connection}…`, icon: 'loading~spin' };
  if (state.kind !== 'error') return undefined;
  const e = state.error;
  const text = e instanceof EngineError && e.kind === 'not-in-swarm' ? `${connection} is not part of a swarm` : `Cannot reach ${connection}`;
  return {
    type: 'message',
    text: state.snapshot ? `${text} — showing the last state read` : text,
    detail: `${e.message} · click to retry`,
    icon: 'debug-disconnect',
    command: RETRY,
  };
}

function sectionRoots(section: SwarmSection, s: SwarmSnapshot, returns: NodeReturns): SwarmElement[] {
  if (section === 'health') return healthElements(s, returns);
  if (section === 'nodes') {
    const rank = (n: (typeof s.nodes)[number]) => (n.ManagerStatus?.Leader ? 0 : n.Spec.Role === 'manager' ? 1 : 2);
    const nodes: SwarmElement[] = [...s.nodes]
      .sort((a, b) => rank(a) - rank(b) || (a.Description?.Hostname ?? '').localeCompare(b.Description?.Hostname ?? ''))
      .map((node) => ({ type: 'node', node }));
    // Quorum lost, or an even manager count (no more fault tolerance than one manager fewer): say it on top.
    const h = raftHealth(s.nodes);
    if (!h.safe || h.evenWarning)
      nodes.unshift({
        type: 'message',
        text: h.safe ? `${h.managers} managers: an even number` : 'Raft quorum lost',
        detail: h.safe ? 'tolerates no more manager failures than one manager fewer; add or demote one' : h.reason,
        icon: 'warning',
      });
    return nodes;
  }
  const out: SwarmElement[] = [];
  for (const [name, services] of stacksOf(s)) out.push(name === undefined ? { type: 'no-stack', services } : { type: 'stack', name, services });
  if (s.secrets.length) out.push({ type: 'group', label: 'Secrets', items: s.secrets });
  if (s.configs.length) out.push({ type: 'group', label: 'Configs', items: s.configs });
  if (out.length === 0)
    out.push({
      type: 'message',
      text: 'No services yet',
      detail: 'deploy a stack file',
      icon: 'info',
      command: { command: 'swarmPilot.deployStack', title: 'Deploy Stack' },
    });
  return out;
}

export class SwarmTreeProvider implements vscode.TreeDataProvider<SwarmElement> {
  private readonly changed = new vscode.EventEmitter<SwarmElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly section: SwarmSection,
    private readonly watcher: SwarmWatcher,
    private readonly connectionLabel: () => string,
    private readonly returns: NodeReturns,
  ) {}

  /** Services drifted from their open stack files (set by the live feature), by full name → fields. */
  drifted: ReadonlyMap<string, string[]> = new Map();

  /** Called by the view owner after each settled watcher change. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(e: SwarmElement): vscode.TreeItem {
    return treeItem(e, this.watcher.lastSnapshot, this.drifted);
  }

  getChildren(e?: SwarmElement): SwarmElement[] {
    const snapshot = this.watcher.lastSnapshot;
    if (!e) {
      const message = stateMessage(this.watcher.current, this.connectionLabel());
      return [...(message ? [message] : []), ...(snapshot ? sectionRoots(this.section, snapshot, this.returns) : [])];
    }
    switch (e.type) {
      case 'stack':
      case 'no-stack': {
        // From the current snapshot, not the row's copy: the row may be older than the last refresh.
        const stack = e.type === 'stack' ? e.name : undefined;
        return (snapshot?.services.filter((s) => s.stack === stack) ?? e.services).map((service) => ({ type: 'service', service }));
      }
      case 'service': {
        const fresh = snapshot?.services.find((s) => s.id === e.service.id) ?? e.service;
        return snapshot ? tasksOf(snapshot, fresh.id).map((task) => ({ type: 'task', task, service: fresh })) : [];
      }
      case 'group':
        return e.items.map((o) => ({ type: 'object', kind: e.label === 'Secrets' ? 'secret' : 'config', id: o.id, name: o.name, stack: o.stack }));
      case 'down-node':
        return e.tasks.map((t) => ({
          type: 'message',
          text: `${t.service}${t.slot ? `.${t.slot}` : ''}`,
          detail: t.now ?? 'not rescheduled yet',
          icon: t.running ? 'arrow-right' : 'watch',
        }));
      default:
        return [];
    }
  }
}

/**
 * Registers the Nodes, Stacks and Recovery views. The watcher starts the first time one is visible (no engine
 * traffic for users who never open the container) and a single listener redraws all three per settled change.
 */
export function registerSwarmTrees(
  watcher: SwarmWatcher,
  connectionLabel: () => string,
): { views: Record<SwarmSection, vscode.TreeView<SwarmElement>>; providers: Record<SwarmSection, SwarmTreeProvider>; disposable: vscode.Disposable } {
  const disposables: vscode.Disposable[] = [];
  const providers = {} as Record<SwarmSection, SwarmTreeProvider>;
  const views = {} as Record<SwarmSection, vscode.TreeView<SwarmElement>>;
  const expandedServices = new Map<string, { dispose(): void }>();
  // When nodes came back, for the Recovery view's "node vm-w1 returned 4 min ago: 3 services skewed".
  const returns = new NodeReturns();
  for (const section of ['nodes', 'stacks', 'health'] as const) {
    const provider = new SwarmTreeProvider(section, watcher, connectionLabel, returns);
    const view = vscode.window.createTreeView(`swarmPilot.${section}`, { treeDataProvider: provider, showCollapseAll: section === 'stacks' });
    providers[section] = provider;
    views[section] = view;
    disposables.push(
      view,
      view.onDidChangeVisibility((e) => {
        if (e.visible) watcher.start();
      }),
    );
    if (view.visible) watcher.start();
  }
  // Tasks have no engine events: poll while at least one service shows its tasks.
  disposables.push(
    views.stacks.onDidExpandElement(({ element }) => {
      if (element.type === 'service' && !expandedServices.has(element.service.id)) expandedServices.set(element.service.id, watcher.watchTasks());
    }),
    views.stacks.onDidCollapseElement(({ element }) => {
      if (element.type !== 'service') return;
      expandedServices.get(element.service.id)?.dispose();
      expandedServices.delete(element.service.id);
    }),
    watcher.onChange(() => {
      const s = watcher.current;
      if (s.kind === 'ready') returns.observe(s.snapshot);
      for (const p of Object.values(providers)) p.refresh();
      if (s.kind === 'ready') {
        views.nodes.description = `${s.snapshot.nodes.length} nodes`;
        views.stacks.description = `${s.snapshot.services.length} services`;
      }
    }),
    { dispose: () => expandedServices.forEach((w) => w.dispose()) },
  );
  return { views, providers, disposable: vscode.Disposable.from(...disposables) };
}
