// Section "cli": throughput of `swarm-pilot check --format json` over the shared corpus. compose/ is
// checked with --kind stack (every YAML/JSON file below it); every other corpus directory is found
// automatically and checked with --kind DIRNAME when the name is a file kind (daemon, oci-runtime,
// oci-hooks), else with kind detection. Wall time of the whole process, median of 3 runs; node's own
// startup (`--version`) is reported beside it. In the same run, `docker stack config -c FILE` (docker CLI, no daemon
// needed: DOCKER_HOST points nowhere) over the same compose files one by one, the way a script checks them:
// files/s for both and the ratio (goal ≥ 30×). Only compose/stack files are comparable.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, log, mdTable, median, round, run } from '../lib/util.mjs';

const sig = (x) => (x == null ? '–' : Number(x.toPrecision(3)).toString());
const DOCKER_RATIO_GOAL = 30;

/** `docker stack config -c FILE` for each file, one process per file; undefined without a docker CLI. */
async function dockerStackConfig(files, cwd) {
  const probe = await run('docker', ['--version'], { timeoutMs: 20_000 });
  if (probe.code !== 0) return undefined;
  const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock', DOCKER_CONTEXT: '' };
  let failed = 0;
  const t0 = performance.now();
  for (const f of files) {
    const r = await run('docker', ['stack', 'config', '-c', f], { cwd, env, timeoutMs: 60_000 });
    if (r.code !== 0) failed++;
  }
  const ms = performance.now() - t0;
  return { version: probe.stdout.trim(), files: files.length, ms: round(ms, 1), rejected: failed, files_per_s: round(files.length / (ms / 1000), 1) };
}
const KINDS = ['stack', 'compose', 'daemon', 'oci-runtime', 'oci-hooks'];

export function corpusDirs(corpus) {
  if (!corpus || !existsSync(corpus)) return [];
  const names = readdirSync(corpus)
    .filter((n) => statSync(join(corpus, n)).isDirectory())
    .sort();
  // compose first: it is the one the issue asks for
  return names
    .sort((a, b) => (a === 'compose' ? -1 : b === 'compose' ? 1 : a.localeCompare(b)))
    .map((n) => ({ name: n, dir: join(corpus, n), kind: n === 'compose' ? 'stack' : KINDS.includes(n) ? n : null }));
}

export default {
  id: 'cli',
  title: 'CLI throughput on the corpus',
  async run(ctx) {
    const bin = ctx.bin;
    const runs = ctx.opts.quick ? 1 : 3;
    // per-process start cost: node alone, the CLI's module load (--version), and `check` of one small stack file
    // (module load + the one schema set it uses), so a regression in start-up shows apart from throughput
    const startup = [];
    const nodeAlone = [];
    const checkOne = [];
    const small = join(ctx.repo, 'examples', 'stack', 'broken-stack.yml');
    for (let i = 0; i < Math.max(runs, 5); i++) {
      nodeAlone.push((await run(process.execPath, ['-e', '0'], { cwd: ctx.repo })).ms);
      startup.push((await run(process.execPath, [bin, '--version'], { cwd: ctx.repo })).ms);
      if (existsSync(small)) checkOne.push((await run(process.execPath, [bin, 'check', '--format', 'json', small], { cwd: ctx.repo })).ms);
    }
    const rows = [];
    let composeFiles = [];
    for (const c of corpusDirs(ctx.corpus)) {
      const args = [bin, 'check', ...(c.kind ? ['--kind', c.kind] : []), '--format', 'json', c.dir];
      const times = [];
      let report = null;
      let exit = null;
      let err = '';
      for (let i = 0; i < runs; i++) {
        const r = await run(process.execPath, args, { cwd: ctx.repo, timeoutMs: 10 * 60_000 });
        exit = r.code;
        err = r.stderr;
        try {
          report = JSON.parse(r.stdout);
          times.push(r.ms);
        } catch {
          report = null;
          break;
        }
      }
      if (!report) {
        const msg = `${c.name}: no JSON from the CLI (exit ${exit}): ${
          err
            .trim()
            .split('\n')
            .find((l) => /Error|error/.test(l)) ?? err.slice(0, 200)
        }`;
        log(`cli: ${msg}`);
        rows.push({ corpus: c.name, kind: c.kind ?? 'detected', error: msg });
        continue;
      }
      let bytes = 0;
      for (const f of report.files) {
        try {
          bytes += statSync(resolve(ctx.repo, f.path)).size;
        } catch {
          /* vanished */
        }
      }
      const wall = median(times);
      if (c.name === 'compose') composeFiles = report.files.map((f) => resolve(ctx.repo, f.path));
      const diags = report.files.reduce((s, f) => s + f.diagnostics.length, 0);
      const sev = {};
      for (const f of report.files) for (const d of f.diagnostics) sev[d.severity] = (sev[d.severity] ?? 0) + 1;
      rows.push({
        corpus: c.name,
        kind: c.kind ?? 'detected',
        files: report.files.length,
        bytes,
        mb: round(bytes / 1024 / 1024, 4),
        wall_ms_median: round(wall, 1),
        wall_ms: times.map((t) => round(t, 1)),
        exit,
        files_per_s: round(report.files.length / (wall / 1000), 1),
        mb_per_s: round(bytes / 1024 / 1024 / (wall / 1000), 4),
        diagnostics: diags,
        by_severity: sev,
        stderr_lines: err.split('\n').filter(Boolean).length,
      });
      log(`cli: ${c.name}: ${report.files.length} files in ${fmt(wall)} ms`);
    }
    const startupMs = round(median(startup), 1);
    const nodeMs = round(median(nodeAlone), 1);
    const checkOneMs = checkOne.length ? round(median(checkOne), 1) : null;
    const compose = rows.find((r) => r.corpus === 'compose' && !r.error);
    let docker;
    if (compose && composeFiles.length) {
      log(`cli: docker stack config over ${composeFiles.length} compose files, one by one`);
      docker = await dockerStackConfig(composeFiles, ctx.repo);
    }
    const ratio = docker && compose ? round(compose.files_per_s / docker.files_per_s, 1) : null;
    const ok = rows.filter((r) => !r.error);
    if (ok.length > 1) {
      const files = ok.reduce((a, r) => a + r.files, 0);
      const bytes = ok.reduce((a, r) => a + r.bytes, 0);
      const wall = ok.reduce((a, r) => a + r.wall_ms_median, 0);
      rows.push({
        corpus: 'all',
        kind: '',
        files,
        bytes,
        mb: round(bytes / 1024 / 1024, 4),
        wall_ms_median: round(wall, 1),
        files_per_s: round(files / (wall / 1000), 1),
        mb_per_s: round(bytes / 1024 / 1024 / (wall / 1000), 4),
        diagnostics: ok.reduce((a, r) => a + r.diagnostics, 0),
        total: true,
      });
    }
    const table = mdTable(
      ['corpus dir', 'kind', 'files', 'MB', 'wall ms (median)', 'files/s', 'MB/s', 'diagnostics'],
      rows.map((r) =>
        r.error
          ? [r.corpus, r.kind, '–', '–', '–', '–', '–', `error: ${r.error}`]
          : [r.corpus, r.kind, r.files, sig(r.mb), fmt(r.wall_ms_median), fmt(r.files_per_s), sig(r.mb_per_s), r.diagnostics],
      ),
    );
    const vsDocker = docker
      ? `\n\n${mdTable(
          ['compose corpus', 'files', 'wall', 'files/s'],
          [
            ['`swarm-pilot check --kind stack` (one process)', compose.files, `${fmt(compose.wall_ms_median)} ms`, fmt(compose.files_per_s)],
            [`\`docker stack config -c FILE\` file by file (${docker.version})`, docker.files, `${fmt(docker.ms)} ms`, fmt(docker.files_per_s)],
          ],
        )}\n\nSwarm Pilot ÷ docker: **${fmt(ratio)}×** files/s (goal ≥ ${DOCKER_RATIO_GOAL}×; docker rejected ${docker.rejected} of the files).`
      : compose
        ? '\n\n`docker stack config` not measured: no docker CLI on PATH.'
        : '';
    return {
      data: {
        corpus: ctx.corpus,
        runs,
        startup_ms: startupMs,
        node_ms: nodeMs,
        check_one_file_ms: checkOneMs,
        rows,
        docker_stack_config: docker ?? null,
        ratio_vs_docker: ratio,
      },
      markdown: [
        `### CLI throughput: \`swarm-pilot check --format json\` over the corpus (median of ${runs})\n\n${table}` +
          `\n\nWall time of the whole process, including node startup and module load (medians: \`node -e 0\` ${fmt(nodeMs)} ms, ` +
          `\`swarm-pilot --version\` ${fmt(startupMs)} ms, \`swarm-pilot check\` of one small stack file ${fmt(checkOneMs)} ms).${vsDocker}`,
      ],
      targets: docker
        ? [
            {
              id: 'cli-vs-docker-stack-config',
              what: '`swarm-pilot check` ÷ `docker stack config` file by file, compose corpus (files/s)',
              target: `≥ ${DOCKER_RATIO_GOAL}×`,
              actual: ratio,
              unit: '×',
              met: ratio != null ? ratio >= DOCKER_RATIO_GOAL : false,
            },
          ]
        : [],
    };
  },
};
