import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Documents the server is told about; it decides per file (name, content, mode) whether to validate. */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'untitled', language: 'dockercompose' },
  { scheme: 'file', pattern: '**/daemon.json' },
  { scheme: 'file', pattern: '**/config.json' },
  { scheme: 'file', pattern: '**/hooks.d/*.json' },
];

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'swarmPilot' },
    outputChannel,
  };
  return new LanguageClient('swarmPilot', 'Swarm Pilot', serverOptions, clientOptions);
}
