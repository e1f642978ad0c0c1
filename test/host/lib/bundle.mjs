// Bundles the extension-host mocha suites (test/host/suite/*.ts) into .cache/host/build/suite/*.js.
// Each test file stays its own module so mocha can load it after setting up its globals; `vscode` and
// `mocha` stay external (the host provides `vscode`; mocha resolves from the project's node_modules).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, ROOT } from './paths.mjs';

export const SUITE_OUT = join(CACHE, 'build', 'suite');

export async function bundleSuites() {
  const src = join(ROOT, 'test', 'host', 'suite');
  const entryPoints = readdirSync(src)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(src, f));
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(SUITE_OUT, 'index.js');
}
