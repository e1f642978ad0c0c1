// The validation core's main entry: validate a text, the settings, the types and the rule list. Completion and
// hover are in ./intel, quick fixes in ./fixes, navigation in ./navigation, and what the deploy engine shares
// with the validator in ./stackModel. Pure TypeScript: no `vscode`, no LSP types.
export { decodeText, internalErrorDiagnostic, notTextDiagnostic, validateStackFile, validateText, type TextEncoding, type ValidateInput } from './validate';
export { defaultSettings, DEFAULT_STACK_GLOBS, type CoreSettings } from './settings';
export {
  FILE_KINDS,
  isYamlKind,
  type Diagnostic,
  type DiagnosticTag,
  type FileKind,
  type Position,
  type Range,
  type Severity,
  type ValidationResult,
} from './types';
export { allRules, ruleByCode, RULES } from './rules';
export type { RuleMeta } from './rules/registry';
export { parseYaml, type YamlModel } from './yaml/yamlDocument';
export { IncrementalYamlParser } from './yaml/incrementalParser';
export { ServiceResultCache } from './kinds/stack/serviceResults';
export { parseJson, type JsonModel } from './json/jsonDocument';
export { utf8SizeOver } from './text/utf8Size';
