import { MarkupKind, type Hover } from 'vscode-languageserver';
import { hover } from '../../core/intel';
import { onSnapshot } from './feature';
import type { Feature } from './feature';

/** Hover with the key's documentation, its values, what swarm does with it and the upstream sources. */
export const hoverFeature: Feature = {
  register(ctx) {
    ctx.connection.onHover((params) =>
      onSnapshot<Hover>(ctx, params.textDocument.uri, 'hover', (doc, snap) => {
        const h = hover(snap, doc.offsetAt(params.position));
        if (!h) return null;
        return {
          contents: { kind: MarkupKind.Markdown, value: h.markdown },
          range: { start: doc.positionAt(h.range.start), end: doc.positionAt(h.range.end) },
        };
      }),
    );
  },
};
