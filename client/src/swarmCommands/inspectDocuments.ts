// "Inspect" opens what the Engine returns for a node, service, task, secret or config as a read-only document
// (a content provider: there is nothing to save back). JSON like `docker inspect`, or YAML by setting.
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { type EngineClient, engineRequest } from '../engine';

export const INSPECT_SCHEME = 'swarm-pilot-inspect';

export type InspectKind = 'node' | 'service' | 'task' | 'secret' | 'config';

const PATHS: Record<InspectKind, string> = { node: 'nodes', service: 'services', task: 'tasks', secret: 'secrets', config: 'configs' };

/** swarm-pilot-inspect:/service/web.json?<id> — the name is for the tab title, the query holds the id. */
export function inspectUri(kind: InspectKind, id: string, name: string, format: 'json' | 'yaml'): vscode.Uri {
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${name.replace(/[/\\]/g, '_')}.${format}`, query: id });
}

export class InspectDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly engine: () => Promise<EngineClient>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, kind] = uri.path.split('/') as [string, InspectKind];
    if (!(kind in PATHS)) return `unknown object kind ${kind}`;
    try {
      const obj = await engineRequest(await this.engine(), { method: 'GET', path: `/${PATHS[kind]}/${encodeURIComponent(uri.query)}` });
      return uri.path.endsWith('.yaml') ? stringify(obj, { lineWidth: 0 }) : `${JSON.stringify(obj, null, 2)}\n`;
    } catch (err) {
      // The document stays open and says why; "Refresh" can load it again.
      return `// Swarm Pilot could not read ${kind} ${uri.query}: ${(err as Error).message}\n`;
    }
  }

  /** Reloads an open inspect document. */
  reload(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
}
