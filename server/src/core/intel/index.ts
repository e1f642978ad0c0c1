/** Completion and hover for every kind: pure logic over the parsed document (no LSP types). */
export { complete, type CompleteOptions } from './complete';
export { hover } from './hover';
export { cursorAt, hoverTargetAt, intelInput, vocabularyFor } from './vocabulary';
export type { CompletionEntry, CompletionKind, CursorContext, HoverResult, IntelInput, KeyDoc, ValueDoc, Vocabulary } from './types';
