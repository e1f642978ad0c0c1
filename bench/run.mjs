#!/usr/bin/env node
// `npm run bench` (after `npm run build`): performance figures for Swarm Pilot. Not a test: it measures and
// reports, it never fails on a missed target. Sections (bench/sections/, one module each):
//   lsp        edit→diagnostics latency, cold open, completion/hover, peak RSS of our server beside
//              yaml-language-server and compose-language-service, via the shared harness (../shared/bench)
//   cold-open  our cold open of the largest stack vs the npm `yaml` package alone (target ≤ 1.5×)
//   cli        `swarm-pilot check --format json` throughput over the shared corpus, beside `docker stack config`
//   activation client activate() and language server ready in a real VS Code (host harness)
//   live       drift lens refresh after docker service scale, cluster completion latency (50-node model)
//   deploy     circuit breaker latency (first failure → trip → rollback → converged back) vs swarm's own rollback
//   swarm      deploy (Swarm Pilot vs docker stack deploy) and explorer refresh on the loopback test swarm
//   profile    CPU profiles (CLI + server) on the largest stack: where the time goes
// Prints the tables, writes bench/results/<timestamp>.json, bench/results/latest.json and
// bench/results/latest.md (the tables for the README). See bench/README.md.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import sections from './sections/index.mjs';
import { ensureFixtures, ensurePeers, locateHarness } from './lib/harness.mjs';
import { fmt, load1, log, machineInfo, mdTable, waitIdle, writeAtomic } from './lib/util.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const repo = resolve(bench, '..');

const HELP = `usage: node bench/run.mjs [options]        (npm run bench -- [options] builds first)
  --quick              a smoke run in ~2 minutes: 10/100 services, 1-2 runs, no ms-compose, no profile
  --sizes 10,100,1000  stack sizes to generate and measure (default 10,100,1000)
  --runs N             runs per fixture for our server (default: 5 at 10 services, 3 above)
  --no-peers           only our server (no yaml-language-server / compose-language-service, no npm)
  --no-ms-compose      skip compose-language-service
  --no-profile         skip the CPU profiles
  --sections a,b       run only these sections (${sections.map((s) => s.id).join(', ')})
  --harness DIR        the shared LSP harness (default $SWARM_PILOT_BENCH_HARNESS, else ../shared/bench)
  --corpus DIR         corpus for the CLI section (default $SWARM_PILOT_BENCH_CORPUS, else ../shared/corpus)
  --dist DIR           bench the server.js / cli.js in DIR instead of dist/ ($SWARM_PILOT_BENCH_DIST),
                       e.g. a saved copy of an older build for before/after figures
  --out DIR            results directory (default bench/results)
  --no-write           print only; write no results files
  --wait-idle [S]      before each section, wait (up to S s, default 300) until the 1-minute load average
                       is below the core count; the load is recorded either way
Peers are installed once into bench/.peers ($SWARM_PILOT_BENCH_PEERS) with the harness's setup-peers.sh.`;

function parseArgs(argv) {
  const o = {
    quick: false,
    sizes: [10, 100, 1000],
    runs: null,
    peers: true,
    msCompose: true,
    profile: true,
    sections: null,
    harness: null,
    corpus: null,
    dist: null,
    out: join(bench, 'results'),
    write: true,
    waitIdle: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--quick') o.quick = true;
    else if (k === '--sizes')
      o.sizes = v()
        .split(',')
        .map(Number)
        .filter((n) => n > 0);
    else if (k === '--runs') o.runs = Number(v());
    else if (k === '--no-peers') o.peers = false;
    else if (k === '--no-ms-compose') o.msCompose = false;
    else if (k === '--no-profile') o.profile = false;
    else if (k === '--sections') o.sections = v().split(',');
    else if (k === '--harness') o.harness = v();
    else if (k === '--corpus') o.corpus = v();
    else if (k === '--dist') o.dist = v();
    else if (k === '--out') o.out = resolve(v());
    else if (k === '--no-write') o.write = false;
    else if (k === '--wait-idle') o.waitIdle = /^\d+$/.test(argv[i + 1] ?? '') ? Number(argv[++i]) : 300;
    else if (k === '-h' || k === '--help') {
      console.log(HELP);
      process.exit(0);
    } else throw new Error(`unknown argument ${k}\n${HELP}`);
  }
  if (o.quick) {
    if (!argv.includes('--sizes')) o.sizes = [10, 100];
    if (!argv.includes('--ms-compose')) o.msCompose = false;
    o.profile = false;
  }
  if (!o.sizes.length) throw new Error('--sizes: no sizes');
  return o;
}

const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const startedAt = new Date();
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const dist = resolve(repo, opts.dist ?? process.env.SWARM_PILOT_BENCH_DIST ?? 'dist');
  const serverJs = join(dist, 'server.js');
  const cliJs = join(dist, 'cli.js');
  if (!existsSync(serverJs) || !existsSync(cliJs)) throw new Error(`${serverJs} / ${cliJs} missing: run \`npm run build\` (npm run bench does)`);
  const harness = locateHarness(repo, opts.harness);
  const peersDir = resolve(process.env.SWARM_PILOT_BENCH_PEERS ?? join(bench, '.peers'));
  const fixtures = join(peersDir, 'fixtures');
  const raw = join(peersDir, 'raw', stamp);
  mkdirSync(raw, { recursive: true });
  // keep the raw outputs (result lines, profiles, dist copy) of the last 5 runs only
  const old = readdirSync(join(peersDir, 'raw')).sort().slice(0, -5);
  for (const d of old) rmSync(join(peersDir, 'raw', d), { recursive: true, force: true });
  const corpus = resolve(repo, opts.corpus ?? process.env.SWARM_PILOT_BENCH_CORPUS ?? join('..', 'shared', 'corpus'));

  let peersReady = false;
  let peers = { installed: false, reason: 'disabled (--no-peers)' };
  if (opts.peers) {
    peers = await ensurePeers(harness, peersDir);
    peersReady = peers.installed;
    if (!peersReady) log(`peers unavailable, measuring our server only: ${peers.reason}`);
  }
  await ensureFixtures(harness, fixtures, opts.sizes);

  // Others rebuild dist/ while the bench runs: bench a private copy, so every section sees the same build.
  const snap = join(raw, 'dist');
  mkdirSync(snap, { recursive: true });
  const build = { from: dist, files: {} };
  for (const f of ['server.js', 'server.js.map', 'serverCore.js', 'serverCore.js.map', 'cli.js', 'cli.js.map', 'swarmRunners.js', 'swarmRunners.js.map']) {
    if (!existsSync(join(dist, f))) continue;
    copyFileSync(join(dist, f), join(snap, f));
    build.files[f] = createHash('sha256')
      .update(readFileSync(join(snap, f)))
      .digest('hex')
      .slice(0, 12);
  }
  // the schema validators generated at build time, which the bundles require from beside them
  rmSync(join(snap, 'validators'), { recursive: true, force: true });
  if (existsSync(join(dist, 'validators'))) {
    cpSync(join(dist, 'validators'), join(snap, 'validators'), { recursive: true });
    build.files.validators = `${readdirSync(join(snap, 'validators')).length} files`;
  }
  build.minified = readFileSync(join(snap, 'server.js'), 'utf8').slice(0, 4000).split('\n').length < 5;
  if (build.minified) log('warning: dist/server.js looks minified (a --production build): profiles will show mangled names');
  // a --production build writes no maps, so any .map beside it is stale: drop maps that do not belong
  for (const f of ['server.js', 'serverCore.js', 'cli.js', 'swarmRunners.js']) {
    if (!existsSync(join(snap, `${f}.map`))) continue;
    const skew = Math.abs(statSync(join(dist, f)).mtimeMs - statSync(join(dist, `${f}.map`)).mtimeMs);
    if (build.minified || skew > 10_000) {
      rmSync(join(snap, `${f}.map`));
      build.files[`${f}.map`] = 'stale, not used';
    }
  }
  // The server runs with the node flags the extension gives it (SERVER_NODE_FLAGS, exported by that build's server.js;
  // a build from before they existed ran without any).
  const serverModule = createRequire(import.meta.url)(join(snap, 'server.js'));
  const serverFlags = serverModule.SERVER_NODE_FLAGS ?? [];
  build.server_flags = serverFlags;
  // ... and its environment (SERVER_ENV), set through env(1), which execs node: the harness's PID is still the server's
  const serverEnv = Object.entries(serverModule.SERVER_ENV ?? {}).map(([k, v]) => `${k}=${v}`);
  build.server_env = serverEnv;
  const ctx = {
    repo,
    bench,
    harness,
    peersDir,
    peersReady,
    fixtures,
    corpus,
    raw,
    opts,
    build,
    serverCmd: [...(serverEnv.length ? ['env', ...serverEnv] : []), 'node', ...serverFlags, join(snap, 'server.js'), '--stdio'].join(' '),
    // bin/swarm-pilot.js only loads dist/cli.js and calls runCli; cli.js does the same when run directly
    cliJs: join(snap, 'cli.js'),
    bin: join(snap, 'cli.js'),
    results: {},
  };
  const machine = machineInfo();
  log(`node ${machine.node}, ${machine.nproc} cores (${machine.cpu_model}), harness ${harness}, peers ${peersReady ? peersDir : 'off'}`);

  const selected = sections.filter((s) => (opts.sections ? opts.sections.includes(s.id) : s.id !== 'profile' || opts.profile));
  const out = [];
  for (const s of selected) {
    if (opts.waitIdle) await waitIdle(opts.waitIdle, machine.nproc);
    const ts = performance.now();
    const loadBefore = load1();
    log(`== section ${s.id}: ${s.title} (load average ${loadBefore})`);
    let res;
    try {
      res = await s.run(ctx);
    } catch (e) {
      log(`section ${s.id} failed: ${e.stack || e}`);
      res = { data: null, markdown: [`### ${s.title}\n\nfailed: ${String(e.message || e)}`], targets: [], error: String(e.stack || e) };
    }
    res.seconds = Math.round((performance.now() - ts) / 100) / 10;
    res.load = { before: loadBefore, after: load1() };
    ctx.results[s.id] = res;
    out.push({ section: s, res });
    process.stdout.write(`\n## ${s.title} (${res.seconds} s, load average ${res.load.before} → ${res.load.after})\n\n${res.markdown.join('\n\n')}\n`);
  }

  const targets = out.flatMap(({ section, res }) => (res.targets ?? []).map((t) => ({ section: section.id, ...t })));
  const targetTable = mdTable(
    ['target', 'goal', 'measured', 'result'],
    targets.map((t) => [
      t.what,
      t.target,
      t.actual == null ? '–' : `${fmt(t.actual, t.unit === '×' ? 2 : 1)}${t.unit === '×' ? '×' : ` ${t.unit}`}`,
      t.met === true ? 'met' : t.met === false ? '**missed**' : 'info',
    ]),
  );
  const seconds = Math.round((performance.now() - t0) / 1000);
  const peakLoad = Math.max(...out.flatMap(({ res }) => [res.load.before, res.load.after]));
  const busy =
    peakLoad > machine.nproc
      ? `**Warning: the machine was busy (1-minute load average up to ${peakLoad} on ${machine.nproc} cores): other processes competed for the CPU and the latencies are inflated.**`
      : null;
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = (git('status', '--porcelain', '--untracked-files=no') ?? '').split('\n').filter(Boolean).length;
  const env =
    `${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit ?? '?'}${dirty ? ` (+${dirty} modified files)` : ''}, ` +
    `node ${machine.node}, ${machine.nproc} cores ${machine.cpu_model}, ${machine.mem_gb} GB` +
    (peersReady
      ? `, yaml-language-server ${peers.versions['yaml-language-server']}, compose-language-service ${peers.versions['@microsoft/compose-language-service']}`
      : '') +
    `${opts.quick ? ', --quick' : ''}; bench took ${seconds} s, load average ${machine.loadavg_at_start[0]} at start, peak ${peakLoad}`;
  process.stdout.write(`\n## Targets\n\n${targetTable}\n\n${env}\n${busy ? `\n${busy}\n` : ''}`);

  if (opts.write) {
    const doc = {
      schema: 'swarm-pilot-bench/1',
      started_at: startedAt.toISOString(),
      seconds,
      argv: process.argv.slice(2),
      options: opts,
      machine,
      git: { commit, modified_files: dirty },
      harness,
      peers: { dir: peersDir, ...peers },
      raw_dir: raw,
      server_cmd: ctx.serverCmd,
      build,
      targets,
      busy_warning: busy,
      sections: Object.fromEntries(
        out.map(({ section, res }) => [
          section.id,
          { title: section.title, seconds: res.seconds, load: res.load, error: res.error, targets: res.targets, data: res.data },
        ]),
      ),
    };
    const json = JSON.stringify(doc, null, 1) + '\n';
    writeAtomic(join(opts.out, `${stamp}.json`), json);
    writeAtomic(join(opts.out, 'latest.json'), json);
    const md =
      [
        '<!-- generated by `npm run bench` (bench/run.mjs); paste into the README -->',
        `Measured ${env}.`,
        ...(busy ? [busy] : []),
        ...out.filter(({ res }) => res.readme !== false).flatMap(({ res }) => res.markdown),
        `### Targets\n\n${targetTable}`,
      ].join('\n\n') + '\n';
    writeAtomic(join(opts.out, 'latest.md'), md);
    log(`wrote ${join(opts.out, `${stamp}.json`)}, latest.json, latest.md (raw: ${raw})`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.stack || e}\n`);
  process.exitCode = 1;
});
