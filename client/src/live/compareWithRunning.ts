// "Compare with Running": VS Code's diff editor with the live stack rendered as a stack file on the left (read-only,
// the field-level differences in a leading comment block) and the file on the right.
import * as vscode from 'vscode';
import { formatDrift, renderLiveStack } from '../deploy';
import { STACK_LABEL } from '../swarm';
import type { SwarmElement } from '../views/swarmItems';
import type { LiveModel } from './liveModel';

export const LIVE_SCHEME = 'swarm-pilot-live';

/** The left side's URI for a file: `swarm-pilot-live:/<stack> (running).yml?<file uri>`. */
const liveUri = (stack: string, file: vscode.Uri) => vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${stack} (running).yml`, query: file.toString() });

export class LiveStackDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();

  constructor(private readonly model: LiveModel) {
    // The left side follows the swarm (and the file) like the lenses do.
    model.onDidChange(() => {
      for (const u of this.open) this.changed.fire(vscode.Uri.parse(u));
    });
  }

  /** The file changed: its open comparison follows. */
  fileChanged(file: vscode.Uri): void {
    for (const u of this.open) if (vscode.Uri.parse(u).query === file.toString()) this.changed.fire(vscode.Uri.parse(u));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.open.add(uri.toString());
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri.query));
    const result = this.model.get(doc);
    if (result.kind !== 'live')
      return `# No live stack to compare with: ${result.kind === 'error' ? result.message : result.kind === 'no-stack' ? 'the file names no deployed stack' : 'no connection to a swarm (or swarmPilot.live.enabled is false)'}\n`;
    const { live } = result;
    const services = live.snapshot.services.filter((s) => s.service.Spec?.Labels?.[STACK_LABEL] === live.stack).map((s) => s.service);
    const header = [
      `Stack ${live.stack} as it runs on ${live.connection} (read-only; engine defaults and deploy labels left out).`,
      'Field-level differences (live → file):',
      ...formatDrift(live.drift).map((l) => `  ${l}`),
    ];
    return renderLiveStack(live.stack, services, {
      networkNames: new Map(live.snapshot.networks.map((n) => [n.id, n.name])),
      like: live.parsed,
      likeText: doc.getText(),
      header,
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The stack file for a command argument: a file URI, a Stacks view row (its last deployed file), the active editor. */
async function fileFor(model: LiveModel, arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const el = arg as SwarmElement | undefined;
  if (el?.type === 'stack') {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && model.stackName(d)?.stack === el.name);
    if (open) return open.uri;
    const connection = model.connections.active()?.endpoint?.id;
    const revisions = connection ? await model.store.list(connection, el.name) : [];
    const path = revisions.at(-1)?.files[0]?.path;
    if (path) return vscode.Uri.file(path);
    void vscode.window.showInformationMessage(`Swarm Pilot: no stack file known for stack ${el.name}: open the file and run Compare with Running from it.`);
    return undefined;
  }
  return vscode.window.activeTextEditor?.document.uri;
}

export async function compareWithRunning(model: LiveModel, arg: unknown): Promise<boolean> {
  const file = await fileFor(model, arg);
  if (!file) return false;
  const doc = await vscode.workspace.openTextDocument(file);
  let name = model.stackName(doc)?.stack;
  if (!name) name = await chooseStack(model, doc.uri);
  if (!name) return false;
  const result = model.get(doc);
  if (result.kind === 'live') {
    const drifted = result.live.drift.services.filter((s) => s.status !== 'in-sync');
    void vscode.window.showInformationMessage(
      drifted.length
        ? `Swarm Pilot: ${drifted.map((s) => `${s.key}: ${s.fields.length ? s.fields.join(', ') : s.status.replace('-', ' ')}`).join('; ')}`
        : `Swarm Pilot: stack ${name} is in sync with the file`,
    );
  }
  await vscode.commands.executeCommand('vscode.diff', liveUri(name, doc.uri), doc.uri, `${name} (running) ↔ ${vscode.workspace.asRelativePath(doc.uri)}`);
  return true;
}

/** Asks once which deployed stack a file is, and remembers it for the workspace. */
export async function chooseStack(model: LiveModel, arg: unknown): Promise<string | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) return undefined;
  const stacks = [...new Set((model.watcher.lastSnapshot?.services ?? []).map((s) => s.stack).filter((s): s is string => !!s))].sort();
  const stack = await vscode.window.showQuickPick(stacks, {
    title: `Swarm Pilot: the stack ${vscode.workspace.asRelativePath(uri)} is deployed as`,
    placeHolder: stacks.length ? 'Stack name' : 'No stack on the swarm',
  });
  if (!stack) return undefined;
  await model.rememberStack(await vscode.workspace.openTextDocument(uri), stack);
  return stack;
}
