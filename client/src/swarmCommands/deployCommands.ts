// "Deploy Stack" and "Roll Back Stack" in the editor: the deploy engine (client/src/deploy) with the plan shown for
// confirmation, a cancellable progress notification that ends in the outcome (converged, rolled back …), and the
// revisions shared with the `swarm-pilot` CLI (same state directory), so either can roll back what the other deployed.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import {
  deployEventLines,
  DeployRunner,
  formatPlan,
  rollbackStack,
  type DeployEvent,
  type DeployOptions,
  type DeployResult,
  type ResolveImage,
  type StackPlan,
} from '../deploy';
import { bundledStackValidator } from '../language/coreLoader';
import { Cancelled, engineOf, revisionStore, stackArg, swarmCommand, withCancellableProgress, type SwarmCommandDeps } from './support';

const STACK_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** `docker-stack.prod.yml` → `prod`, `web-stack.yml` → `web`, else the folder's name. */
export function defaultStackName(path: string): string {
  const base = basename(path)
    .replace(/\.ya?ml$/i, '')
    .replace(/^docker-?/, '')
    .replace(/[-_.]?stack[-_.]?/i, '');
  const name = (base || basename(dirname(path))).replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
  return name || 'stack';
}

function deploySettings(): Pick<DeployOptions, 'parallel' | 'resolveImage' | 'prune' | 'timeoutSeconds' | 'breaker'> {
  const c = vscode.workspace.getConfiguration('swarmPilot.deploy');
  const ratio = c.get<number | null>('failureRatio', null);
  return {
    parallel: c.get<number>('parallel', 4),
    resolveImage: c.get<ResolveImage>('resolveImage', 'always'),
    prune: c.get<boolean>('prune', false),
    timeoutSeconds: c.get<number>('timeoutSeconds', 300),
    breaker: typeof ratio === 'number' ? { stackRatio: ratio } : undefined,
  };
}

/** Plan text into the deploy output, then a modal with the summary; declining leaves the swarm untouched. */
function planConfirmation(channel: vscode.OutputChannel, verb: string): (plan: StackPlan) => Promise<boolean> {
  return async (plan) => {
    const text = formatPlan(plan);
    channel.appendLine(text);
    const count = (a: string) => plan.services.filter((s) => s.action === a).length;
    const summary = `${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged${plan.prune ? `, ${count('remove')} to remove` : ''}`;
    const body = text.split('\n').slice(1).join('\n');
    const choice = await vscode.window.showInformationMessage(
      `${verb} stack ${plan.stack}: ${summary}?`,
      { modal: true, detail: body.length > 3000 ? `${body.slice(0, 3000)}\n… (the whole plan is in the "Swarm Pilot: Deploy" output)` : body },
      verb,
    );
    return choice === verb;
  };
}

/** Progress lines from the runner's events; the full log (the CLI's lines) goes to the output channel. */
function progressListener(channel: vscode.OutputChannel, report: (m: string) => void): (e: DeployEvent) => void {
  return (e) => {
    for (const line of deployEventLines(e)) channel.appendLine(line);
    switch (e.type) {
      case 'state':
        report(e.state.replace('-', ' '));
        return;
      case 'warning':
        channel.appendLine(`warning: ${e.message}`);
        return;
      case 'progress':
        report(`${e.report.converged}/${e.report.total} services converged`);
        return;
      case 'tripped':
        report(`${e.trip.service} failing — rolling back`);
        return;
      default:
        return;
    }
  };
}

/** The outcome as a notification; refused deploys (file errors) offer the Problems panel. */
async function announce(channel: vscode.OutputChannel, result: DeployResult): Promise<void> {
  channel.appendLine(`${result.status}: ${result.message}`);
  const first = result.message.split('\n')[0];
  // Success, and what the user chose (declined, cancelled), is information; everything else is an error.
  if (['converged', 'unchanged', 'submitted', 'declined', 'cancelled'].includes(result.status)) {
    void vscode.window.showInformationMessage(`Swarm Pilot: ${first}`);
  } else {
    const action = result.status === 'refused' && result.diagnostics ? 'Show Problems' : 'Show Output';
    const choice = await vscode.window.showErrorMessage(`Swarm Pilot: ${first}`, action);
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    else if (choice === 'Show Output') channel.show(true);
  }
}

/** The stack file: the Uri a menu passed, the active YAML editor, or one picked from the workspace. */
async function stackFile(arg: unknown): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && /\.ya?ml$/i.test(active.uri.path)) return active.uri;
  const found = await vscode.workspace.findFiles('**/*.{yml,yaml}', '**/node_modules/**', 500);
  const pick = await vscode.window.showQuickPick(
    found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: 'Swarm Pilot: Deploy Stack', placeHolder: 'The stack file to deploy' },
  );
  if (!pick) throw new Cancelled();
  return pick.uri;
}

export function registerDeployCommands(d: SwarmCommandDeps): vscode.Disposable[] {
  const channel = vscode.window.createOutputChannel('Swarm Pilot: Deploy');
  const validateStack = bundledStackValidator(d.context.extensionPath);
  const store = revisionStore();

  const deploy = async (arg?: unknown, stackArg?: unknown): Promise<DeployResult> => {
    const uri = await stackFile(arg);
    const doc = await vscode.workspace.openTextDocument(uri);
    const key = `swarmPilot.stackName:${uri.toString()}`;
    const remembered = d.context.workspaceState.get<string>(key);
    const stack =
      typeof stackArg === 'string'
        ? stackArg
        : await vscode.window.showInputBox({
            title: `Swarm Pilot: deploy ${vscode.workspace.asRelativePath(uri)}`,
            prompt: 'Stack name (docker stack deploy … NAME)',
            value: remembered ?? defaultStackName(uri.fsPath),
            validateInput: (v) => (STACK_NAME_RE.test(v) ? undefined : 'Letters, digits, _ . - ; starting with a letter or digit'),
          });
    if (!stack) throw new Cancelled();
    if (!STACK_NAME_RE.test(stack)) throw new Error(`invalid stack name "${stack}"`);
    await d.context.workspaceState.update(key, stack);
    const engine = await engineOf(d);
    channel.appendLine(`\n=== deploy ${vscode.workspace.asRelativePath(uri)} as stack ${stack} (${new Date().toISOString()})`);
    const result = await withCancellableProgress(`Deploying stack ${stack}`, (report, signal) =>
      new DeployRunner({
        ...deploySettings(),
        client: engine,
        stack,
        // What the editor shows is what is validated and deployed (unsaved edits included).
        source: { files: [{ path: uri.fsPath, text: doc.getText() }], env: process.env, workingDir: dirname(uri.fsPath) },
        validate: validateStack,
        store,
        confirm: planConfirmation(channel, 'Deploy'),
        signal,
        onEvent: progressListener(channel, report),
      }).run(),
    );
    await announce(channel, result);
    return result;
  };

  const rollback = async (arg?: unknown): Promise<DeployResult> => {
    const stack = await stackArg(d, arg, 'Roll Back Stack', 'Stack to roll back to its previous revision');
    const engine = await engineOf(d);
    channel.appendLine(`\n=== roll back stack ${stack} (${new Date().toISOString()})`);
    const result = await withCancellableProgress(`Rolling back stack ${stack}`, (report, signal) =>
      rollbackStack({
        ...deploySettings(),
        client: engine,
        stack,
        env: process.env,
        store,
        confirm: planConfirmation(channel, 'Roll Back'),
        signal,
        onTarget: (t) =>
          channel.appendLine(
            t.revision
              ? `previous revision ${t.revision.id} (${t.revision.deployedAt})`
              : t.files
                ? 'previous files from the services label'
                : `nothing to roll back to: ${t.reason}`,
          ),
        onEvent: progressListener(channel, report),
      }),
    );
    await announce(channel, result);
    return result;
  };

  return [
    channel,
    swarmCommand(d, 'swarmPilot.deployStack', 'Deploy stack', { changesSwarm: true }, deploy),
    swarmCommand(d, 'swarmPilot.rollbackStack', 'Roll back stack', { changesSwarm: true }, rollback),
    vscode.commands.registerCommand('swarmPilot.showDeployOutput', () => channel.show(true)),
  ];
}
