import { fork, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { LanguageClient, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

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

/** The server over stdio, on the extension host's own runtime; inspectable on port 6019 when the host is being debugged. */
function spawnServer(serverModule: string): ChildProcess {
  const debugged = process.execArgv.some((a) => a.startsWith('--inspect'));
  return fork(serverModule, ['--stdio', `--clientProcessId=${process.pid}`], {
    silent: true,
    // Desktop VS Code's runtime is Electron: run it as plain node, as the language client's own fork does.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    execArgv: debugged ? ['--nolazy', '--inspect=6019'] : [],
  });
}

/**
 * Starts the server process now, synchronously, rather than leaving it to the client: the client spawns only after
 * its own asynchronous set-up, which waits behind everything else the extension host does at start-up (measured
 * 100–200 ms in a real VS Code). Restarts (the command, or after a crash) spawn a fresh process.
 */
function serverStartedNow(serverModule: string): ServerOptions {
  let first: ChildProcess | undefined = spawnServer(serverModule);
  return async () => {
    const child = first ?? spawnServer(serverModule);
    first = undefined;
    return child;
  };
}

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const serverOptions = serverStartedNow(context.asAbsolutePath('dist/server.js'));
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'swarmPilot' },
    outputChannel,
  };
  return new LanguageClient('swarmPilot', 'Swarm Pilot', serverOptions, clientOptions);
}
