// Section "profile": where the time goes on the largest stack. Two V8 CPU profiles (node --cpu-prof):
//   cli    `cli.js check --kind stack --format json stack-N.yml`: one cold parse + validate
//   server the language server under the harness: cold open + edits on stack-N.yml
// Each is summarised as self time per area (our code / yaml / ajv / node / GC) and the top functions,
// mapped to the TypeScript sources through the bundle's source map. The .cpuprofile files stay in the raw
// dir (open them in Chrome DevTools / VS Code for flame charts).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitAfterLargestBusy, summarizeProfile } from '../lib/cpuprofile.mjs';
import { fixtureName } from '../lib/harness.mjs';
import { log, mdTable, run } from '../lib/util.mjs';

const newest = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort()
    .pop();

function render(title, s) {
  const areas = s.by_area.map((a) => `${a.area} ${a.pct}%`).join(', ');
  const self = mdTable(
    ['function (self time)', 'source', 'ms', '%'],
    s.top_self.map((r) => [r.fn, r.where, r.ms, r.pct]),
  );
  const incl = mdTable(
    ['our function (inclusive)', 'source', 'ms', '%'],
    s.top_inclusive_ours.map((r) => [r.fn, r.where, r.ms, r.pct]),
  );
  return `#### ${title}: ${s.total_ms} ms sampled\n\nself time by area: ${areas}\n\n${self}\n\n${incl}`;
}

export default {
  id: 'profile',
  title: 'CPU profiles on the largest stack',
  async run(ctx) {
    const n = Math.max(...ctx.opts.sizes);
    const file = join(ctx.fixtures, fixtureName(n));
    const dir = join(ctx.raw, 'profile');
    const out = { file: fixtureName(n) };
    const md = [];
    // 1. CLI: one cold parse + validate
    const cliDir = join(dir, 'cli');
    mkdirSync(cliDir, { recursive: true });
    log(`profile: cli on ${fixtureName(n)}`);
    const c = await run(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${cliDir}`, ctx.cliJs, 'check', '--kind', 'stack', '--format', 'json', file], {
      cwd: ctx.repo,
    });
    try {
      const p = newest(cliDir);
      out.cli = { profile: p, wall_ms: Math.round(c.ms), ...summarizeProfile(JSON.parse(readFileSync(p, 'utf8'))) };
      md.push(render(`CLI \`check --kind stack\` on ${fixtureName(n)} (wall ${Math.round(c.ms)} ms)`, out.cli));
    } catch (e) {
      out.cli = { error: `no profile (exit ${c.code}): ${String(e.message || e)} ${c.stderr.slice(0, 200)}` };
    }
    // 2. server: cold open + edits through the harness
    const srvDir = join(dir, 'server');
    mkdirSync(srvDir, { recursive: true });
    const edits = ctx.opts.quick ? 3 : 9;
    log(`profile: server on ${fixtureName(n)} (cold open + ${edits} edits)`);
    const cmd = ctx.serverCmd.replace(/(^|\s)node\s/, `$1node --cpu-prof --cpu-prof-dir=${srvDir} `);
    const s = await run(
      process.execPath,
      [
        join(ctx.harness, 'lsp-bench.mjs'),
        '--server',
        cmd,
        '--file',
        file,
        '--edits',
        String(edits),
        '--requests',
        '0',
        '--timeout',
        '120000',
        '--label',
        'profile',
        ...(ctx.peersReady ? [] : ['--schema', 'none']),
      ],
      { cwd: ctx.repo, env: { ...process.env, PEERS: ctx.peersDir } },
    );
    try {
      const line = JSON.parse(s.stdout.trim().split('\n').pop());
      const p = newest(srvDir);
      const prof = JSON.parse(readFileSync(p, 'utf8'));
      out.server = { profile: p, cold_diag_ms: line.cold_diag_ms, edit_ms: line.edit_ms, ...summarizeProfile(prof) };
      md.push(render(`Server: cold open ${line.cold_diag_ms} ms + ${edits} edits (p50 ${line.edit_ms?.p50} ms) on ${fixtureName(n)}`, out.server));
      // the cold open dominates the whole profile; the edits alone show what each keystroke pays
      const split = splitAfterLargestBusy(prof);
      if (split) {
        out.server_edits_only = summarizeProfile(split.afterColdOpen);
        md.push(render(`Server, edits only (${edits} edits after the cold open; divide by ${edits} for one edit)`, out.server_edits_only));
      }
    } catch (e) {
      out.server = { error: `no profile: ${String(e.message || e)}` };
    }
    return { data: out, markdown: md, targets: [], readme: false };
  },
};
