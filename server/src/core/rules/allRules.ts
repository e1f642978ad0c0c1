// Importing the validators registers every rule; this module gives the complete, sorted list.
import '../validate';
import '../../lsp/server';
export { allRules } from './registry';
