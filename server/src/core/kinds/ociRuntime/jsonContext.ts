import { jsonKeyRange, jsonValueRange, parseJson, type JsonModel } from '../../json/jsonDocument';
import { Reporter, type ReportExtra } from '../../rules/reporter';
import type { RuleMeta } from '../../rules/registry';
import type { Diagnostic, Range } from '../../types';
import type { ValuePath } from '../../yaml/yamlDocument';
import type { KindInput } from '../kindInput';

/** What the checks of the two OCI JSON kinds share: the parsed document, its ranges and the reporter. */
export interface OciJsonContext {
  readonly input: KindInput;
  readonly model: JsonModel;
  readonly reporter: Reporter;
  report(rule: RuleMeta, range: Range, message: string, extra?: ReportExtra): void;
  keyRange(path: ValuePath): Range;
  valueRange(path: ValuePath): Range;
}

/**
 * Parses the text and reports syntax errors. Returns undefined when the text is not valid JSON:
 * Go's encoding/json (and every runtime) refuses the whole file then, so nothing else is checked.
 */
export function openJson(input: KindInput): { ctx: OciJsonContext; value: unknown } | { diagnostics: Diagnostic[] } {
  const model = parseJson(input.text);
  const reporter = new Reporter(input.settings, input.text);
  reporter.add(model.syntaxDiagnostics);
  if (model.syntaxDiagnostics.some((d) => d.severity === 'error')) return { diagnostics: reporter.diagnostics };
  const ctx: OciJsonContext = {
    input,
    model,
    reporter,
    report: (rule, range, message, extra) => reporter.report(rule, range, message, extra),
    keyRange: (path) => jsonKeyRange(model, path),
    valueRange: (path) => jsonValueRange(model, path),
  };
  return { ctx, value: model.value };
}

export { isPlainObject as isObject } from '../../text/guards';

/** How many edits a misspelt key may have and still get a "did you mean": a third of it, 1 to 3. */
export function typoDistance(key: string): number {
  return Math.min(3, Math.max(1, Math.floor(key.length / 3)));
}
