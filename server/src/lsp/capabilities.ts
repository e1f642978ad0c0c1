import { CodeActionKind, TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';

/** Typing these opens suggestions: `:` and ` ` for values (`key: `, `- `), `"` for JSON keys and values. */
export const COMPLETION_TRIGGERS = [':', ' ', '"'];

/** A client that pulls diagnostics (`textDocument/diagnostic`) gets them that way; others get them pushed. */
export function clientPullsDiagnostics(client: ClientCapabilities): boolean {
  return Boolean(client.textDocument?.diagnostic);
}

/**
 * What the server announces in its `initialize` answer. Kept apart from the feature modules (features/*.ts
 * register the handlers) so the small startup bundle can answer `initialize` before the validation core loads.
 */
export function serverCapabilities(pullDiagnostics: boolean): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    documentSymbolProvider: { label: 'Swarm Pilot' }, // features/symbols.ts
    definitionProvider: true, // features/definition.ts, with references and rename
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    foldingRangeProvider: true, // features/folding.ts
    completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false }, // features/completion.ts
    hoverProvider: true, // features/hover.ts
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] }, // features/codeActions.ts
    ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
  };
}
