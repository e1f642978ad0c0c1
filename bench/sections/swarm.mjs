// Section "swarm": needs the loopback test swarm (test/engine/docker-ci.sh up, as root). Deploys of 10 and 20
// generated services by Swarm Pilot vs `docker stack deploy` (submit; convergence by polling and by the CLI's
// sequential wait), and the explorer's refresh with 20 × 10 = 200 tasks running on 3 nodes
// (bench/probes/swarm-probe.ts). Skipped, saying why, without a swarm manager on the default socket.
import { join } from 'node:path';
import { fmt, log, mdTable, run } from '../lib/util.mjs';

const swarmUp = async () =>
  (await run('docker', ['info', '--format', '{{.Swarm.ControlAvailable}}'], { timeoutMs: 20_000 }).catch(() => ({ stdout: '' }))).stdout.trim() === 'true';

/** The section's result when no swarm manager answers on the default socket (the swarm and deploy sections need one). */
export async function withoutSwarm(id, heading) {
  if (await swarmUp()) return undefined;
  const why = 'no swarm manager on the default Docker socket (start one with `sudo test/engine/docker-ci.sh up`)';
  log(`${id}: skipped: ${why}`);
  return { data: { skipped: why }, markdown: [`### ${heading}\n\nNot measured: ${why}.`], targets: [] };
}

/** Which docker CLI the comparison used, and whether its sequential wait was the real one. */
function cliNote(c) {
  if (!c) return '';
  const who = `docker CLI ${c.version} (${c.path})`;
  return c.sequential_wait === 'real'
    ? `The CLI columns are ${who}; its wait is the real \`docker stack deploy --detach=false\` (service after service, each until converged and then stable for 5 s).`
    : `The CLI columns are ${who}, which has no \`stack deploy --detach=false\` (docker CLI 26+); its wait is emulated as docker/cli 26 does it: service after service, each until converged and then stable for 5 s.`;
}

export default {
  id: 'swarm',
  title: 'Deploy and explorer refresh on the loopback test swarm',
  async run(ctx) {
    const skipped = await withoutSwarm('swarm', 'Swarm');
    if (skipped) return skipped;
    const [services, replicas, sizes] = ctx.opts.quick ? [5, 4, '5'] : [20, 10, '10,20'];
    const r = await run(
      process.execPath,
      ['--import', 'tsx', join(ctx.repo, 'bench', 'probes', 'swarm-probe.ts'), String(services), String(replicas), '7', sizes],
      { cwd: ctx.repo, timeoutMs: 40 * 60_000 },
    );
    const data = JSON.parse(r.stdout.trim().split('\n').pop());
    if (data.error) throw new Error(data.error);
    const s = (ms) => (ms == null ? 'did not converge' : `${fmt(ms / 1000, 2)} s`);
    const x = (a, b) => (a == null || b == null ? '–' : `${fmt(b / a, 2)}×`);
    const deploy = mdTable(
      [
        'services × replicas',
        'Swarm Pilot submitted',
        '`docker stack deploy` returned',
        'Swarm Pilot converged',
        'CLI + polling all services',
        `CLI \`--detach=false\` wait${data.cli?.sequential_wait === 'emulated' ? ' (emulated)' : ''}`,
        'speed-up vs sequential wait',
      ],
      data.deploys.map((d) => [
        `${d.services} × ${d.replicas}`,
        s(d.ours.submit_ms),
        s(d.cli_submit_ms),
        s(d.ours.converged_ms),
        s(d.cli_poll_converged_ms),
        s(d.cli_sequential_converged_ms),
        x(d.ours.converged_ms, d.cli_sequential_converged_ms),
      ]),
    );
    const targets = data.deploys.flatMap((d) => [
      {
        id: `deploy-submit-${d.services}`,
        what: `submit, ${d.services} services, vs docker stack deploy`,
        target: '≤ 1.2×',
        actual: d.cli_submit_ms ? Math.round((d.ours.submit_ms / d.cli_submit_ms) * 100) / 100 : null,
        unit: '×',
        met: d.cli_submit_ms ? d.ours.submit_ms <= 1.2 * d.cli_submit_ms : null,
      },
      {
        id: `deploy-converged-${d.services}`,
        what: `converged, ${d.services} services, vs the CLI's sequential wait`,
        target: '≥ 5× faster',
        actual: d.ours.converged_ms && d.cli_sequential_converged_ms ? Math.round((d.cli_sequential_converged_ms / d.ours.converged_ms) * 100) / 100 : null,
        unit: '×',
        met: d.ours.converged_ms && d.cli_sequential_converged_ms ? d.cli_sequential_converged_ms >= 5 * d.ours.converged_ms : null,
      },
    ]);
    const explorer = mdTable(
      ['', 'median', 'runs'],
      [
        [
          `refresh (one snapshot: ${data.nodes} nodes, ${data.services} services, ${data.tasks} tasks)`,
          `${fmt(data.snapshot_ms_median)} ms`,
          data.snapshot_ms.map((x) => fmt(x)).join(', '),
        ],
        [
          '`docker service scale` → explorer snapshot shows it (events + 300 ms debounce)',
          `${fmt(data.event_to_snapshot_ms_median)} ms`,
          data.event_to_snapshot_ms.map((x) => fmt(x)).join(', '),
        ],
      ],
    );
    return {
      data,
      markdown: [
        `### Stack deploy on ${data.nodes} loopback nodes\n\n${deploy}\n\nTimes from the start of applying (Swarm Pilot plans first: ${data.deploys.map((d) => `${fmt(d.ours.plan_ms)} ms`).join(', ')}); each run starts from a swarm without the stack's containers. ${cliNote(data.cli)}`,
        `### Swarm explorer\n\n${explorer}`,
      ],
      targets,
    };
  },
};
