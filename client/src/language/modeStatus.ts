import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { parseModeComment } from '../deploy';
import { DocumentInfoRequest, type DocumentInfo } from '../../../server/src/protocol';
import { KIND_LABEL } from './kindLabel';
import { DOCUMENT_SELECTOR } from './startClient';

const CHANGE_MODE: vscode.Command = {
  title: 'Change Mode',
  command: 'swarmPilot.setMode',
  tooltip: 'Validate this file as a stack file, a compose file, or detect automatically',
};

/** Only YAML files have a stack/compose mode to switch. */
export function isYamlDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'yaml' || doc.languageId === 'dockercompose' || /\.ya?ml$/i.test(doc.uri.path);
}

export interface ModeStatusSnapshot {
  uri: string;
  text: string;
  detail: string;
  info: DocumentInfo;
}

/** Where the kind came from, as far as the client can tell (the server says whether it was forced). */
function reasonFor(doc: vscode.TextDocument, info: DocumentInfo): string {
  if (info.forced) return 'set with "Swarm Pilot: Set Validation Mode"';
  if (/\.ya?ml$/i.test(doc.uri.path) && parseModeComment(doc.getText(new vscode.Range(0, 0, 60, 0)))) return 'set by a `# swarm-pilot:` comment';
  if (!info.kind) return 'not a stack, compose, daemon.json or OCI file';
  return info.kind === 'stack' ? 'file name matches swarmPilot.stackGlobs' : 'detected from the file name and content';
}

function countText(info: DocumentInfo): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(info.errors, 'error')}, ${plural(info.warnings, 'warning')}`;
}

/**
 * The language status item ({} in the status bar next to the language): the active file's kind
 * ("Stack file (swarm)", "Compose file", …), where the mode came from, and a command to switch it.
 */
export class ModeStatus implements vscode.Disposable {
  readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private snapshot: ModeStatusSnapshot | undefined;
  private pending: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly client: LanguageClient) {
    this.item = vscode.languages.createLanguageStatusItem('swarmPilot.mode', DOCUMENT_SELECTOR as vscode.DocumentSelector);
    this.item.name = 'Swarm Pilot validation mode';
    this.item.text = 'Swarm Pilot';
    this.item.busy = true;
    const activeUri = () => vscode.window.activeTextEditor?.document.uri.toString();
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = activeUri();
        if (uri && e.uris.some((u) => u.toString() === uri)) this.schedule(50);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === activeUri()) this.schedule(300);
      }),
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.schedule(0);
      }),
    );
    this.schedule(0);
  }

  /** What the item shows for the active editor (for the extension's API and tests). */
  current(): ModeStatusSnapshot | undefined {
    return this.snapshot;
  }

  schedule(delayMs: number): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.refresh(), delayMs);
  }

  async refresh(): Promise<ModeStatusSnapshot | undefined> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !vscode.languages.match(DOCUMENT_SELECTOR as vscode.DocumentSelector, doc)) return undefined;
    if (!this.client.isRunning()) return undefined;
    const gen = ++this.generation;
    let info: DocumentInfo;
    try {
      info = await this.client.sendRequest(DocumentInfoRequest, { uri: doc.uri.toString() });
    } catch {
      return undefined;
    }
    const text = info.kind ? KIND_LABEL[info.kind] + (info.forced ? ' (set manually)' : '') : 'Not validated';
    const detail = info.kind ? `${countText(info)} · ${reasonFor(doc, info)}` : reasonFor(doc, info);
    const snapshot = { uri: doc.uri.toString(), text, detail, info };
    // Only the latest request updates the item (an older answer may arrive after a newer one).
    if (gen === this.generation) {
      this.item.busy = false;
      this.item.text = text;
      this.item.detail = detail;
      this.item.command = isYamlDocument(doc) ? CHANGE_MODE : undefined;
      this.snapshot = snapshot;
    }
    return snapshot;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.disposables.forEach((d) => d.dispose());
  }
}
