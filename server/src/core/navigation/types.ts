import type { JsonModel } from '../json/jsonDocument';
import type { FileKind, Range } from '../types';
import type { YamlModel } from '../yaml/yamlDocument';

/**
 * What navigation works on: the LSP's document snapshot (parsed once per version) satisfies it as
 * it is. YAML kinds carry `yaml`, JSON kinds `json`.
 */
export interface NavInput {
  kind: FileKind;
  yaml?: YamlModel;
  json?: JsonModel;
}

/** LSP SymbolKind numbers (the protocol's, so the core needs no LSP import). */
export const SymbolKind = {
  Module: 2,
  Namespace: 3,
  Class: 5,
  Property: 7,
  Field: 8,
  Variable: 13,
  String: 15,
  Number: 16,
  Boolean: 17,
  Array: 18,
  Object: 19,
  Key: 20,
  Null: 21,
  Struct: 23,
  Event: 24,
} as const;

/** One entry of the hierarchical outline (LSP DocumentSymbol, with core ranges). */
export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: number;
  /** The whole entry: key and value. */
  range: Range;
  /** The key (or the item's start for list items): what the editor selects and reveals. */
  selectionRange: Range;
  children?: OutlineSymbol[];
}

/** A folding range in lines (LSP FoldingRange without characters: VS Code folds whole lines). */
export interface Fold {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** What a navigable name is: a service, a top-level resource or a YAML anchor. */
export type SymbolCategory = 'service' | 'network' | 'volume' | 'secret' | 'config' | 'anchor';

export interface TextEdit {
  range: Range;
  newText: string;
}
