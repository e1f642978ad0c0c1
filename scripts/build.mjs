// Bundles the extension, the language server and the CLI with esbuild (one file each in dist/; the language server
// is two: a small entry that answers `initialize` at once and the validation core it loads next), plus
// dist/validator.js, the core alone, which the extension loads when a deploy needs validation. The extension's
// esbuild metafile goes to dist/extension.meta.json (test/unit/architecture.test.ts reads what it bundles).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's default (UMD) entry requires its own files at run time; its ESM build bundles.
  mainFields: ['module', 'main'],
  define: { SWARM_PILOT_VERSION: JSON.stringify(pkg.version) },
  // dockerode's optional native/ssh helpers stay external only where they are truly optional.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
};

const t0 = Date.now();
await Promise.all([
  build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', metafile: true }).then((r) =>
    writeFileSync(join(root, 'dist', 'extension.meta.json'), JSON.stringify(r.metafile)),
  ),
  build({ ...common, entryPoints: { server: 'server/src/lsp/server.ts' }, outdir: 'dist', external: [...common.external, './serverCore'] }),
  build({ ...common, entryPoints: { serverCore: 'server/src/lsp/serverCore.ts' }, outdir: 'dist' }),
  build({ ...common, entryPoints: { cli: 'client/src/cli/main.ts' }, outdir: 'dist' }),
  // The core alone, for the extension's Deploy Stack (loaded on first use, see client/src/language/coreLoader.ts).
  build({ ...common, entryPoints: { validator: 'server/src/core/index.ts' }, outdir: 'dist' }),
]);
console.log(`built dist/extension.js dist/server.js dist/serverCore.js dist/cli.js dist/validator.js in ${Date.now() - t0} ms`);
