import type { Feature } from './feature';

/**
 * Every LSP feature beside diagnostics, one module each (completion, hover, symbols, definition,
 * folding, code actions). server.ts merges their capabilities and registers them.
 */
export const FEATURES: Feature[] = [];
