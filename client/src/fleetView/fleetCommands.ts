// Deploy to Fleet (a stack file → a fleet file's targets, with the wave plan in a read-only preview and a modal
// Deploy), Pause / Resume / Roll Back Fleet, the view's grouping, and a target's click that switches the Nodes and
// Stacks views to its connection. Everything that changes a swarm goes through swarmCommand (trust gate, errors).
import * as vscode from 'vscode';
import { changedTargets, fleetEventLine, type FleetEvent, type FleetResult } from '../fleet';
import { bundledFleetValidator } from '../language/coreLoader';
import { defaultStackName } from '../swarmCommands/deployCommands';
import { Cancelled, confirm, swarmCommand, type SwarmCommandDeps } from '../swarmCommands/support';
import { labelKeys } from './fleetRows';
import type { FleetSession } from './fleetSession';
import { formatWavePreview, previewSummary } from './wavePreview';

export const FLEET_PLAN_SCHEME = 'swarm-pilot-fleet-plan';
const STACK_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** The wave plan documents (read-only; the latest plan per URI). */
export class WavePlanDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  show(stack: string, fleet: string, text: string): Thenable<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: FLEET_PLAN_SCHEME, path: `/${fleet}--${stack}.plan` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return vscode.window.showTextDocument(uri, { preview: true, preserveFocus: false });
  }
}

async function stackUri(arg: unknown): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active?.uri.scheme === 'file' && /\.ya?ml$/i.test(active.uri.path) && !/\.fleet\.ya?ml$/i.test(active.uri.path)) return active.uri;
  throw new Error('open the stack file to deploy (or right-click it in the Explorer)');
}

/** The workspace's fleet file: the one used last for this stack file when it still exists, the only one, or a pick. */
async function fleetUri(remembered: string | undefined): Promise<vscode.Uri> {
  const found = await vscode.workspace.findFiles('**/*.fleet.{yaml,yml}', '**/node_modules/**', 200);
  if (!found.length) throw new Error('no fleet file (*.fleet.yaml) in the workspace: see "Fleet rollouts" in the README');
  const last = found.find((u) => u.fsPath === remembered);
  if (found.length === 1) return found[0];
  const pick = await vscode.window.showQuickPick(
    [...(last ? [last] : []), ...found.filter((u) => u !== last)].map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: 'Swarm Pilot: Deploy to Fleet', placeHolder: 'The fleet file (targets and rollout policy)' },
  );
  if (!pick) throw new Cancelled();
  return pick.uri;
}

export function registerFleetCommands(d: SwarmCommandDeps, session: FleetSession, plans: WavePlanDocuments): vscode.Disposable[] {
  const channel = vscode.window.createOutputChannel('Swarm Pilot: Fleet');
  const checkFleet = bundledFleetValidator(d.context.extensionPath);

  /** Runs a rollout action with a progress notification (Cancel pauses), then says how it ended. */
  const runWithProgress = (title: string, act: Parameters<FleetSession['start']>[2]): Thenable<FleetResult> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      const onEvent = (e: FleetEvent) => {
        channel.append(fleetEventLine(e));
        progress.report({ message: fleetEventLine(e).trim() });
      };
      const result = await session.start(title, ac.signal, act, onEvent);
      channel.appendLine(`${result.outcome}: ${result.message}`);
      for (const e of result.errors ?? []) channel.appendLine(e);
      void announce(result);
      void session.probe().catch((err: Error) => d.output.warn(`fleet: ${err.message}`));
      return result;
    });

  const announce = async (result: FleetResult): Promise<void> => {
    const text = `Swarm Pilot: ${result.message}`;
    if (result.outcome === 'succeeded') return void vscode.window.showInformationMessage(text);
    const actions = result.outcome === 'paused' || result.outcome === 'interrupted' ? ['Resume', 'Roll Back', 'Show Output'] : ['Show Output'];
    const choice = await (result.outcome === 'paused' || result.outcome === 'interrupted'
      ? vscode.window.showWarningMessage(text, ...actions)
      : vscode.window.showErrorMessage(text, ...actions));
    if (choice === 'Resume') void vscode.commands.executeCommand('swarmPilot.resumeFleet');
    else if (choice === 'Roll Back') void vscode.commands.executeCommand('swarmPilot.rollbackFleet');
    else if (choice === 'Show Output') channel.show(true);
  };

  const deploy = async (arg?: unknown, fleetArg?: unknown, stackArg?: unknown, yes?: unknown): Promise<FleetResult | undefined> => {
    if (session.busy) throw new Error(`the fleet is busy: ${session.busy}`);
    const stackFile = await stackUri(arg);
    const key = `swarmPilot.fleet.for:${stackFile.toString()}`;
    const remembered = d.context.workspaceState.get<{ fleetPath: string; stack: string }>(key);
    const fleetFile = fleetArg instanceof vscode.Uri ? fleetArg : await fleetUri(remembered?.fleetPath);
    const stack =
      typeof stackArg === 'string'
        ? stackArg
        : await vscode.window.showInputBox({
            title: `Swarm Pilot: deploy ${vscode.workspace.asRelativePath(stackFile)} to ${vscode.workspace.asRelativePath(fleetFile)}`,
            prompt: 'Stack name on every target',
            value: remembered?.stack ?? defaultStackName(stackFile.fsPath),
            validateInput: (v) => (STACK_NAME_RE.test(v) ? undefined : 'Letters, digits, _ . - ; starting with a letter or digit'),
          });
    if (!stack) throw new Cancelled();
    if (!STACK_NAME_RE.test(stack)) throw new Error(`invalid stack name "${stack}"`);
    const fleetText = (await vscode.workspace.openTextDocument(fleetFile)).getText();
    const fleetErrors = checkFleet(fleetText, fleetFile.fsPath, process.env);
    if (fleetErrors.length) {
      channel.appendLine(fleetErrors.join('\n'));
      throw new Error(`${vscode.workspace.asRelativePath(fleetFile)} has ${fleetErrors.length} error(s) (see the Problems panel); nothing was deployed`);
    }
    await d.context.workspaceState.update(key, { fleetPath: fleetFile.fsPath, stack });
    await session.select({ fleetPath: fleetFile.fsPath, stackPath: stackFile.fsPath, stack });
    if (!session.fleet) throw new Error(session.error ?? 'the fleet file could not be read');
    const fleet = session.fleet;
    channel.appendLine(`\n=== deploy ${vscode.workspace.asRelativePath(stackFile)} as ${stack} to fleet ${fleet.name} (${new Date().toISOString()})`);
    const text = (await vscode.workspace.openTextDocument(stackFile)).getText();
    const planned = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Planning stack ${stack} on ${fleet.targets.length} target(s)` },
      async () => {
        const runner = session.runner([{ path: stackFile.fsPath, text }]);
        try {
          return await runner.plan();
        } finally {
          runner.close();
        }
      },
    );
    const preview = formatWavePreview({
      fleet,
      fleetPath: vscode.workspace.asRelativePath(fleetFile),
      stack,
      stackPath: vscode.workspace.asRelativePath(stackFile),
      waves: session.waves,
      plans: planned.targets,
      connections: session.allConnections(),
      errors: planned.errors,
    });
    channel.appendLine(preview);
    await plans.show(stack, fleet.name, preview);
    if (planned.errors.length) throw new Error(`the stack file has ${planned.errors.length} error(s); no target was touched (see the wave plan)`);
    if (yes !== true)
      await confirm(
        `Deploy stack ${stack} to fleet ${fleet.name}: ${previewSummary(planned.targets, session.allConnections())}?`,
        `${session.waves.length} wave(s), in order; the wave plan is in the editor. A wave whose failures exceed its budget stops the rollout (${fleet.rollout.onBudgetExceeded}). Cancel on the progress notification pauses it.`,
        'Deploy',
      );
    return runWithProgress(`Deploying ${stack} to fleet ${fleet.name}`, (runner) => runner.deploy());
  };

  const resume = async (yes?: unknown) => {
    session.reload();
    const sel = need();
    if (yes !== true)
      await confirm(`Resume the rollout of ${sel.stack} to fleet ${session.fleet!.name}?`, 'Finished targets are not deployed again.', 'Resume');
    return runWithProgress(`Resuming ${sel.stack} on fleet ${session.fleet!.name}`, (runner) => runner.resume());
  };

  const rollback = async (yes?: unknown) => {
    session.reload();
    const sel = need();
    const changed = session.run ? changedTargets(session.run) : [];
    if (yes !== true)
      await confirm(
        `Roll back what the rollout of ${sel.stack} changed in fleet ${session.fleet!.name}?`,
        changed.length
          ? `Back to their previous revision, in parallel: ${changed.join(', ')}. The other targets are left as they are.`
          : 'The recorded rollout changed no target.',
        'Roll Back',
      );
    return runWithProgress(`Rolling back ${sel.stack} on fleet ${session.fleet!.name}`, (runner) => runner.rollback());
  };

  const need = () => {
    const sel = session.selection;
    if (!sel || !session.fleet) throw new Error(session.error ?? 'no fleet rollout yet: run "Deploy to Fleet" on a stack file first');
    if (session.busy) throw new Error(`the fleet is busy: ${session.busy}`);
    return sel;
  };

  const openTarget = async (name?: unknown) => {
    const c = typeof name === 'string' ? session.connection(name) : undefined;
    if (!c) throw new Error(`no fleet target ${String(name)}`);
    if (!c.allowed) {
      // Not awaited: a notification stays until the user acts on it, and the command's answer must not wait for that.
      void vscode.window.showWarningMessage(`Swarm Pilot: fleet target ${String(name)} is ${c.reason}.`, 'Open User Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'swarmPilot.connections');
      });
      return undefined;
    }
    await d.connections.choose(c.entryId);
    d.watcher.start();
    return c.entryId;
  };

  const groupByLabel = async (key?: unknown) => {
    const keys = session.fleet ? labelKeys(session.fleet) : [];
    if (!keys.length) throw new Error('the fleet targets have no labels');
    const chosen = typeof key === 'string' ? key : await vscode.window.showQuickPick(keys, { title: 'Swarm Pilot: group the fleet by label' });
    if (!chosen) throw new Cancelled();
    session.grouping = { by: 'label', key: chosen };
    session.reload();
  };

  return [
    channel,
    vscode.workspace.registerTextDocumentContentProvider(FLEET_PLAN_SCHEME, plans),
    swarmCommand(d, 'swarmPilot.deployToFleet', 'Deploy to fleet', { changesSwarm: true }, deploy),
    swarmCommand(d, 'swarmPilot.resumeFleet', 'Resume fleet rollout', { changesSwarm: true }, resume),
    swarmCommand(d, 'swarmPilot.rollbackFleet', 'Roll back fleet rollout', { changesSwarm: true }, rollback),
    swarmCommand(d, 'swarmPilot.pauseFleet', 'Pause fleet rollout', { changesSwarm: false }, async () => {
      if (!session.pause()) void vscode.window.showInformationMessage('Swarm Pilot: no fleet rollout is running in this window.');
    }),
    swarmCommand(d, 'swarmPilot.openFleetTarget', 'Show fleet target', { changesSwarm: false }, openTarget),
    swarmCommand(d, 'swarmPilot.refreshFleet', 'Refresh fleet', { changesSwarm: false }, async () => {
      session.reload();
      await session.probe();
    }),
    swarmCommand(d, 'swarmPilot.groupFleetByWave', 'Group fleet by wave', { changesSwarm: false }, async () => {
      session.grouping = { by: 'wave' };
      session.reload();
    }),
    swarmCommand(d, 'swarmPilot.groupFleetByLabel', 'Group fleet by label', { changesSwarm: false }, groupByLabel),
    vscode.commands.registerCommand('swarmPilot.showFleetOutput', () => channel.show(true)),
  ];
}
