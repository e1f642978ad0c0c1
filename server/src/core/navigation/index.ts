/** Outline, folding, definitions, references and rename over a parsed stack file (no LSP types). */
export { foldingRanges } from './folding';
export { definitionAt, invalidNewName, prepareRenameAt, referencesAt, renameAt, type PrepareRename } from './navigate';
export { documentSymbols } from './outline';
export { applyEdits } from '../text/edits';
export type { Fold, NavInput, OutlineSymbol, SymbolCategory, TextEdit } from './types';
