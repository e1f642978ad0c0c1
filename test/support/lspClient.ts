import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../server/src/protocol';

export const SERVER_JS = join(new URL('../..', import.meta.url).pathname, 'dist/server.js');

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  message: string;
  data?: unknown;
}

/** A minimal LSP client over the bundled server's stdio, for tests of the real protocol surface. */
export class TestLspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private readonly pushed = new Map<string, { version?: number; diagnostics: LspDiagnostic[] }>();
  private readonly waiters: (() => void)[] = [];
  private version = new Map<string, number>();
  stderr = '';

  private constructor(
    readonly pull: boolean,
    settings: unknown,
    serverJs: string,
  ) {
    // With the node flags the extension starts it with.
    this.proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, serverJs, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...SERVER_ENV },
    });
    this.proc.stderr!.on('data', (b) => (this.stderr += String(b)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: LspDiagnostic[] }) => {
      this.pushed.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      this.waiters.splice(0).forEach((w) => w());
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'swarmPilot' ? settings : null)),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => null);
    this.conn.listen();
  }

  /** `serverJs`: another server script (default the bundled dist/server.js). */
  static async start(opts: { pull: boolean; settings?: unknown; serverJs?: string }): Promise<TestLspClient> {
    const c = new TestLspClient(opts.pull, opts.settings ?? {}, opts.serverJs ?? SERVER_JS);
    await c.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: opts.pull ? { diagnostic: { dynamicRegistration: false }, publishDiagnostics: {} } : { publishDiagnostics: { versionSupport: true } },
      },
    });
    await c.conn.sendNotification('initialized', {});
    return c;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.version.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces a range of the document (incremental sync, as VS Code sends edits). */
  async edit(uri: string, range: LspDiagnostic['range'], text: string): Promise<number> {
    const v = (this.version.get(uri) ?? 1) + 1;
    this.version.set(uri, v);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text }] });
    return v;
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The document's current diagnostics: a pull request, or the push for its current version. */
  async diagnostics(uri: string, timeoutMs = 10_000): Promise<LspDiagnostic[]> {
    if (this.pull) {
      const r = await withTimeout(
        this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } }) as Promise<{ items: LspDiagnostic[] }>,
        timeoutMs,
        `pull diagnostics for ${uri}`,
      );
      return r.items;
    }
    const want = this.version.get(uri);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.pushed.get(uri);
      if (p && p.version === want) return p.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics pushed for ${uri} v${want} within ${timeoutMs} ms`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  async request<T>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    return withTimeout(this.conn.sendRequest(method, params) as Promise<T>, timeoutMs, method);
  }

  async stop(): Promise<void> {
    try {
      if (this.alive) {
        await withTimeout(this.conn.sendRequest('shutdown'), 3000, 'shutdown');
        await this.conn.sendNotification('exit');
      }
    } catch {
      // fall through to kill
    }
    this.conn.dispose();
    if (this.alive) this.proc.kill('SIGKILL');
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, rej) => {
      timer = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}
