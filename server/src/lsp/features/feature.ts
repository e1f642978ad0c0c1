import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSnapshot, DocumentState } from '../documentState';

/** What every LSP feature module gets: the connection, the open documents and their parsed state. */
export interface FeatureContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  state: DocumentState;
}

/** One LSP feature: the handlers it registers (what it announces is in ../capabilities.ts). */
export interface Feature {
  register(ctx: FeatureContext): void;
}

/**
 * Runs a request handler on the document's cached snapshot (completion and hover): null when the
 * document is not open or not ours, and a logged null instead of a failed request on a bug.
 */
export function onSnapshot<T>(ctx: FeatureContext, uri: string, what: string, fn: (doc: TextDocument, snap: DocumentSnapshot) => T | null): T | null {
  const doc = ctx.documents.get(uri);
  if (!doc) return null;
  try {
    const snap = ctx.state.snapshot(doc);
    return snap ? fn(doc, snap) : null;
  } catch (err) {
    ctx.connection.console.error(`${what} failed for ${uri}: ${(err as Error).stack ?? err}`);
    return null;
  }
}
