import type { Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentState } from '../documentState';

/** What every LSP feature module gets: the connection, the open documents and their parsed state. */
export interface FeatureContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  state: DocumentState;
}

/** One LSP feature: the capabilities it announces and the handlers it registers. */
export interface Feature {
  capabilities: ServerCapabilities;
  register(ctx: FeatureContext): void;
}
