import { CodeActionKind, type CodeAction, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { URI, Utils } from 'vscode-uri';
import { quickFixes, type QuickFix } from '../../core/fixes';
import type { Diagnostic } from '../../core';
import { toLspDiagnostic } from '../toLsp';
import { onSnapshot } from './feature';
import type { Feature } from './feature';

const overlaps = (a: Range, b: Range) =>
  !(
    a.end.line < b.start.line ||
    (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line ||
    (b.end.line === a.start.line && b.end.character < a.start.character)
  );

/** The edit of one fix: plain text edits, or document changes when it creates files beside the document. */
function workspaceEdit(uri: string, version: number, fix: QuickFix): WorkspaceEdit {
  if (!fix.newFiles?.length) return { changes: { [uri]: fix.edits } };
  const dir = Utils.dirname(URI.parse(uri));
  const created = fix.newFiles.flatMap((f) => {
    const target = Utils.joinPath(dir, f.name).toString();
    return [
      { kind: 'create' as const, uri: target, options: { ignoreIfExists: true } },
      {
        textDocument: { uri: target, version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.text }],
      },
    ];
  });
  return { documentChanges: [...created, { textDocument: { uri, version }, edits: fix.edits }] };
}

/** Quick fixes for the diagnostics under the cursor or selection, computed by the pure core. */
export const codeActionsFeature: Feature = {
  register(ctx) {
    ctx.connection.onCodeAction((params) =>
      onSnapshot<CodeAction[]>(ctx, params.textDocument.uri, 'code actions', (doc, snap) => {
        if (
          params.context.only &&
          !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === 'quickfix')
        )
          return [];
        const here = snap.diagnostics.filter((d: Diagnostic) => overlaps(d.range, params.range));
        return here.flatMap((d) =>
          quickFixes(snap, d).map((fix) => ({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [toLspDiagnostic(d)],
            isPreferred: fix.preferred,
            edit: workspaceEdit(doc.uri, doc.version, fix),
          })),
        );
      }),
    );
  },
};
