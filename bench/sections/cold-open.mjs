// Section "cold-open": our cold open (didOpen→diagnostics through the harness, fresh server) against the
// time the npm `yaml` package alone takes to parse the same file in-process (parseDocument, median of
// warm runs in a fresh process), the two measured in alternation. Target: ours ≤ 1.25× yaml at 1000 services. Also splits our own time
// in-process (core bundled with esbuild, no LSP transport): schema compile, parse, validate.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fixtureName } from '../lib/harness.mjs';
import { fmt, log, mdTable, median, ratio, round, run } from '../lib/util.mjs';
import { OURS } from './lsp.mjs';

const TARGET = 1.25; // issue #17

/** One cold open of a fresh server through the harness (didOpen → first diagnostics), or null. */
async function oursColdOnce(ctx, file) {
  const r = await run(
    process.execPath,
    [
      join(ctx.harness, 'lsp-bench.mjs'),
      '--server',
      ctx.serverCmd,
      '--file',
      join(ctx.fixtures, file),
      '--label',
      OURS,
      '--edits',
      '0',
      '--requests',
      '0',
      '--timeout',
      '120000',
      ...(ctx.peersReady ? [] : ['--schema', 'none']),
    ],
    { cwd: ctx.repo, env: { ...process.env, PEERS: ctx.peersDir } },
  );
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop()).cold_diag_ms ?? null;
  } catch {
    return null;
  }
}

/** `yaml` parseDocument in a fresh process: { first, warm median, toJS median, … } or null. */
async function yamlOnce(ctx, path, warmRuns) {
  const y = await run(process.execPath, [join(ctx.bench, 'probes', 'yaml-parse.mjs'), ctx.repo, path, String(warmRuns)]);
  try {
    return JSON.parse(y.stdout.trim());
  } catch {
    log(`cold-open: yaml probe failed: ${y.stderr.slice(0, 300)}`);
    return null;
  }
}

/**
 * Ours and `yaml` measured in alternation, round after round, so both see the same machine: on a shared 2-core
 * machine the load drifts within minutes, and a ratio of figures taken minutes apart drifted with it.
 * The ratio is the median of the rounds' own ratios.
 */
async function pairedRounds(ctx, path, file, rounds) {
  const out = [];
  for (let i = 0; i < rounds; i++) {
    const yaml = await yamlOnce(ctx, path, 3);
    const ours = await oursColdOnce(ctx, file);
    log(`cold-open: ${file}: round ${i + 1}: yaml ${fmt(yaml ? median(yaml.parseDocument_ms) : null)} ms, ours ${fmt(ours)} ms`);
    out.push({ yaml, yamlMs: yaml ? median(yaml.parseDocument_ms) : null, ours });
  }
  return out;
}

async function buildCoreProbe(ctx) {
  // the generated schema validators of the bench's snapshot of dist/
  const validators = join(ctx.raw, 'dist', 'validators');
  const out = join(ctx.peersDir, 'build', 'core-probe.cjs');
  mkdirSync(join(ctx.peersDir, 'build'), { recursive: true });
  const require = createRequire(join(ctx.repo, 'package.json'));
  const { build } = require('esbuild');
  await build({
    absWorkingDir: ctx.repo,
    entryPoints: [join(ctx.bench, 'probes', 'core-probe.mjs')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    // the probe requires the generated schema validators from beside it, as dist/ does
    define: { SWARM_PILOT_VERSION: '"bench"', SWARM_PILOT_PREBUILT_VALIDATORS: String(existsSync(validators)) },
    external: ['vscode', 'cpu-features'],
    // jsonc-parser's "main" is a UMD build whose lazy require('./impl/…') esbuild cannot follow
    mainFields: ['module', 'main'],
  });
  rmSync(join(ctx.peersDir, 'build', 'validators'), { recursive: true, force: true });
  if (existsSync(validators)) cpSync(validators, join(ctx.peersDir, 'build', 'validators'), { recursive: true });
  return out;
}

export default {
  id: 'cold-open',
  title: 'Cold open vs `yaml` alone',
  async run(ctx) {
    const n = Math.max(...ctx.opts.sizes);
    const files = [fixtureName(n), fixtureName(n, false)].filter((f) => existsSync(join(ctx.fixtures, f)));
    const rows = [];
    let coreError = null;
    let probe = null;
    try {
      probe = await buildCoreProbe(ctx);
    } catch (e) {
      coreError = `core probe build failed: ${String(e.message || e).split('\n')[0]}`;
      log(coreError);
    }
    for (const file of files) {
      const path = join(ctx.fixtures, file);
      log(`cold-open: ${file}: ${ctx.opts.quick ? 1 : 5} rounds of yaml parseDocument, then our cold open`);
      const rounds = await pairedRounds(ctx, path, file, ctx.opts.quick ? 1 : 5);
      const yaml = rounds.find((r) => r.yaml)?.yaml ?? null;
      let core = null;
      if (probe) {
        log(`cold-open: ${file}: our core in-process`);
        const c = await run(process.execPath, [probe, path, ctx.opts.quick ? '3' : '5']);
        try {
          core = JSON.parse(c.stdout.trim());
        } catch {
          coreError = `core probe failed: ${c.stderr.trim().split('\n').slice(0, 2).join(' ')}`;
          log(coreError);
        }
      }
      const ok = rounds.filter((r) => r.yamlMs != null && r.ours != null);
      const yamlMs = median(ok.map((r) => r.yamlMs));
      const oursMs = median(ok.map((r) => r.ours));
      const pairedRatio = ok.length ? median(ok.map((r) => r.ours / r.yamlMs)) : null;
      rows.push({
        file,
        services: n,
        bytes: yaml?.bytes ?? null,
        yaml_version: yaml?.yaml_version ?? null,
        yaml_parseDocument_median_ms: round(yamlMs, 1),
        yaml_parseDocument_first_ms: round(median(ok.map((r) => r.yaml.parseDocument_first_ms)), 1),
        yaml_parse_toJS_median_ms: round(median(ok.map((r) => median(r.yaml.parse_ms))), 1),
        ours_cold_open_median_ms: round(oursMs, 1),
        ours_cold_open_samples: rounds.map((r) => r.ours),
        yaml_parseDocument_samples: rounds.map((r) => round(r.yamlMs, 1)),
        ratio: round(pairedRatio, 2),
        target_ratio: TARGET,
        core_schema_compile_ms: round(core?.tiny_first_ms, 1),
        core_validate_first_ms: round(core?.validate_first_ms, 1),
        core_validate_median_ms: round(median(core?.validate_ms ?? []), 1),
        core_parse_median_ms: round(median(core?.parse_ms ?? []), 1),
        core_ratio: round(ratio(median(core?.validate_ms ?? []), yamlMs), 2),
      });
    }
    const table = mdTable(
      [
        'file',
        '`yaml` parseDocument ms (median; first)',
        'ours cold open ms (harness)',
        'ours ÷ yaml',
        `target ≤ ${TARGET}×`,
        'ours in-process: compile / first validate / warm validate / warm parse ms',
      ],
      rows.map((r) => [
        r.file,
        `${fmt(r.yaml_parseDocument_median_ms)}; ${fmt(r.yaml_parseDocument_first_ms)}`,
        fmt(r.ours_cold_open_median_ms),
        r.ratio == null ? '–' : `${fmt(r.ratio, 2)}×`,
        r.ratio == null ? '–' : r.ratio <= TARGET ? 'met' : 'missed',
        `${fmt(r.core_schema_compile_ms)} / ${fmt(r.core_validate_first_ms)} / ${fmt(r.core_validate_median_ms)} / ${fmt(r.core_parse_median_ms)}`,
      ]),
    );
    const main = rows.find((r) => r.file === fixtureName(n));
    const targets = main
      ? [
          {
            id: `cold-open-${n}`,
            what: `cold open ${main.file} ÷ yaml parseDocument`,
            target: `≤ ${TARGET}×`,
            actual: main.ratio,
            unit: '×',
            met: main.ratio != null ? main.ratio <= TARGET : false,
          },
        ]
      : [];
    return {
      data: { rows, core_error: coreError, yaml_version: rows[0]?.yaml_version ?? null },
      markdown: [
        `### Cold open of the ${n}-service stack vs \`yaml\` ${rows[0]?.yaml_version ?? ''} alone\n\n${table}` +
          '\n\nCold open = didOpen → first diagnostics of a freshly started server (harness, includes JSON-RPC transfer of the file). ' +
          '`yaml` = `parseDocument(text)` in a fresh process, median of its 3 warm runs (first = cold JIT). ' +
          `The two are measured in alternation (${ctx.opts.quick ? 1 : 5} rounds); ours ÷ yaml is the median of the rounds' ratios. ` +
          'In-process columns: compile = first validateText of a 3-line stack (module init + schema compile), then the big file.' +
          (coreError ? `\n\n(${coreError})` : ''),
      ],
      targets,
    };
  },
};
