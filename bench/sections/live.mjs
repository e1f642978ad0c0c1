// Section "live" (issue #18): the drift lens after `docker service scale` on the loopback test swarm (events → the
// live model's computation → lens title, bench/probes/live-probe.ts, stack prefix lv_) and the cluster completion's
// latency on a synthetic 50-node model (goal < 5 ms). The lens part is skipped, saying why, without a swarm manager.
import { join } from 'node:path';
import { fmt, log, mdTable, run } from '../lib/util.mjs';

export default {
  id: 'live',
  title: 'Live drift lens refresh and completion from the cluster',
  async run(ctx) {
    const [runs, requests] = ctx.opts.quick ? [3, 500] : [7, 5000];
    const r = await run(process.execPath, ['--import', 'tsx', join(ctx.repo, 'bench', 'probes', 'live-probe.ts'), String(runs), String(requests)], {
      cwd: ctx.repo,
      timeoutMs: 10 * 60_000,
    });
    const data = JSON.parse(r.stdout.trim().split('\n').pop());
    const c = data.completion;
    const lens = data.lens;
    const rows = [
      [
        `completion, ${c.nodes}-node model, ${c.file_lines}-line file (${c.contexts} contexts, ${c.requests} requests)`,
        `${fmt(c.p50_ms, 3)} ms`,
        `${fmt(c.p95_ms, 3)} ms`,
        `max ${fmt(c.max_ms, 2)} ms`,
      ],
    ];
    if (lens.runs)
      rows.push([
        '`docker service scale` returned → lens title shows the new replica count (events, 300 ms debounce, live model)',
        `${fmt(lens.median_ms)} ms`,
        '',
        `${lens.runs.map((x) => fmt(x)).join(', ')} (from the command's start: ${lens.from_command_start_ms.map((x) => fmt(x)).join(', ')}); computing a file's lenses: ${fmt(lens.compute_ms_median, 2)} ms`,
      ]);
    const why = lens.skipped ?? lens.error;
    if (why) log(`live: lens refresh not measured: ${why}`);
    const targets = [
      {
        id: 'live-completion-p95',
        what: `cluster completion p95, ${c.nodes}-node model`,
        target: '< 5 ms',
        actual: c.p95_ms,
        unit: 'ms',
        met: c.p95_ms < 5,
      },
    ];
    const table = mdTable(['', 'p50 / median', 'p95', 'runs'], rows);
    return {
      data,
      markdown: [`### Live drift and completion from the cluster\n\n${table}${why ? `\n\nLens refresh not measured: ${why}.` : ''}`],
      targets,
    };
  },
};
