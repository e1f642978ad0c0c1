// The validation core is not in the extension bundle (dist/extension.js): the language server owns it. Deploy Stack
// still validates before it deploys, so the core is loaded from its own bundle, dist/validator.js (built from
// server/src/core/index.ts and shipped in the .vsix), the first time a deploy needs it: the way the server loads
// dist/serverCore.js after `initialize`. Not the server's bundle itself: that one starts the LSP library.
import { join } from 'node:path';
import type { StackValidator } from '../deploy';

/** What dist/validator.js exports that the extension uses. */
export interface ValidatorBundle {
  validateStackFile: StackValidator;
}

/** A validator that loads the core on its first call (once), then delegates to it. */
export function lazyStackValidator(load: () => ValidatorBundle): StackValidator {
  let validate: StackValidator | undefined;
  return (file, env) => (validate ??= load().validateStackFile)(file, env);
}

/** The validator of an installed extension: dist/validator.js below its folder. */
export function bundledStackValidator(extensionPath: string): StackValidator {
  return lazyStackValidator(() => require(join(extensionPath, 'dist', 'validator.js')) as ValidatorBundle);
}
