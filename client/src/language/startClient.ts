import { fork, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { LanguageClient, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../../server/src/protocol';

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

/**
 * The server over stdio, on the extension host's own runtime, with its memory flags and environment; inspectable on port 6019 when the
 * host is being debugged.
 */
function spawnServer(serverModule: string): ChildProcess {
  const debugged = process.execArgv.some((a) => a.startsWith('--inspect'));
  return fork(serverModule, ['--stdio', `--clientProcessId=${process.pid}`], {
    silent: true,
    // Desktop VS Code's runtime is Electron: run it as plain node, as the language client's own fork does.
    env: { ...process.env, ...SERVER_ENV, ELECTRON_RUN_AS_NODE: '1' },
    execArgv: [...SERVER_NODE_FLAGS, ...(debugged ? ['--nolazy', '--inspect=6019'] : [])],
  });
}

/**
 * The server processes of one client. The first is spawned now, synchronously, rather than left to the client: the
 * client spawns only after its own asynchronous set-up, which waits behind everything else the extension host does at
 * start-up (measured 100–200 ms in a real VS Code). Restarts (the command, or after a crash) spawn a fresh process.
 */
class ServerProcesses {
  private next: ChildProcess | undefined;
  private current: ChildProcess | undefined;
  private readonly closed = new WeakSet<ChildProcess>();

  constructor(
    private readonly serverModule: string,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.next = this.spawn();
  }

  readonly serverOptions: ServerOptions = async () => {
    this.current = this.next ?? this.spawn();
    this.next = undefined;
    return this.current;
  };

  /** The client logs the exits only of processes it spawned itself: say when ours start and end. */
  private spawn(): ChildProcess {
    const child = spawnServer(this.serverModule);
    this.output.info(`language server process ${child.pid} started`);
    child.on('exit', (code, signal) => this.output.info(`language server process ${child.pid} exited (${signal ?? `code ${code}`})`));
    child.on('close', () => this.closed.add(child));
    return child;
  }

  /** Waits for the current server to be gone: given `graceMs` to exit by itself, then killed. */
  async killLeftover(graceMs: number): Promise<void> {
    const child = this.current;
    if (!child || this.closed.has(child)) return;
    const gone = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const timer = setTimeout(() => {
      this.output.warn(`language server process ${child.pid} did not exit: killing it`);
      child.kill('SIGKILL');
    }, graceMs);
    await gone;
    clearTimeout(timer);
  }
}

/**
 * The language client, for processes it did not spawn itself: after a stop the server is gone, killed if it hung.
 * Stopping a hung server times out and leaves its connection open; its late close would then tear down the next
 * server's connection, so nothing may start before the old process has closed.
 */
class SwarmPilotClient extends LanguageClient {
  constructor(
    private readonly servers: ServerProcesses,
    clientOptions: LanguageClientOptions,
  ) {
    super('swarmPilot', 'Swarm Pilot', servers.serverOptions, clientOptions);
  }

  override async stop(timeout?: number): Promise<void> {
    try {
      await super.stop(timeout);
    } finally {
      await this.servers.killLeftover(1000);
    }
  }
}

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'swarmPilot' },
    outputChannel,
  };
  return new SwarmPilotClient(new ServerProcesses(context.asAbsolutePath('dist/server.js'), outputChannel), clientOptions);
}
