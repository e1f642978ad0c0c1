// What `swarm-pilot check` loads: the built CLI parses dist/cli.js and the schema validators it uses, never the
// swarm commands' bundle (dist/swarmRunners.js: the deploy engine, the Engine client, ssh2, grpc), which a swarm
// command requires when it runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './helpers';

const CLI = join(REPO_ROOT, 'dist/cli.js');
const notBuilt = !existsSync(CLI) && 'dist/cli.js not built (npm run build)';

/** Runs the built CLI's main() with `args`; returns its stdout, exit code and the dist files it required. */
function runBuilt(args: string[]): { stdout: string; code: number | null; loaded: string[] } {
  const script = `
    process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('/dist/')).map((f) => f.slice(f.lastIndexOf('/dist/') + 6)))));
    require(${JSON.stringify(CLI)}).main(${JSON.stringify(args)});`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: REPO_ROOT });
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line, r.stderr);
  return { stdout: r.stdout, code: r.status, loaded: (JSON.parse(line.slice(7)) as string[]).sort() };
}

test('`check` of a stack file loads dist/cli.js and its version’s validators only', { skip: notBuilt }, () => {
  const r = runBuilt(['check', '--format', 'json', 'examples/stack/broken-stack.yml']);
  assert.equal(r.code, 1);
  assert.equal((JSON.parse(r.stdout) as { files: unknown[] }).files.length, 1);
  assert.deepEqual(
    r.loaded.filter((f) => !f.startsWith('validators/')),
    ['cli.js'],
  );
  assert.ok(
    r.loaded.some((f) => /^validators\/stack-3\.\d+\.js$/.test(f)),
    r.loaded.join(),
  );
});

test('a swarm command loads dist/swarmRunners.js when it runs', { skip: notBuilt }, () => {
  const r = runBuilt(['quorum', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: swarm-pilot quorum/);
  assert.deepEqual(r.loaded, ['cli.js', 'swarmRunners.js']);
});
