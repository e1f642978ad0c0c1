import {
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Diagnostic, internalErrorDiagnostic } from '../core';
import { clientPullsDiagnostics } from './capabilities';
import { DocumentState } from './documentState';
import { FEATURES } from './features';
import { DocumentInfoRequest, SetKindNotification } from '../protocol';
import { coreSettingsFrom, type ClientSettings } from './settingsFromClient';
import { toLspDiagnostic } from './toLsp';
import { warmUp } from './warmUp';

/** What the startup shell (server.ts) calls once the client has sent `initialized`. */
export interface AttachedCore {
  initialized(): void;
}

/**
 * The validation core behind an initialized connection: documents, settings, diagnostics (pushed or pulled)
 * and every feature's handlers. Loaded by server.ts right after it has answered `initialize`.
 */
export function attachCore(connection: Connection, init: InitializeParams): AttachedCore {
  const documents = new TextDocuments(TextDocument);
  const state = new DocumentState(coreSettingsFrom(undefined, process.env));
  const pullDiagnostics = clientPullsDiagnostics(init.capabilities);
  const configurationRequests = Boolean(init.capabilities.workspace?.configuration);
  const initSettings = (init.initializationOptions as { settings?: ClientSettings } | undefined)?.settings;
  if (initSettings) state.updateSettings(coreSettingsFrom(initSettings, process.env));

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
  if (!configurationRequests) settingsArrived();

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

  return {
    initialized() {
      // setImmediate: a didOpen already queued goes first (it would compile the same schema anyway).
      setImmediate(() => warmUp(coreSettingsFrom(undefined, process.env)));
      if (!configurationRequests) return;
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'swarmPilot' }).catch(() => undefined);
      void loadSettings();
    },
  };
}
