import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentState } from '../documentState';

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
