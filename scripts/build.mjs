// Bundles the extension, the language server and the CLI with esbuild (one file each in dist/; the language server
// is two: a small entry that answers `initialize` at once and the validation core it loads next), plus
// dist/validator.js, the core alone, which the extension loads when a deploy needs validation. The extension's
// esbuild metafile goes to dist/extension.meta.json (test/unit/architecture.test.ts reads what it bundles).
// dist/validators/<set>.js: the schema validators as ajv standalone code, one module per schema set
// (scripts/standalone-validators.ts), which the core bundles require on first use instead of compiling the schemas.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');

/**
 * JSON files become `JSON.parse("…")` of a string rather than an object literal: V8 scans a string and runs
 * JSON.parse several times faster than it parses the same object as JavaScript (the bundles hold ~600 KB of
 * schemas; a file read lazily, like the v3.x stack schemas, costs nothing until it is required).
 */
const jsonAsString = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, (a) => ({
      contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(a.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

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
  define: { SWARM_PILOT_VERSION: JSON.stringify(pkg.version), SWARM_PILOT_PREBUILT_VALIDATORS: 'true' },
  // dockerode's optional native/ssh helpers stay external only where they are truly optional.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  plugins: [jsonAsString],
};

/**
 * Generates the standalone validator code (the generator is bundled first: it imports the core's TypeScript) and
 * bundles each set with the ajv run-time helpers and the formats module it requires.
 */
async function buildValidators() {
  const cache = join(root, '.cache', 'build');
  mkdirSync(cache, { recursive: true });
  const generator = join(cache, 'standalone-validators.cjs');
  await build({ ...common, sourcemap: false, minify: false, entryPoints: ['scripts/standalone-validators.ts'], outfile: generator });
  const { ALL_SCHEMA_SETS, standaloneValidatorCode } = createRequire(import.meta.url)(generator);
  const formats = join(root, 'server', 'src', 'core', 'schema', 'dockerFormats.ts');
  const code = new Map(ALL_SCHEMA_SETS.map((set) => [set.name, standaloneValidatorCode(set, formats)]));
  rmSync(join(root, 'dist', 'validators'), { recursive: true, force: true });
  const virtual = {
    name: 'standalone-validators',
    setup(b) {
      b.onResolve({ filter: /^validator:/ }, (a) => ({ path: a.path.slice('validator:'.length), namespace: 'validator' }));
      b.onLoad({ filter: /.*/, namespace: 'validator' }, (a) => ({ contents: code.get(a.path), resolveDir: root, loader: 'js' }));
    },
  };
  const entryPoints = Object.fromEntries([...code.keys()].map((n) => [`validators/${n}`, `validator:${n}`]));
  // generated code has no source to map to; whitespace and syntax minified (a third faster to load), names kept for profiles
  await build({ ...common, sourcemap: false, minifyWhitespace: true, minifySyntax: true, entryPoints, outdir: 'dist', plugins: [virtual] });
  return code.size;
}

const t0 = Date.now();
await Promise.all([
  buildValidators(),
  build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', metafile: true }).then((r) =>
    writeFileSync(join(root, 'dist', 'extension.meta.json'), JSON.stringify(r.metafile)),
  ),
  build({ ...common, entryPoints: { server: 'server/src/lsp/server.ts' }, outdir: 'dist', external: [...common.external, './serverCore'] }),
  build({ ...common, entryPoints: { serverCore: 'server/src/lsp/serverCore.ts' }, outdir: 'dist' }),
  // `check` alone: the swarm commands are dist/swarmRunners.js, required when one runs (client/src/cli/swarmCommands.ts).
  build({ ...common, entryPoints: { cli: 'client/src/cli/main.ts' }, outdir: 'dist', external: [...common.external, './swarmRunners'] }),
  build({ ...common, entryPoints: { swarmRunners: 'client/src/cli/swarmRunners.ts' }, outdir: 'dist' }),
  // The core alone, for the extension's Deploy Stack (loaded on first use, see client/src/language/coreLoader.ts).
  build({ ...common, entryPoints: { validator: 'server/src/core/index.ts' }, outdir: 'dist' }),
]);
console.log(
  `built dist/extension.js dist/server.js dist/serverCore.js dist/cli.js dist/swarmRunners.js dist/validator.js dist/validators/ in ${Date.now() - t0} ms`,
);
