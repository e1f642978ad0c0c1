// Importing the validators registers every rule; this module gives the complete, sorted list.
import '../validate';
export { allRules } from './registry';
