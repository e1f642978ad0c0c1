// Builds a .vsix: a production bundle (minified, no source maps), then vsce.
//   node scripts/package.mjs [--out file.vsix]
// Everything the extension needs is bundled into dist/, so it is packaged without node_modules, from a
// staging copy holding only what ships (see .vscodeignore): the manifest, README, dist/extension.js,
// dist/server.js, dist/serverCore.js, dist/validator.js, the generated schema validators dist/validators/*.js, media/ and examples/ (the "Open Example Stack File" command copies one from there).
// The staged package.json drops devDependencies: they are meaningless in a .vsix, and vsce refuses
// @types/vscode newer than engines.vscode (engines.vscode is ^1.91.0 to match @types/vscode).
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, `${pkg.name}-${pkg.version}.vsix`);

const t0 = Date.now();
const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
if (b.status !== 0) {
  console.error(`package: the production build failed (${b.status ?? b.signal})`);
  process.exit(1);
}

const stage = mkdtempSync(join(tmpdir(), 'swarm-pilot-vsix-'));
try {
  const { devDependencies: _dev, scripts: _scripts, ...manifest } = pkg;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const p of [
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    '.vscodeignore',
    'dist/extension.js',
    'dist/server.js',
    'dist/serverCore.js',
    'dist/validator.js',
    'dist/validators',
    'media',
    'examples',
    'syntaxes',
  ]) {
    try {
      cpSync(join(root, p), join(stage, p), { recursive: true });
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
  }
  const { createVSIX } = require('@vscode/vsce');
  // No repository URL and no LICENSE file in the project yet: allowed explicitly instead of a prompt, and
  // README's relative links stay relative (vsce can only rewrite them against a known repository).
  await createVSIX({ cwd: stage, packagePath: out, dependencies: false, allowMissingRepository: true, skipLicense: true, rewriteRelativeLinks: false });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
const kib = (statSync(out).size / 1024).toFixed(0);
const shown = relative(process.cwd(), out);
console.log(`package: ${shown.startsWith('..') ? out : shown} (${kib} KiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
