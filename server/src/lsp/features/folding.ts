import type { FoldingRange } from 'vscode-languageserver';
import { foldingRanges } from '../../core/navigation';
import type { Feature } from './feature';
import { withSnapshot } from './symbols';

/** Folding: YAML blocks and multi-line scalars, comment blocks, JSON objects and arrays. */
export const foldingFeature: Feature = {
  register(ctx) {
    ctx.connection.onFoldingRanges((params) =>
      withSnapshot(ctx, params.textDocument.uri, [], 'foldingRange', (snap) =>
        foldingRanges(snap).map((f): FoldingRange =>
          f.kind ? { startLine: f.startLine, endLine: f.endLine, kind: f.kind } : { startLine: f.startLine, endLine: f.endLine },
        ),
      ),
    );
  },
};
