// Section "cli": throughput of `swarm-pilot check --format json` over the shared corpus. compose/ is
// checked with --kind stack (every YAML/JSON file below it); every other corpus directory is found
// automatically and checked with --kind DIRNAME when the name is a file kind (daemon, oci-runtime,
// oci-hooks), else with kind detection. Wall time of the whole process, median of 3 runs; node's own
// startup (`--version`) is reported beside it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fmt, log, mdTable, median, round, run } from '../lib/util.mjs';

const sig = (x) => (x == null ? '–' : Number(x.toPrecision(3)).toString());
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
    const startup = [];
    for (let i = 0; i < runs; i++) startup.push((await run(process.execPath, [bin, '--version'], { cwd: ctx.repo })).ms);
    const rows = [];
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
    return {
      data: { corpus: ctx.corpus, runs, startup_ms: startupMs, rows },
      markdown: [
        `### CLI throughput: \`swarm-pilot check --format json\` over the corpus (median of ${runs})\n\n${table}` +
          `\n\nWall time of the whole process, including node startup and module load (\`swarm-pilot --version\`: ${fmt(startupMs)} ms).`,
      ],
      targets: [],
    };
  },
};
