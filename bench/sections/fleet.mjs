// Section "fleet": one stack of 10 services to 6 independent single-node swarms (the fleet daemons of
// `DOCKER_CI_FLEET=6 test/engine/docker-ci.sh fleet`, unix:///var/run/docker-f1..6.sock), the way users script it
// today — a shell loop `for h in …; do docker --host $h stack deploy --detach=false -c F S; done` — against
// `swarm-pilot fleet deploy` with two policies: one wave of all 6 targets (parallel 6), and a typical canary policy
// (`exponential: [1, 2, 3]`: 1 target, then 2, then 3). Every run starts from targets without the stack (removed
// and waited for), in the same session. Skipped, saying why, when the fleet daemons are not up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, log, mdTable, run } from '../lib/util.mjs';

const TARGETS = 6;
const SERVICES = 10;
const STACK = 'fleetbench';
const sock = (i) => `unix:///var/run/docker-f${i}.sock`;
const hosts = Array.from({ length: TARGETS }, (_, i) => sock(i + 1));

const docker = (host, args, timeoutMs = 120_000) => run('docker', ['--host', host, ...args], { timeoutMs });

async function fleetUp() {
  for (const h of hosts) {
    const r = await docker(h, ['info', '--format', '{{.Swarm.ControlAvailable}}'], 20_000);
    if (r.stdout.trim() !== 'true') return `no swarm manager on ${h} (start the fleet with \`sudo DOCKER_CI_FLEET=${TARGETS} test/engine/docker-ci.sh fleet\`)`;
  }
  return undefined;
}

/** Removes the stack from every target and waits until its services, containers and network are gone. */
async function clean() {
  await Promise.all(hosts.map((h) => docker(h, ['stack', 'rm', STACK])));
  const deadline = Date.now() + 180_000;
  for (const h of hosts) {
    for (;;) {
      const left = await Promise.all([
        docker(h, ['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
        docker(h, ['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
        docker(h, ['network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
      ]);
      if (left.every((r) => !r.stdout.trim())) break;
      // `docker stack rm` removes the network while the containers still stop, and leaves it when that fails.
      if (!left[0].stdout.trim() && !left[1].stdout.trim()) await docker(h, ['network', 'rm', ...left[2].stdout.trim().split('\n')]);
      if (Date.now() > deadline) throw new Error(`${h}: stack ${STACK} still not gone after 180 s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function stackFile() {
  const services = Array.from(
    { length: SERVICES },
    (_, i) => `  s${i}:\n    image: probe/busybox:1\n    command: ["sleep", "86400"]\n    deploy: {replicas: 1, update_config: {delay: 0s}}\n`,
  );
  return `services:\n${services.join('')}`;
}

const fleetFile = (rollout) =>
  `targets:\n${hosts.map((h, i) => `  - {name: f${i + 1}, host: "${h}"}\n`).join('')}rollout:\n${Object.entries(rollout)
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
    .join('')}`;

async function ours(ctx, dir, name, rollout) {
  const fleet = join(dir, `${name}.fleet.yaml`);
  writeFileSync(fleet, fleetFile(rollout));
  await clean();
  const stateDir = join(dir, `state-${name}`);
  const t0 = performance.now();
  const r = await run(
    process.execPath,
    [ctx.cliJs, 'fleet', 'deploy', '-c', join(dir, 'stack.yml'), '--fleet', fleet, '--yes', '--format', 'json', '--state-dir', stateDir, STACK],
    {
      timeoutMs: 20 * 60_000,
    },
  );
  const ms = performance.now() - t0;
  const out = JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
  if (out.outcome !== 'succeeded')
    throw new Error(`swarm-pilot fleet deploy (${name}): ${out.outcome ?? `exit ${r.code}`}: ${out.message ?? r.stderr.slice(-500)}`);
  log(`fleet: swarm-pilot fleet deploy, ${name}: ${fmt(ms / 1000, 2)} s`);
  return ms;
}

async function shellLoop(dir) {
  await clean();
  // The loop as users write it; `--resolve-image never` as our side (the fleet sends tags as written): no registry here.
  const script = `for h in ${hosts.join(' ')}; do docker --host "$h" stack deploy --detach=false --resolve-image never -c "${join(dir, 'stack.yml')}" ${STACK} >/dev/null || exit 1; done`;
  const t0 = performance.now();
  const r = await run('sh', ['-c', script], { timeoutMs: 40 * 60_000 });
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`the shell loop failed (exit ${r.code}): ${r.stderr.slice(-500)}`);
  log(`fleet: shell loop of docker stack deploy --detach=false: ${fmt(ms / 1000, 2)} s`);
  return ms;
}

export default {
  id: 'fleet',
  title: `Fleet rollout: ${TARGETS} targets × ${SERVICES} services`,
  async run(ctx) {
    const why = await fleetUp();
    if (why) {
      log(`fleet: skipped: ${why}`);
      return { data: { skipped: why }, markdown: [`### Fleet rollout\n\nNot measured: ${why}.`], targets: [] };
    }
    const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
    try {
      writeFileSync(join(dir, 'stack.yml'), stackFile());
      const cliV = (await run('docker', ['version', '--format', '{{.Client.Version}}'])).stdout.trim();
      const loop = await shellLoop(dir);
      const oneWave = await ours(ctx, dir, 'one-wave', { fixed: TARGETS, parallel: TARGETS, soakSeconds: 0 });
      const canary = await ours(ctx, dir, 'canary', { exponential: [1, 2, 3], parallel: TARGETS, soakSeconds: 0, failureBudget: 0 });
      await clean();
      const s = (ms) => `${fmt(ms / 1000, 2)} s`;
      const x = (ms) => `${fmt(loop / ms, 2)}×`;
      const table = mdTable(
        ['how', 'time until every target runs the stack', 'speed-up vs the shell loop'],
        [
          [`shell loop: \`docker --host $h stack deploy --detach=false\` × ${TARGETS}`, s(loop), '1×'],
          [`\`swarm-pilot fleet deploy\`, one wave of ${TARGETS} (parallel ${TARGETS})`, s(oneWave), x(oneWave)],
          ['`swarm-pilot fleet deploy`, waves of 1, 2, 3 (`exponential: [1, 2, 3]`)', s(canary), x(canary)],
        ],
      );
      const note =
        `${TARGETS} independent single-node swarms on loopback (\`DOCKER_CI_FLEET=${TARGETS} test/engine/docker-ci.sh fleet\`), a stack of ${SERVICES} ` +
        `services × 1 replica (probe/busybox:1); each run starts from targets without the stack. Both sides send image tags as written ` +
        `(the loop with \`--resolve-image never\`, no registry here) and end when every service converged (the CLI: each service until ` +
        `converged and then stable for 5 s, service after service, target after target; docker CLI ${cliV}). No soak.`;
      return {
        data: { targets: TARGETS, services: SERVICES, shell_loop_ms: loop, one_wave_ms: oneWave, canary_ms: canary, docker_cli: cliV },
        markdown: [`### Fleet rollout: ${TARGETS} targets × ${SERVICES} services\n\n${table}\n\n${note}`],
        targets: [
          {
            id: 'fleet-one-wave',
            what: `fleet deploy, one wave of ${TARGETS}, vs a shell loop of docker stack deploy --detach=false`,
            target: 'info',
            actual: Math.round((loop / oneWave) * 100) / 100,
            unit: '×',
            met: null,
          },
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
