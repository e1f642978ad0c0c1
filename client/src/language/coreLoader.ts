// The validation core is not in the extension bundle (dist/extension.js): the language server owns it. Deploy Stack
// still validates before it deploys, so the core is loaded from its own bundle, dist/validator.js (built from
// server/src/core/index.ts and shipped in the .vsix), the first time a deploy needs it: the way the server loads
// dist/serverCore.js after `initialize`. Not the server's bundle itself: that one starts the LSP library.
import { join } from 'node:path';
import type { StackValidator } from '../deploy';

/** What dist/validator.js exports that the extension uses. */
export interface ValidatorBundle {
  validateStackFile: StackValidator;
  /** The core's validateText and defaultSettings, for the fleet file (typed here: the extension imports no core). */
  validateText?(input: { text: string; filePath: string; kind: 'fleet'; settings: unknown }): { diagnostics: BundleDiagnostic[] } | undefined;
  defaultSettings?(overrides: { env: Record<string, string | undefined> }): unknown;
}

type BundleDiagnostic = ReturnType<StackValidator>[number];

/** A validator that loads the core on its first call (once), then delegates to it. */
export function lazyStackValidator(load: () => ValidatorBundle): StackValidator {
  let validate: StackValidator | undefined;
  return (file, env) => (validate ??= load().validateStackFile)(file, env);
}

/** The validator of an installed extension: dist/validator.js below its folder. */
export function bundledStackValidator(extensionPath: string): StackValidator {
  return lazyStackValidator(() => loadBundle(extensionPath));
}

const loadBundle = (extensionPath: string) => require(join(extensionPath, 'dist', 'validator.js')) as ValidatorBundle;

/**
 * The fleet file's errors as `path:line:col: code: message`, by the same core and kind the language server and
 * `swarm-pilot fleet` use (loaded on first use, like the stack validator).
 */
export function bundledFleetValidator(extensionPath: string): (text: string, path: string, env: Record<string, string | undefined>) => string[] {
  return (text, path, env) => {
    const core = loadBundle(extensionPath);
    const result = core.validateText?.({ text, filePath: path, kind: 'fleet', settings: core.defaultSettings?.({ env }) });
    return (result?.diagnostics ?? [])
      .filter((d) => d.severity === 'error')
      .map((d) => `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.code}: ${d.message}`);
  };
}
