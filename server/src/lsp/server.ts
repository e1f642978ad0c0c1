import {
  createConnection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { internalErrorDiagnostic } from '../core/validate';
import type { Diagnostic } from '../core/types';
import { DocumentState } from './documentState';
import { FEATURES } from './features';
import { DocumentInfoRequest, SetKindNotification } from './protocol';
import { coreSettingsFrom, type ClientSettings } from './settingsFromClient';
import { toLspDiagnostic } from './toLsp';

/** Wires the pure core to one LSP connection. Exported so tests can run it over in-memory streams. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const state = new DocumentState(coreSettingsFrom(undefined, process.env));
  let pullDiagnostics = false;
  let configurationRequests = false;
  // Diagnostics wait for the client's settings (rule severities, globs) so the first report is already right,
  // but never longer than SETTINGS_WAIT_MS: a client that does not answer still gets diagnostics.
  let settingsLoaded = false;
  let markSettingsLoaded = () => {};
  const settingsReady = new Promise<void>((resolve) => (markSettingsLoaded = resolve));
  const SETTINGS_WAIT_MS = 2000;
  const settingsArrived = () => {
    settingsLoaded = true;
    markSettingsLoaded();
  };
  const untilSettings = () =>
    settingsLoaded ? Promise.resolve() : Promise.race([settingsReady, new Promise<void>((r) => setTimeout(r, SETTINGS_WAIT_MS).unref())]).then(settingsArrived);

  const validateSafely = (doc: TextDocument): Diagnostic[] => {
    try {
      return state.validate(doc)?.diagnostics ?? [];
    } catch (err) {
      // The server must never crash on any input: turn a bug into one visible diagnostic.
      connection.console.error(`validation failed for ${doc.uri}: ${(err as Error).stack ?? err}`);
      return [internalErrorDiagnostic(err)];
    }
  };

  const pushPending = new Map<string, NodeJS.Immediate>();
  const schedulePush = (doc: TextDocument) => {
    if (pullDiagnostics) return;
    if (!settingsLoaded) {
      void untilSettings().then(() => schedulePush(doc));
      return;
    }
    const prev = pushPending.get(doc.uri);
    if (prev) clearImmediate(prev);
    pushPending.set(
      doc.uri,
      setImmediate(() => {
        pushPending.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: validateSafely(current).map(toLspDiagnostic) });
      }),
    );
  };

  const refreshAll = () => {
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
    else documents.all().forEach(schedulePush);
  };

  const loadSettings = async () => {
    let client: ClientSettings | undefined;
    if (configurationRequests) {
      try {
        client = (await connection.workspace.getConfiguration('swarmPilot')) as ClientSettings | undefined;
      } catch {
        client = undefined;
      }
    }
    state.updateSettings(coreSettingsFrom(client, process.env));
    const first = !settingsLoaded;
    settingsArrived();
    if (!first) refreshAll();
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = Boolean(caps.textDocument?.diagnostic);
    configurationRequests = Boolean(caps.workspace?.configuration);
    const init = params.initializationOptions as { settings?: ClientSettings } | undefined;
    if (init?.settings) state.updateSettings(coreSettingsFrom(init.settings, process.env));
    if (!configurationRequests) settingsArrived();
    return {
      capabilities: {
        ...Object.assign({}, ...FEATURES.map((f) => f.capabilities)),
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'swarm-pilot', version: typeof SWARM_PILOT_VERSION === 'string' ? SWARM_PILOT_VERSION : 'dev' },
    };
  });

  connection.onInitialized(() => {
    if (configurationRequests) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'swarmPilot' }).catch(() => undefined);
      void loadSettings();
    }
  });

  connection.onDidChangeConfiguration((change) => {
    if (configurationRequests) void loadSettings();
    else {
      const s = (change.settings as { swarmPilot?: ClientSettings } | undefined)?.swarmPilot;
      state.updateSettings(coreSettingsFrom(s, process.env));
      refreshAll();
    }
  });

  connection.languages.diagnostics.on(async (params) => {
    await untilSettings();
    const doc = documents.get(params.textDocument.uri);
    const items = doc ? validateSafely(doc).map(toLspDiagnostic) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onRequest(DocumentInfoRequest, (params) => {
    const doc = documents.get(params.uri);
    if (!doc) return { kind: null, forced: false, errors: 0, warnings: 0 };
    const diags = validateSafely(doc);
    return {
      kind: state.kindOf(doc) ?? null,
      forced: state.isForced(doc.uri),
      errors: diags.filter((d) => d.severity === 'error').length,
      warnings: diags.filter((d) => d.severity === 'warning').length,
    };
  });

  connection.onNotification(SetKindNotification, (params) => {
    state.forceKind(params.uri, params.kind ?? undefined);
    const doc = documents.get(params.uri);
    if (doc) {
      if (pullDiagnostics) void connection.languages.diagnostics.refresh();
      else schedulePush(doc);
    }
  });

  documents.onDidChangeContent((e) => schedulePush(e.document));
  documents.onDidClose((e) => {
    state.forget(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  for (const f of FEATURES) f.register({ connection, documents, state });
  documents.listen(connection);
  connection.listen();
}

declare const SWARM_PILOT_VERSION: string;

if (require.main === module) {
  process.on('uncaughtException', (err) => {
    // Last line of defence: log and keep serving rather than dying on one bad request.
    process.stderr.write(`swarm-pilot server: uncaught ${err.stack ?? err}\n`);
  });
  startServer(createConnection(ProposedFeatures.all));
}
