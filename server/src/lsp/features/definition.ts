import { LSPErrorCodes, ResponseError, type Location, type WorkspaceEdit } from 'vscode-languageserver';
import { definitionAt, prepareRenameAt, referencesAt, renameAt } from '../../core/navigation';
import type { Range } from '../../core';
import type { Feature } from './feature';
import { withSnapshot } from './symbols';

/**
 * Go to definition, find references and rename for services, networks, volumes, secrets, configs
 * and YAML anchors of stack/compose files (one file: a stack file is self-contained).
 */
export const definitionFeature: Feature = {
  register(ctx) {
    const { connection } = ctx;
    const locations = (uri: string, ranges: Range[]): Location[] => ranges.map((range) => ({ uri, range }));

    connection.onDefinition(({ textDocument: { uri }, position }) =>
      withSnapshot(ctx, uri, [], 'definition', (snap) => locations(uri, definitionAt(snap, position))),
    );

    connection.onReferences(({ textDocument: { uri }, position, context }) =>
      withSnapshot(ctx, uri, [], 'references', (snap) => locations(uri, referencesAt(snap, position, context.includeDeclaration))),
    );

    // null: "nothing to rename here" (the client says so); an error explains a refusal.
    connection.onPrepareRename(({ textDocument: { uri }, position }) => {
      const r = withSnapshot(ctx, uri, undefined, 'prepareRename', (snap) => prepareRenameAt(snap, position));
      if (!r) return null;
      if ('error' in r) {
        if (r.reason === 'no-symbol') return null;
        throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
      }
      return { range: r.range, placeholder: r.placeholder };
    });

    connection.onRenameRequest(({ textDocument: { uri }, position, newName }): WorkspaceEdit => {
      const r = withSnapshot(ctx, uri, undefined, 'rename', (snap) => renameAt(snap, position, newName));
      if (!r) throw new ResponseError(LSPErrorCodes.RequestFailed, 'The document is not open or not a Swarm Pilot file.');
      if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
      return { changes: { [uri]: r.edits } };
    });
  },
};
