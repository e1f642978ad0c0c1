import { codeActionsFeature } from './codeActions';
import { definitionFeature } from './definition';
import { completionFeature } from './completion';
import type { Feature } from './feature';
import { foldingFeature } from './folding';
import { hoverFeature } from './hover';
import { symbolsFeature } from './symbols';

/**
 * Every LSP feature beside diagnostics, one module each (completion, hover, symbols, definition,
 * folding, code actions). serverCore.ts registers them; ../capabilities.ts announces them.
 */
export const FEATURES: Feature[] = [symbolsFeature, definitionFeature, foldingFeature, completionFeature, hoverFeature, codeActionsFeature];
