import { dirname, join } from 'node:path';
import { defineRule } from '../rules/registry';
import { Reporter } from '../rules/reporter';
import type { FileProbe } from '../fs/fileProbe';
import type { CoreSettings } from '../settings';
import type { Diagnostic } from '../types';
import { keyRange, valueRange, type YamlModel } from '../yaml/yamlDocument';
import { asMap, services, type StackCheck, type StackContext } from './stack/context';
import { interpolateConfig, stackNameFromComment } from '../stackModel';
import { INTERPOLATION_RULES } from './stack/rules/interpolation';
import { type ServiceResultCache, ServiceScope } from './stack/serviceResults';

export const topLevelRule = defineRule({
  code: 'compose-top-level',
  kinds: ['stack', 'compose'],
  severity: 'error',
  description: 'The file is not a YAML mapping ("Top-level object must be a mapping").',
  source: 'docker/cli cli/compose/loader/loader.go',
});

export interface YamlKindInput {
  model: YamlModel;
  text: string;
  filePath: string | undefined;
  settings: CoreSettings;
  fs: FileProbe;
  /** Per-service results of the previous validation of this document (the editor keeps one per open file). */
  serviceCache?: ServiceResultCache;
}

/** Compose mode: whether the environment is all compose sees (it reads only the `.env` beside the file by default). */
function envComplete(input: YamlKindInput): boolean {
  if (input.settings.envComplete) return true;
  return input.filePath !== undefined && !input.fs.stat(join(dirname(input.filePath), '.env'));
}

/**
 * The shared pipeline of the two compose-file modes: parser errors stop everything (no schema noise
 * after a syntax error), then interpolation, then the mode's checks over the interpolated config.
 */
export function validateComposeLike(input: YamlKindInput, mode: 'stack' | 'compose', checks: StackCheck[]): Diagnostic[] {
  const { model } = input;
  const reporter = new Reporter(input.settings, input.text, model.disabledCodes);
  reporter.add(model.syntaxDiagnostics);
  if (model.syntaxDiagnostics.some((d) => d.severity === 'error')) return reporter.diagnostics;
  const raw = asMap(model.value);
  if (!raw) {
    reporter.report(topLevelRule, model.lines.rangeOnOneLine(0, input.text.length), 'Top-level object must be a mapping');
    return reporter.diagnostics;
  }
  const ranges = {
    keyRange: (p: readonly (string | number)[]) => keyRange(model, p),
    valueRange: (p: readonly (string | number)[]) => valueRange(model, p),
  };
  const report: StackContext['report'] = (rule, range, message, extra) => reporter.report(rule, range, message, extra);
  const complete = mode === 'compose' && envComplete(input);
  const config = interpolateConfig({
    model,
    raw,
    env: input.settings.env,
    mode,
    complete,
    report: (code, range, message) => report(INTERPOLATION_RULES[code], range, message),
    valueRange: ranges.valueRange,
  });
  const stackName = stackNameFromComment(input.text);
  const scope = new ServiceScope(
    input.serviceCache,
    { model, raw, settings: input.settings, filePath: input.filePath, stackName, mode, disabledCodes: reporter.disabled },
    reporter.diagnostics,
  );
  const ctx: StackContext = {
    model,
    config,
    filePath: input.filePath,
    settings: input.settings,
    stackName,
    fs: input.fs,
    report,
    ...ranges,
    eachService: (check, body) => scope.each(check, services(ctx), body),
  };
  for (const check of checks) check(ctx);
  return reporter.diagnostics;
}
