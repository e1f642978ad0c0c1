// Locates the shared LSP latency harness (../shared/bench by default), installs its peer servers once into
// bench/.peers (reused when present) and makes sure the generated fixtures exist. The harness directory is
// read-only: its scripts are only called by path, with PEERS pointing at our own install dir.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { log, run } from './util.mjs';

const HARNESS_FILES = ['lsp-bench.mjs', 'run-matrix.mjs', 'gen-compose.mjs', 'setup-peers.sh', 'peers.json'];

/** The harness dir: --harness, else $SWARM_PILOT_BENCH_HARNESS, else ../shared/bench next to the repo. */
export function locateHarness(repo, flag) {
  const candidates = [flag, process.env.SWARM_PILOT_BENCH_HARNESS, join(repo, '..', 'shared', 'bench')].filter(Boolean);
  for (const c of candidates) {
    const dir = resolve(repo, c);
    if (HARNESS_FILES.every((f) => existsSync(join(dir, f)))) return dir;
  }
  throw new Error(
    `LSP bench harness not found (looked in ${candidates.map((c) => resolve(repo, c)).join(', ')}); ` +
      'set SWARM_PILOT_BENCH_HARNESS to the directory holding lsp-bench.mjs and run-matrix.mjs',
  );
}

export const PEER_PACKAGES = ['yaml-language-server', '@microsoft/compose-language-service'];

function peersInstalled(peers) {
  return PEER_PACKAGES.every((p) => existsSync(join(peers, 'node_modules', p, 'package.json'))) && existsSync(join(peers, 'compose-spec.schema.json'));
}

/**
 * Installs the peers with the harness's setup-peers.sh unless they are already in `peers`.
 * Returns {installed: boolean, reason?: string, versions}.
 */
export async function ensurePeers(harness, peers) {
  mkdirSync(peers, { recursive: true });
  if (!peersInstalled(peers)) {
    // setup-peers.sh runs `npm init -y` when there is no package.json, and npm rejects ".peers" as a
    // package name, so give it one first.
    const pkg = join(peers, 'package.json');
    if (!existsSync(pkg))
      writeFileSync(
        pkg,
        JSON.stringify({ name: 'swarm-pilot-bench-peers', private: true, description: 'peer language servers for npm run bench (generated)' }, null, 2) + '\n',
      );
    log(`installing peer servers into ${peers} (npm registry, once)`);
    const r = await run('bash', [join(harness, 'setup-peers.sh')], { env: { ...process.env, PEERS: peers }, timeoutMs: 10 * 60_000 });
    if (r.code !== 0 || !peersInstalled(peers)) {
      return { installed: false, reason: `setup-peers.sh failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}` };
    }
  }
  const versions = {};
  for (const p of PEER_PACKAGES) {
    try {
      const { readFileSync } = await import('node:fs');
      versions[p] = JSON.parse(readFileSync(join(peers, 'node_modules', p, 'package.json'), 'utf8')).version;
    } catch {
      versions[p] = null;
    }
  }
  return { installed: true, versions };
}

/** Fixture file name for a service count (`alias` false: the -noalias variant). */
export const fixtureName = (n, alias = true) => `stack-${n}${alias ? '' : '-noalias'}.yml`;

/** Generates any missing fixtures with the harness's deterministic generator (same bytes every time). */
export async function ensureFixtures(harness, fixturesDir, sizes) {
  mkdirSync(fixturesDir, { recursive: true });
  const gen = join(harness, 'gen-compose.mjs');
  const want = [];
  for (const n of sizes) {
    want.push({ file: fixtureName(n, true), args: ['--services', String(n)] });
    want.push({ file: fixtureName(n, false), args: ['--services', String(n), '--no-alias'] });
  }
  want.push({ file: 'errors-100.yml', args: ['--services', '100', '--errors'] });
  for (const w of want) {
    const out = join(fixturesDir, w.file);
    if (existsSync(out) && (!w.file.startsWith('errors-') || existsSync(out.replace(/\.yml$/, '.expect.json')))) continue;
    const r = await run(process.execPath, [gen, ...w.args, '--out', out]);
    if (r.code !== 0) throw new Error(`gen-compose.mjs ${w.args.join(' ')} failed: ${r.stderr}`);
  }
}
