import {
  CompletionItemKind,
  CompletionItemTag,
  CompletionTriggerKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { complete, type CompletionEntry, type CompletionKind } from '../../core/intel';
import { onSnapshot, type Feature } from './feature';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
};

function toItem(doc: TextDocument, e: CompletionEntry): CompletionItem {
  const range = { start: doc.positionAt(e.range.start), end: doc.positionAt(e.range.end) };
  return {
    label: e.label,
    kind: KINDS[e.kind],
    detail: e.detail,
    documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
    textEdit: { range, newText: e.insertText },
    insertTextFormat: InsertTextFormat.Snippet,
    filterText: e.filterText,
    sortText: e.sortText,
    tags: e.deprecated ? [CompletionItemTag.Deprecated] : undefined,
    command: e.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
  };
}

/** Completion from the schemas, the vendored data and the document's own names (server/src/core/intel). */
export const completionFeature: Feature = {
  register(ctx) {
    ctx.connection.onCompletion((params) =>
      onSnapshot<CompletionList>(ctx, params.textDocument.uri, 'completion', (doc, snap) => {
        const typed = params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? params.context.triggerCharacter : undefined;
        // A space or colon typed in the middle of a mapping means a value is next, never a key.
        const entries = complete(snap, doc.offsetAt(params.position), { valuesOnly: typed === ' ' || typed === ':' });
        return { isIncomplete: false, items: entries.map((e) => toItem(doc, e)) };
      }),
    );
  },
};
