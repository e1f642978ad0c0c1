// Secrets and configs from the Stacks view and the palette: Create (from a file, the editor selection or an input
// box), Remove (refused while services use it unless the user removes the uses too) and Rotate. Contents go
// straight to the Engine: they are never logged, shown or written to disk here.
import * as vscode from 'vscode';
import { fileObjectRenameEdit } from '../deploy';
import { createObject, objectUses, removeObject, rotateObject, type FileObjectKind, type RotationResult } from '../swarm';
import type { SwarmElement } from '../views/swarmItems';
import { Cancelled, confirm, engineOf, snapshotOf, swarmCommand, withCancellableProgress, type SwarmCommandDeps } from './support';

/** The content for a new secret or config, from where the user chooses. */
async function content(kind: FileObjectKind, purpose: string): Promise<Buffer> {
  const selection = vscode.window.activeTextEditor && !vscode.window.activeTextEditor.selection.isEmpty ? vscode.window.activeTextEditor : undefined;
  const sources = [
    { label: '$(file) From a file…', source: 'file' as const },
    ...(selection ? [{ label: '$(selection) From the editor selection', source: 'selection' as const }] : []),
    { label: '$(edit) Type it in', source: 'input' as const },
  ];
  const pick = await vscode.window.showQuickPick(sources, { title: `Swarm Pilot: ${purpose}`, placeHolder: `Content of the ${kind}` });
  if (!pick) throw new Cancelled();
  if (pick.source === 'file') {
    const [uri] = (await vscode.window.showOpenDialog({ title: `Content of the ${kind}`, canSelectMany: false })) ?? [];
    if (!uri) throw new Cancelled();
    return Buffer.from(await vscode.workspace.fs.readFile(uri));
  }
  if (pick.source === 'selection' && selection) return Buffer.from(selection.document.getText(selection.selection), 'utf8');
  const text = await vscode.window.showInputBox({
    title: `Swarm Pilot: ${purpose}`,
    prompt: `Content of the ${kind}`,
    password: kind === 'secret',
    ignoreFocusOut: true,
  });
  if (text === undefined) throw new Cancelled();
  return Buffer.from(text, 'utf8');
}

/** The secret or config a command acts on: the tree row, or one picked from the swarm. */
async function objectArg(d: SwarmCommandDeps, kind: FileObjectKind, arg: unknown, title: string): Promise<{ id: string; name: string }> {
  const el = arg as SwarmElement | undefined;
  if (el?.type === 'object' && el.kind === kind) return el;
  const snapshot = await snapshotOf(d);
  const items = kind === 'secret' ? snapshot.secrets : snapshot.configs;
  const pick = await vscode.window.showQuickPick(
    items.map((o) => ({ label: o.name, description: o.stack ? `stack ${o.stack}` : undefined, o })),
    { title: `Swarm Pilot: ${title}`, placeHolder: `${kind[0].toUpperCase()}${kind.slice(1)}` },
  );
  if (!pick) throw new Cancelled();
  return pick.o;
}

async function create(d: SwarmCommandDeps, kind: FileObjectKind): Promise<string> {
  const name = await vscode.window.showInputBox({
    title: `Swarm Pilot: create ${kind}`,
    prompt: `Name of the new ${kind}`,
    validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v) ? undefined : 'Letters, digits, _ . - ; starting with a letter or digit'),
  });
  if (!name) throw new Cancelled();
  const data = await content(kind, `create ${kind} ${name}`);
  await createObject(await engineOf(d), kind, name, data);
  void vscode.window.showInformationMessage(`Swarm Pilot: ${kind} ${name} created.`);
  return name;
}

async function remove(d: SwarmCommandDeps, kind: FileObjectKind, arg: unknown): Promise<void> {
  const o = await objectArg(d, kind, arg, `Remove ${kind}`);
  const engine = await engineOf(d);
  const uses = objectUses(await engine.listServices(), kind, o.id);
  if (uses.length) {
    const list = uses.map((u) => `${u.service} (as ${u.targets.join(', ')})`).join('\n');
    await confirm(
      `${kind} ${o.name} is used by ${uses.length} service(s)`,
      `${list}\n\nIt can only go together with these uses: the services are updated without it and their tasks restart.`,
      'Remove from Services and Remove',
    );
  } else await confirm(`Remove ${kind} ${o.name}?`, 'Its data cannot be read back from the swarm.', 'Remove');
  const r = await removeObject(engine, kind, o.id, { removeUses: uses.length > 0 });
  void vscode.window.showInformationMessage(`Swarm Pilot: ${kind} ${r.name} removed${r.usesRemoved.length ? ` (and from ${r.usesRemoved.join(', ')})` : ''}.`);
}

async function rotate(d: SwarmCommandDeps, kind: FileObjectKind, arg: unknown): Promise<RotationResult> {
  const o = await objectArg(d, kind, arg, `Rotate ${kind}`);
  const data = await content(kind, `rotate ${kind} ${o.name}`);
  const engine = await engineOf(d);
  const uses = objectUses(await engine.listServices(), kind, o.id);
  await confirm(
    `Rotate ${kind} ${o.name}?`,
    `A new ${kind} with the new content is created, ${uses.length ? `these services are updated to it (their tasks restart): ${uses.map((u) => u.service).join(', ')}` : 'no service uses it'}; if they converge ${o.name} is removed, otherwise they are rolled back and ${o.name} stays.`,
    'Rotate',
  );
  const result = await withCancellableProgress(`Rotating ${o.name}`, (report, signal) =>
    rotateObject(engine, kind, o.id, data, { signal, onProgress: (m) => report(m) }),
  );
  if (result.ok) {
    void vscode.window.showInformationMessage(`Swarm Pilot: ${result.message}.`);
    void offerStackFileEdits(kind, result.oldName, result.newName);
  } else void vscode.window.showWarningMessage(`Swarm Pilot: ${result.message}.`);
  return result;
}

/** After a rotation: open YAML files whose `secrets:`/`configs:` name the old object may be updated to the new name. */
async function offerStackFileEdits(kind: FileObjectKind, oldName: string, newName: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const files: string[] = [];
  for (const doc of vscode.workspace.textDocuments) {
    if (!/\.ya?ml$/i.test(doc.uri.path)) continue;
    const e = fileObjectRenameEdit(doc.getText(), kind, oldName, newName);
    if (!e) continue;
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.text);
    files.push(vscode.workspace.asRelativePath(doc.uri));
  }
  if (!files.length) return;
  const answer = await vscode.window.showInformationMessage(
    `Swarm Pilot: ${files.join(', ')} still name${files.length === 1 ? 's' : ''} ${kind} ${oldName}. Update to ${newName}?`,
    'Update',
  );
  if (answer === 'Update') await vscode.workspace.applyEdit(edit);
}

export function registerFileObjectCommands(d: SwarmCommandDeps): vscode.Disposable[] {
  const op = (id: string, what: string, fn: (...a: unknown[]) => Promise<unknown>) => swarmCommand(d, id, what, { changesSwarm: true }, fn);
  return [
    op('swarmPilot.createSecret', 'Create secret', () => create(d, 'secret')),
    op('swarmPilot.removeSecret', 'Remove secret', (a) => remove(d, 'secret', a)),
    op('swarmPilot.rotateSecret', 'Rotate secret', (a) => rotate(d, 'secret', a)),
    op('swarmPilot.createConfig', 'Create config', () => create(d, 'config')),
    op('swarmPilot.removeConfig', 'Remove config', (a) => remove(d, 'config', a)),
    op('swarmPilot.rotateConfig', 'Rotate config', (a) => rotate(d, 'config', a)),
  ];
}
