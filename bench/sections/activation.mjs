// Section "activation": the extension in a real VS Code (the host harness, test/host/run.mjs, integration phase with
// only the activation suite): client activate() time and activation start → language server initialized, three
// fresh servers; beside it the language server alone (spawn → initialize answered) from the lsp section's runs.
// Targets: client ≤ 100 ms, language server ready ≤ 400 ms. Skipped, saying why, without the host tooling.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, log, mdTable, median, run } from '../lib/util.mjs';
import { OURS } from './lsp.mjs';

export default {
  id: 'activation',
  title: 'Extension activation in a real VS Code',
  async run(ctx) {
    const serverMain = join(ctx.repo, '.cache', 'host', 'tools', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
    if (!existsSync(serverMain) || !existsSync('/usr/bin/chromium')) {
      const why = 'the host tooling is not installed (bash test/host/install-host-tooling.sh)';
      log(`activation: skipped: ${why}`);
      return { data: { skipped: why }, markdown: [`### Activation\n\nNot measured: ${why}.`], targets: [] };
    }
    const client = [];
    const ready = [];
    for (let i = 0; i < (ctx.opts.quick ? 1 : 3); i++) {
      const r = await run(process.execPath, [join(ctx.repo, 'test', 'host', 'run.mjs'), '--only', 'integration', '--no-install', '--no-build', '--no-swarm'], {
        cwd: ctx.repo,
        env: { ...process.env, SWARM_PILOT_HOST_ONLY: 'activation' },
        timeoutMs: 5 * 60_000,
      });
      const c = /client activate\(\) ms: ([\d.]+)/.exec(r.stdout);
      const s = /activation start → server initialized ms: ([\d.]+)/.exec(r.stdout);
      if (c) client.push(Number(c[1]));
      if (s) ready.push(Number(s[1]));
      log(`activation: run ${i + 1}: client ${c?.[1] ?? '?'} ms, server ready ${s?.[1] ?? '?'} ms`);
    }
    const alone = (ctx.results.lsp?.data?.runs ?? []).filter((x) => x.label === OURS && x.init_ms != null).map((x) => x.init_ms);
    const rows = [
      ['client `activate()` (real VS Code)', fmt(median(client)), client.map((x) => fmt(x)).join(', '), '≤ 100 ms'],
      ['activation start → language server initialized (real VS Code)', fmt(median(ready)), ready.map((x) => fmt(x)).join(', '), '≤ 400 ms'],
      ['language server alone: spawn → initialize answered (lsp harness)', alone.length ? fmt(median(alone)) : '–', `${alone.length} runs`, ''],
    ];
    const targets = [
      {
        id: 'client-activate',
        what: 'client activate()',
        target: '≤ 100 ms',
        actual: median(client),
        unit: 'ms',
        met: client.length ? median(client) <= 100 : null,
      },
      {
        id: 'server-ready',
        what: 'activation start → language server initialized',
        target: '≤ 400 ms',
        actual: median(ready),
        unit: 'ms',
        met: ready.length ? median(ready) <= 400 : null,
      },
    ];
    return {
      data: { client_ms: client, server_ready_ms: ready, server_alone_init_ms: alone },
      markdown: [
        `### Activation (median of ${client.length} fresh VS Code servers)\n\n${mdTable(['', 'median ms', 'runs', 'target'], rows)}\n\nIn the real VS Code the server starts beside the workbench, Chromium and the extension host on the same 2 cores.`,
      ],
      targets,
    };
  },
};
