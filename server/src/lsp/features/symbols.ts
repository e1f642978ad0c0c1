import type { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { documentSymbols, type OutlineSymbol } from '../../core/navigation';
import type { DocumentSnapshot } from '../documentState';
import type { Feature, FeatureContext } from './feature';

/**
 * Runs `fn` on the open document's snapshot; a failure is logged and answered with `fallback`
 * (a navigation bug must never take the server down). Shared by the navigation features.
 */
export function withSnapshot<T>(ctx: FeatureContext, uri: string, fallback: T, what: string, fn: (snap: DocumentSnapshot) => T): T {
  const doc = ctx.documents.get(uri);
  if (!doc) return fallback;
  try {
    const snap = ctx.state.snapshot(doc);
    return snap ? fn(snap) : fallback;
  } catch (err) {
    ctx.connection.console.error(`${what} failed for ${uri}: ${(err as Error).stack ?? err}`);
    return fallback;
  }
}

function toLsp(s: OutlineSymbol): DocumentSymbol {
  const out: DocumentSymbol = { name: s.name, kind: s.kind as SymbolKind, range: s.range, selectionRange: s.selectionRange };
  if (s.detail !== undefined) out.detail = s.detail;
  if (s.children) out.children = s.children.map(toLsp);
  return out;
}

/** Document outline (hierarchical documentSymbol) for every file kind. */
export const symbolsFeature: Feature = {
  register(ctx) {
    ctx.connection.onDocumentSymbol((params) => withSnapshot(ctx, params.textDocument.uri, [], 'documentSymbol', (snap) => documentSymbols(snap).map(toLsp)));
  },
};
