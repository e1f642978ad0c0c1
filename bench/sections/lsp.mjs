// Section "lsp": edit→diagnostics latency, cold open, completion/hover and peak RSS of our language server
// beside yaml-language-server (and compose-language-service with diagnosticDelay 0), on the generated
// 10/100/1000-service stacks. It drives the shared harness's run-matrix.mjs, one invocation per
// (server, fixture) so that each pair gets its own run count and caps, and summarises the raw result lines.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureName } from '../lib/harness.mjs';
import { fmt, load1, log, mdTable, median, ratio, run } from '../lib/util.mjs';

export const OURS = 'swarm-pilot';

/**
 * The run plan: which server runs on which fixture, how often and with which lsp-bench arguments.
 * Budgeted for a 2-core machine so that the whole `npm run bench` stays under 15 minutes:
 * yaml-language-server needs ~2 s per edit on stack-100.yml and ~190 s for one validation of
 * stack-1000.yml (quadratic alias resolution), so it gets few runs there and only the cold open at 1000.
 */
export function plan({ sizes, quick, peers, msCompose, runs: runsOverride }) {
  const P = [];
  const has = (n) => sizes.includes(n);
  const add = (server, file, runs, args, extra = {}) => P.push({ server, file, runs: runsOverride && server === OURS ? runsOverride : runs, args, ...extra });
  // ours: cheap enough for several runs everywhere
  if (has(10)) add(OURS, fixtureName(10), quick ? 2 : 5, ['--edits', '30', '--requests', '10']);
  if (has(100)) {
    add(OURS, fixtureName(100), quick ? 2 : 3, ['--edits', '30', '--requests', '10']);
    add(OURS, fixtureName(100, false), quick ? 1 : 3, ['--edits', '30', '--requests', '10']);
    add(OURS, 'errors-100.yml', quick ? 1 : 3, ['--edits', '30', '--requests', '10']);
  }
  if (has(1000)) {
    add(OURS, fixtureName(1000), quick ? 1 : 3, ['--edits', '15', '--requests', '5', '--timeout', '120000']);
    add(OURS, fixtureName(1000, false), quick ? 1 : 3, ['--edits', '15', '--requests', '5', '--timeout', '120000']);
  }
  if (peers) {
    const Y = 'yaml-ls';
    if (has(10)) add(Y, fixtureName(10), quick ? 1 : 3, ['--edits', '21', '--requests', '10']);
    if (has(100)) {
      add(Y, fixtureName(100), quick ? 1 : 2, ['--edits', quick ? '6' : '9', '--requests', '5']);
      add(Y, fixtureName(100, false), quick ? 1 : 2, ['--edits', '15', '--requests', '5']);
      if (!quick) add(Y, 'errors-100.yml', 1, ['--edits', '9', '--requests', '5']);
    }
    if (has(1000)) {
      add(Y, fixtureName(1000, false), 1, ['--edits', '9', '--requests', '3', '--timeout', '120000']);
      // cold open only: one validation takes minutes; capped like the harness's peers.json does
      add(Y, fixtureName(1000), 1, ['--edits', '0', '--requests', '0', '--timeout', '240000'], { runTimeoutS: 270 });
    }
    if (msCompose) {
      const M = 'ms-compose-d0';
      if (has(10)) add(M, fixtureName(10), 1, ['--edits', '21', '--requests', '5']);
      if (has(100)) add(M, fixtureName(100), 1, ['--edits', '21', '--requests', '5']);
      if (has(1000)) add(M, fixtureName(1000), 1, ['--edits', '9', '--requests', '3', '--timeout', '120000']);
    }
  }
  return P;
}

/** Services in a fixture name (errors-100 → 100). */
export const servicesOf = (file) => Number(/-(\d+)/.exec(file)?.[1]);

const argValue = (args, k) => {
  const i = args.lastIndexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Medians over the runs of one (server, file) pair, from lsp-bench result lines. */
export function summarize(lines, planned = []) {
  const groups = new Map();
  for (const r of lines) {
    const key = `${r.label}\u0000${r.file}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const rows = [];
  for (const rs of groups.values()) {
    const ok = rs.filter((r) => !r.error);
    // a capped run still tells what it measured before the cap (e.g. cold open done, edits cut short)
    const usable = ok.length ? ok : rs;
    const pick = (f) => median(usable.map(f));
    const p = planned.find((x) => x.server === rs[0].label && x.file === rs[0].file);
    const timeoutMs = Number(argValue(p?.args ?? [], '--timeout') ?? 60000);
    const coldTimedOut = rs.some((r) => r.cold_diag_ms == null && /timeout waiting for cold|run timeout|exceeded/i.test(r.error ?? ''));
    rows.push({
      server: rs[0].label,
      file: rs[0].file,
      services: servicesOf(rs[0].file),
      lines: rs[0].file_lines,
      bytes: rs[0].file_bytes,
      runs: ok.length,
      failed: rs.length - ok.length,
      diag_mode: rs[0].diag_mode ?? null,
      cold_ms: pick((r) => r.cold_diag_ms),
      cold_timeout_ms: coldTimedOut && pick((r) => r.cold_diag_ms) == null ? timeoutMs : null,
      init_ms: pick((r) => r.init_ms),
      edit_p50_ms: pick((r) => r.edit_ms?.p50),
      edit_p95_ms: pick((r) => r.edit_ms?.p95),
      edit_max_ms: pick((r) => r.edit_ms?.max),
      edits_per_run: pick((r) => r.edit_ms?.n),
      completion_p50_ms: pick((r) => r.completion_ms?.p50),
      completion_p95_ms: pick((r) => r.completion_ms?.p95),
      completion_items: pick((r) => r.completion_items),
      hover_p50_ms: pick((r) => r.hover_ms?.p50),
      hover_p95_ms: pick((r) => r.hover_ms?.p95),
      hover_replicas_p50_ms: pick((r) => r.hover_deploy_ms?.p50),
      peak_rss_mb: pick((r) => r.peak_rss_mb),
      server_cpu_ms: pick((r) => r.server_cpu_ms),
      diags: pick((r) => r.diag_count),
      caught: pick((r) => r.expect?.caught),
      expected: usable[0]?.expect?.total ?? null,
      caps: usable[0]?.caps ?? null,
      budget_hit: [...new Set(rs.flatMap((r) => r.budget_hit || []))],
      errors: rs.filter((r) => r.error).map((r) => String(r.error).split('\n')[0].slice(0, 300)),
    });
  }
  return rows;
}

const ms = (x) => fmt(x);
const coldCell = (r) => (r.cold_ms != null ? ms(r.cold_ms) : r.cold_timeout_ms ? `> ${fmt(r.cold_timeout_ms / 1000)} s (cap)` : '–');
const times = (x) => (x == null ? '–' : x >= 10 ? `${fmt(x, 0)}×` : x >= 0.1 ? `${fmt(x, 2)}×` : `${Number(x.toPrecision(2))}×`);

export function tables(rows) {
  const order = (r) => [r.server === OURS ? 0 : r.server === 'yaml-ls' ? 1 : 2, r.services, r.file];
  const sorted = [...rows].sort((a, b) => {
    const x = order(a);
    const y = order(b);
    return x[1] - y[1] || x[2].localeCompare(y[2]) || x[0] - y[0];
  });
  const main = mdTable(
    [
      'server',
      'file',
      'runs',
      'cold open ms',
      'edit→diag p50 ms',
      'edit→diag p95 ms',
      'completion p50 / p95 ms',
      'hover p50 / p95 ms',
      'peak RSS MB',
      'diagnostics',
    ],
    sorted.map((r) => [
      r.server,
      `${r.file} (${r.lines} lines)`,
      `${r.runs}${r.failed ? ` (+${r.failed} capped/failed)` : ''}`,
      coldCell(r),
      r.edits_per_run === 0 ? 'not run' : ms(r.edit_p50_ms),
      r.edits_per_run === 0 ? 'not run' : ms(r.edit_p95_ms),
      r.caps?.completion === false ? 'n/a' : `${ms(r.completion_p50_ms)} / ${ms(r.completion_p95_ms)}`,
      r.caps?.hover === false ? 'n/a' : `${ms(r.hover_p50_ms)} / ${ms(r.hover_p95_ms)}`,
      ms(r.peak_rss_mb),
      r.expected ? `${fmt(r.diags)} (caught ${fmt(r.caught)}/${r.expected})` : fmt(r.diags),
    ]),
  );
  // ours vs each peer, per file
  const ratioRows = [];
  for (const o of sorted.filter((r) => r.server === OURS)) {
    for (const p of sorted.filter((r) => r.server !== OURS && r.file === o.file)) {
      const coldR = ratio(o.cold_ms, p.cold_ms ?? null);
      const coldBound = p.cold_ms == null && p.cold_timeout_ms ? o.cold_ms / p.cold_timeout_ms : null;
      ratioRows.push({
        file: o.file,
        peer: p.server,
        cold_ratio: coldR,
        cold_ratio_upper_bound: coldBound,
        edit_p50_ratio: ratio(o.edit_p50_ms, p.edit_p50_ms),
        edit_p95_ratio: ratio(o.edit_p95_ms, p.edit_p95_ms),
        peer_edits_run: p.edits_per_run !== 0,
        rss_ratio: ratio(o.peak_rss_mb, p.peak_rss_mb),
      });
    }
  }
  const ratios = mdTable(
    ['file', 'peer', 'cold open: ours ÷ peer', 'edit→diag p50: ours ÷ peer', 'edit→diag p95: ours ÷ peer', 'peak RSS: ours ÷ peer'],
    ratioRows.map((x) => [
      x.file,
      x.peer,
      x.cold_ratio != null ? times(x.cold_ratio) : x.cold_ratio_upper_bound != null ? `< ${times(x.cold_ratio_upper_bound)}` : '–',
      x.peer_edits_run ? times(x.edit_p50_ratio) : 'not run',
      x.peer_edits_run ? times(x.edit_p95_ratio) : 'not run',
      times(x.rss_ratio),
    ]),
  );
  return { main, ratios, ratioRows };
}

/** Issue #17's goals: edit → diagnostics p50 at 100 and 1000 services, peak RSS at 1000, and the speed-up over yaml-language-server. */
export const GOALS = { editP50Ms: { 100: 5, 1000: 30 }, peakRssMb: 150, yamlLsSpeedup100: 300 };

export function targets(rows, ratioRows = []) {
  const T = [];
  const ours = (file) => rows.find((r) => r.server === OURS && r.file === file);
  for (const [n, limit] of Object.entries(GOALS.editP50Ms).map(([k, v]) => [Number(k), v])) {
    for (const alias of [true, false]) {
      const r = ours(fixtureName(n, alias));
      if (!r) continue;
      T.push({
        id: `edit-p50-${n}${alias ? '' : '-noalias'}`,
        what: `median edit→diagnostics, ${r.file}`,
        target: `≤ ${limit} ms`,
        actual: r.edit_p50_ms,
        unit: 'ms',
        met: r.edit_p50_ms != null ? r.edit_p50_ms <= limit : false,
      });
    }
  }
  const big = ours(fixtureName(1000));
  if (big) {
    T.push({
      id: 'peak-rss-1000',
      what: `peak RSS, ${big.file} open and edited`,
      target: `≤ ${GOALS.peakRssMb} MB`,
      actual: big.peak_rss_mb,
      unit: 'MB',
      met: big.peak_rss_mb != null ? big.peak_rss_mb <= GOALS.peakRssMb : false,
    });
  }
  const yls = ratioRows.find((x) => x.file === fixtureName(100) && x.peer === 'yaml-ls' && x.peer_edits_run && x.edit_p50_ratio);
  if (yls) {
    const speedup = Math.round(1 / yls.edit_p50_ratio);
    T.push({
      id: 'yaml-ls-speedup-100',
      what: `edit→diagnostics p50 speed-up over yaml-language-server, ${fixtureName(100)} (same run)`,
      target: `≥ ${GOALS.yamlLsSpeedup100}×`,
      actual: speedup,
      unit: '×',
      met: speedup >= GOALS.yamlLsSpeedup100,
    });
  }
  // informational: what YAML aliases cost us (yaml-language-server pays quadratically for them)
  for (const n of [100, 1000]) {
    const a = ours(fixtureName(n));
    const b = ours(fixtureName(n, false));
    if (a && b && a.edit_p50_ms != null && b.edit_p50_ms != null) {
      T.push({
        id: `alias-cost-${n}`,
        what: `edit p50 with aliases ÷ without, ${n} services`,
        target: 'info (≈ 1×)',
        actual: ratio(a.edit_p50_ms, b.edit_p50_ms),
        unit: '×',
        met: null,
      });
    }
  }
  return T;
}

export default {
  id: 'lsp',
  title: 'LSP latency (shared harness, servers side by side)',
  async run(ctx) {
    const { harness, fixtures, peersDir, raw, repo, opts } = ctx;
    const P = plan({ sizes: opts.sizes, quick: opts.quick, peers: ctx.peersReady, msCompose: opts.msCompose, runs: opts.runs });
    const peerCfg = JSON.parse(readFileSync(join(harness, 'peers.json'), 'utf8'));
    const config = [
      { name: OURS, cmd: ctx.serverCmd, cwd: repo },
      // peers keep the harness's command, initOptions and settings; our plan's args (after --) take precedence
      ...peerCfg.filter((c) => ['yaml-ls', 'ms-compose-d0'].includes(c.name)).map((c) => ({ ...c, files: undefined, args: undefined })),
    ];
    const dir = join(raw, 'lsp');
    mkdirSync(dir, { recursive: true });
    const cfgFile = join(dir, 'servers.json');
    writeFileSync(cfgFile, JSON.stringify(config, null, 2) + '\n');
    const jsonl = join(dir, 'results.jsonl');
    log(`lsp: ${P.length} (server, file) pairs, ${P.reduce((s, p) => s + p.runs, 0)} runs; raw lines in ${jsonl}`);
    for (const p of P) {
      if (!existsSync(join(fixtures, p.file))) {
        log(`lsp: skipping ${p.file} (no fixture)`);
        continue;
      }
      const extra = [...p.args];
      // without the peers there is no compose-spec schema file to map: lsp-bench then sends no yaml.schemas
      if (!ctx.peersReady) extra.push('--schema', 'none');
      const args = [
        join(harness, 'run-matrix.mjs'),
        '--config',
        cfgFile,
        '--only',
        p.server,
        '--files',
        p.file,
        '--runs',
        String(p.runs),
        '--fixtures',
        fixtures,
        '--out',
        dir,
        '--run-timeout-s',
        String(p.runTimeoutS ?? 600),
        '--',
        ...extra,
      ];
      p.load_before = load1();
      const r = await run(process.execPath, args, { cwd: repo, env: { ...process.env, PEERS: peersDir }, inheritStderr: true });
      p.load_after = load1();
      if (r.code !== 0) log(`lsp: run-matrix exited ${r.code} for ${p.server} ${p.file}: ${r.stdout.slice(-300)}`);
    }
    const lines = existsSync(jsonl)
      ? readFileSync(jsonl, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];
    const rows = summarize(lines, P);
    const t = tables(rows);
    return {
      data: { plan: P, rows, ratios: t.ratioRows, runs: lines },
      markdown: [
        `### LSP: cold open, edit→diagnostics, completion, hover, memory (medians over runs)\n\n${t.main}`,
        `### Ours vs peers on the same files (below 1× = ours faster / smaller)\n\n${t.ratios}` +
          (P.some((p) => p.server === 'yaml-ls' && p.file === fixtureName(1000))
            ? `\n\nyaml-language-server on ${fixtureName(1000)}: cold open only, capped at 240 s (its alias resolution is quadratic; every edit re-validates the same way, so its edit latency there is about its cold open).`
            : ''),
      ],
      targets: targets(rows, t.ratioRows),
    };
  },
};
