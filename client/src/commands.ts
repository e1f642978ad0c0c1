import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isYamlDocument, type ModeStatus } from './language/modeStatus';
import type { ModeStore } from './language/modeStore';
import { SetKindNotification, type FileKind } from '../../server/src/protocol';

export type ModeChoice = 'stack' | 'compose' | 'auto';

interface Deps {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  ready: Promise<void>;
  store: ModeStore;
  status: ModeStatus;
  output: vscode.LogOutputChannel;
}

const MODE_PICKS: (vscode.QuickPickItem & { mode: ModeChoice })[] = [
  { mode: 'stack', label: 'Stack file', description: 'docker stack deploy', detail: "docker/cli's v3 schema, forbidden and ignored keys, deploy-time checks" },
  { mode: 'compose', label: 'Compose file', description: 'docker compose', detail: 'the compose-spec schema' },
  { mode: 'auto', label: 'Automatic', description: 'detect', detail: '`# swarm-pilot:` comment, then swarmPilot.stackGlobs, then compose file names' },
];

function isModeChoice(x: unknown): x is ModeChoice {
  return x === 'stack' || x === 'compose' || x === 'auto';
}

/** Sends every remembered forced mode to a (re)started server, which starts with none. */
export function resendForcedModes(client: LanguageClient, store: ModeStore): void {
  for (const [uri, kind] of Object.entries(store.all())) void client.sendNotification(SetKindNotification, { uri, kind });
}

export function registerCommands(d: Deps): vscode.Disposable[] {
  /**
   * swarmPilot.setMode([mode], [uri]): validate a YAML file as a stack file, a compose file, or detect its kind
   * again. Without a mode it asks; without a URI it uses the active editor. Menus pass the URI first.
   */
  const setMode = async (arg0?: unknown, arg1?: unknown): Promise<ModeChoice | undefined> => {
    let mode = isModeChoice(arg0) ? arg0 : undefined;
    const uriArg = arg0 instanceof vscode.Uri ? arg0 : arg1 instanceof vscode.Uri ? arg1 : typeof arg1 === 'string' ? vscode.Uri.parse(arg1) : undefined;
    const uri = uriArg ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Swarm Pilot: open a YAML file to set its validation mode.');
      return undefined;
    }
    if (!mode) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc && !isYamlDocument(doc)) {
        void vscode.window.showInformationMessage('Swarm Pilot: only YAML files have a stack or compose mode; this file is validated by its name and content.');
        return undefined;
      }
      const current = d.store.get(uri.toString()) ?? 'auto';
      const pick = await vscode.window.showQuickPick(
        MODE_PICKS.map((p) => ({ ...p, picked: p.mode === current, label: p.mode === current ? `${p.label} (current)` : p.label })),
        { title: `Swarm Pilot: validation mode for ${vscode.workspace.asRelativePath(uri)}`, placeHolder: 'Validate this file as…' },
      );
      if (!pick) return undefined;
      mode = pick.mode;
    }
    const kind: FileKind | null = mode === 'auto' ? null : mode;
    await d.store.set(uri.toString(), kind ?? undefined);
    await d.ready;
    await d.client.sendNotification(SetKindNotification, { uri: uri.toString(), kind });
    d.status.schedule(100);
    return mode;
  };

  const restartServer = async () => {
    await d.ready;
    // Not client.restart(): it does not start again when stopping fails, and a hung server is what one restarts.
    // A server that does not stop is killed (startClient.ts), and a fresh one is started all the same.
    await d.client.stop().catch((err: unknown) => d.output.warn(`language server did not stop cleanly: ${(err as Error)?.message ?? err}`));
    await d.client.start();
    d.output.info('language server restarted');
  };

  /** Copies the broken example stack file into the extension's storage (once) and opens it. */
  const openExample = async () => {
    const target = vscode.Uri.joinPath(d.context.globalStorageUri, 'examples', 'example-stack.yml');
    try {
      await vscode.workspace.fs.stat(target);
    } catch {
      const source = vscode.Uri.joinPath(d.context.extensionUri, 'examples', 'stack', 'broken-stack.yml');
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
      await vscode.workspace.fs.copy(source, target, { overwrite: false });
    }
    const doc = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(doc, { preview: false });
    return target;
  };

  return [
    vscode.commands.registerCommand('swarmPilot.setMode', setMode),
    vscode.commands.registerCommand('swarmPilot.restartServer', restartServer),
    vscode.commands.registerCommand('swarmPilot.showOutput', () => d.output.show(true)),
    vscode.commands.registerCommand('swarmPilot.openExample', openExample),
  ];
}
