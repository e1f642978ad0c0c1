// What every swarm command shares: the trust gate, modal confirmation, pickers for the palette (when no tree row
// was passed), error reporting with Retry / Edit connection, and progress with cancel.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connections/connectionManager';
import { defaultStateDir, FileRevisionStore, nodeName } from '../deploy';
import { EngineError, type EngineClient, type SwarmNode } from '../engine';
import { OpRefused, takeSnapshot, type ServiceSummary, type SwarmSnapshot, type SwarmWatcher } from '../swarm';
import type { SwarmElement } from '../views/swarmItems';

export interface SwarmCommandDeps {
  context: vscode.ExtensionContext;
  connections: ConnectionManager;
  watcher: SwarmWatcher;
  output: vscode.LogOutputChannel;
}

/** Thrown to end a command quietly (the user cancelled a picker or a dialog). */
export class Cancelled extends Error {}

/**
 * Operations change a live swarm, so an untrusted workspace cannot run them (the manifest's `enablement` hides
 * them; this check also covers executeCommand from elsewhere).
 */
export function requireTrust(what: string): void {
  if (vscode.workspace.isTrusted) return;
  void vscode.window
    .showErrorMessage(
      `Swarm Pilot: "${what}" changes the swarm and is disabled in an untrusted workspace. Trust the workspace to use it.`,
      'Manage Workspace Trust',
    )
    .then((a) => {
      if (a) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  throw new Cancelled();
}

/** A modal question; resolves to the chosen action, or throws Cancelled. */
export async function confirm(message: string, detail: string, ...actions: string[]): Promise<string> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  if (!choice) throw new Cancelled();
  return choice;
}

/** Where the extension keeps stack revisions: the same directory as the CLI, so both see the same history. */
export const revisionStore = () => new FileRevisionStore(defaultStateDir(process.env, homedir()));

export async function engineOf(d: SwarmCommandDeps): Promise<EngineClient> {
  return d.connections.engine();
}

/** The explorer's snapshot when it has one, else a fresh read. */
export async function snapshotOf(d: SwarmCommandDeps): Promise<SwarmSnapshot> {
  const s = d.watcher.current;
  if (s.kind === 'ready') return s.snapshot;
  return takeSnapshot(await engineOf(d));
}

/** The node a command acts on: the tree row it was invoked on, or one picked from the swarm. */
export async function nodeArg(d: SwarmCommandDeps, arg: unknown, title: string, filter: (n: SwarmNode) => boolean = () => true): Promise<SwarmNode> {
  const el = arg as SwarmElement | undefined;
  if (el && (el.type === 'node' || el.type === 'down-node')) return el.node;
  const snapshot = await snapshotOf(d);
  const candidates = snapshot.nodes.filter(filter);
  if (!candidates.length) {
    void vscode.window.showInformationMessage(`Swarm Pilot: no node to ${title.toLowerCase()}.`);
    throw new Cancelled();
  }
  const pick = await vscode.window.showQuickPick(
    candidates.map((n) => ({ label: nodeName(n), description: `${n.Spec.Role} · ${n.Spec.Availability} · ${n.Status?.State ?? '?'}`, node: n })),
    { title: `Swarm Pilot: ${title}`, placeHolder: 'Node' },
  );
  if (!pick) throw new Cancelled();
  return pick.node;
}

/** The service a command acts on: the tree row (service or task) or one picked from the swarm. */
export async function serviceArg(d: SwarmCommandDeps, arg: unknown, title: string): Promise<ServiceSummary> {
  const el = arg as SwarmElement | undefined;
  if (el && (el.type === 'service' || el.type === 'task')) return el.service;
  const snapshot = await snapshotOf(d);
  if (!snapshot.services.length) {
    void vscode.window.showInformationMessage('Swarm Pilot: the swarm has no services.');
    throw new Cancelled();
  }
  const pick = await vscode.window.showQuickPick(
    snapshot.services.map((s) => ({ label: s.name, description: `${s.mode} ${s.running}/${s.desired} · ${s.image}`, service: s })),
    { title: `Swarm Pilot: ${title}`, placeHolder: 'Service', matchOnDescription: true },
  );
  if (!pick) throw new Cancelled();
  return pick.service;
}

/** The stack a command acts on: the tree row, a name passed by a caller, or one picked from the swarm's stacks. */
export async function stackArg(d: SwarmCommandDeps, arg: unknown, title: string, placeHolder: string): Promise<string> {
  const el = arg as SwarmElement | undefined;
  if (el?.type === 'stack') return el.name;
  if (typeof arg === 'string') return arg;
  const names = [...new Set((await snapshotOf(d)).services.map((s) => s.stack).filter((s): s is string => !!s))];
  const stack = await vscode.window.showQuickPick(names, { title: `Swarm Pilot: ${title}`, placeHolder });
  if (!stack) throw new Cancelled();
  return stack;
}

/** Shows an error in words, with Retry (runs the command again) and Edit connection where they make sense. */
export async function reportError(d: SwarmCommandDeps, what: string, err: unknown, retry: () => unknown): Promise<void> {
  if (err instanceof Cancelled) return void d.output.info(`${what}: cancelled`);
  const e = err as Error;
  d.output.error(`${what}: ${e?.stack ?? e}`);
  const actions: string[] = [];
  if (e instanceof EngineError) {
    if (e.actions.includes('retry')) actions.push('Retry');
    if (e.actions.includes('edit-connection')) actions.push('Edit Connection');
  } else if (!(e instanceof OpRefused)) actions.push('Retry');
  const details = e instanceof OpRefused && e.details.length ? ` ${e.details.join(' ')}` : '';
  const choice = await vscode.window.showErrorMessage(`Swarm Pilot: ${what} failed: ${e?.message ?? e}${details}`, ...actions);
  if (choice === 'Retry') await retry();
  else if (choice === 'Edit Connection') await d.connections.pick();
}

/** A cancellable notification progress; the callback gets an AbortSignal wired to Cancel. */
export function withCancellableProgress<T>(
  title: string,
  fn: (report: (message: string, increment?: number) => void, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return fn((message, increment) => progress.report({ message, increment }), ac.signal);
  });
}

/**
 * Registers a swarm command: runs the trust gate for operations, reports errors (Retry re-runs it with the same
 * arguments), and refreshes the views afterwards.
 */
export function swarmCommand(
  d: SwarmCommandDeps,
  id: string,
  what: string,
  opts: { changesSwarm: boolean },
  fn: (...args: unknown[]) => Promise<unknown>,
): vscode.Disposable {
  const run = async (...args: unknown[]): Promise<unknown> => {
    try {
      if (opts.changesSwarm) requireTrust(what);
      const result = await fn(...args);
      if (opts.changesSwarm) d.output.info(`${what}: done${result && typeof result === 'object' && 'outcome' in result ? ` (${String(result.outcome)})` : ''}`);
      return result;
    } catch (err) {
      await reportError(d, what, err, () => run(...args));
      return undefined;
    } finally {
      if (opts.changesSwarm) void d.watcher.refresh();
    }
  };
  return vscode.commands.registerCommand(id, run);
}
