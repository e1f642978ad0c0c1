// Runs every test group with node's test runner and prints one closing `N passed, N failed` line.
//   node scripts/run-tests.mjs            all groups (unit, engine, host)
//   node scripts/run-tests.mjs unit       only the named groups (unit, engine, host, compat)
// Engine tests need a real Docker swarm: test/engine/docker-ci.sh starts one (root, Debian).
// In CI (CI=true) a group that cannot run is a failure, never a silent skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requested = process.argv.slice(2);
const ci = process.env.CI === 'true' || process.env.CI === '1';

function testFiles(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.test\.ts$/.test(e.name)) out.push(p);
    }
  };
  walk(abs);
  return out;
}

const workers = { DOCKER_CI_WORKERS: process.env.DOCKER_CI_WORKERS ?? '2' };
/** The main test swarm as the engine and host groups use it: two workers and the loopback registry. */
const MAIN_SWARM = { ...workers, DOCKER_CI_REGISTRY: process.env.DOCKER_CI_REGISTRY ?? '1' };
/** Engine 20.10 (API 1.41, the oldest supported): connection, explorer snapshot, a deploy and rollback, stack cases. */
const COMPAT = { DOCKER_CI_ENGINE: '20.10', ...workers };
const COMPAT_FILES = ['engine-connection', 'swarm-explorer', 'deploy-cli', 'stack-cases'].map((f) => `test/engine/${f}.test.ts`);

/** Each group: where its tests live (`dir`, or `files`), what it needs before it can run, and its environment. */
const groups = [
  { name: 'unit', dir: 'test/unit' },
  // The engine group runs on Engine 28.5.2 (docker-ci.sh's default engine), the host group on the same swarm.
  // With the loopback registry (127.0.0.1:5000): live-image-platforms reads an image's platforms from it. The tests
  // get the same settings (a test that runs `docker-ci.sh up` itself must not reconfigure, and so restart, the
  // manager). Its setup also starts the namespaced multi-node swarm of the fault tests (test/engine/faults-*.test.ts),
  // with the same settings, as their own `ns-up` (a different DOCKER_CI_REGISTRY would restart its five daemons).
  {
    name: 'engine',
    dir: 'test/engine',
    env: MAIN_SWARM,
    setup: () =>
      runSetup('engine', ['bash', 'test/engine/docker-ci.sh', 'up'], MAIN_SWARM) ??
      runSetup('engine', ['bash', 'test/engine/docker-ci.sh', 'ns-up'], MAIN_SWARM),
  },
  // A group with `command` runs it instead of node --test and reads its closing `N passed, N failed` line.
  // The host group installs Debian's chromium (apt) and starts the test swarm: root, like the engine group.
  {
    name: 'host',
    command: [process.execPath, 'test/host/run.mjs'],
    setup: () => (process.getuid?.() === 0 ? undefined : 'the host tests install Debian packages and start a Docker swarm, and must run as root'),
  },
  // Last, because it switches the machine's engine to 20.10 (the next engine or host run switches back).
  { name: 'compat', files: COMPAT_FILES, env: COMPAT, setup: () => runSetup('compat', ['bash', 'test/engine/docker-ci.sh', 'up'], COMPAT) },
];

function runSetup(name, cmd, env) {
  if (process.getuid?.() !== 0) return `the ${name} tests start a Docker daemon and must run as root`;
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0 ? undefined : `${cmd.join(' ')} exited with ${r.status}`;
}

// The corpus tests (test/support/shared.ts) read ../shared/corpus or SWARM_PILOT_CORPUS; say once what a missing
// corpus means (each skipped test only names the path).
const corpus = resolve(process.env.SWARM_PILOT_CORPUS ?? join(root, '..', 'shared', 'corpus'));
if (!existsSync(corpus) && !ci) {
  console.log(`Corpus tests skipped: no corpus at ${corpus} (the shared folder beside the checkout; SWARM_PILOT_CORPUS=DIR points elsewhere).`);
}

let passed = 0;
let failed = 0;
let skipped = 0;
let problems = 0;
for (const g of groups) {
  if (requested.length && !requested.includes(g.name)) continue;
  const files = g.command ? [] : (g.files ?? testFiles(g.dir));
  if (!g.command && files.length === 0) continue;
  const skipWhy = g.setup?.();
  if (skipWhy) {
    console.log(`\n[${g.name}] NOT RUN: ${skipWhy}`);
    if (ci) problems++;
    skipped += Math.max(files.length, 1);
    continue;
  }
  if (g.command) {
    console.log(`\n[${g.name}] ${g.command.slice(1).join(' ')}`);
    const r = spawnSync(g.command[0], g.command.slice(1), {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SWARM_PILOT_ROOT: root },
      maxBuffer: 256 * 1024 * 1024,
    });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    const m = [...r.stdout.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
    passed += Number(m?.[1] ?? 0);
    failed += Number(m?.[2] ?? 0);
    if (!m || (r.status !== 0 && Number(m[2]) === 0)) {
      console.log(`[${g.name}] exited with ${r.status ?? r.signal} without a failing test`);
      problems++;
    }
    continue;
  }
  console.log(`\n[${g.name}] ${files.length} test files`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SWARM_PILOT_ROOT: root, ...g.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  const num = (label) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(r.stdout)?.[1] ?? 0);
  passed += num('pass');
  failed += num('fail') + num('cancelled');
  skipped += num('skipped');
  if (r.status !== 0 && num('fail') + num('cancelled') === 0) {
    console.log(`[${g.name}] test runner exited with ${r.status} without a failing test`);
    problems++;
  }
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || problems > 0 ? 1 : 0;
