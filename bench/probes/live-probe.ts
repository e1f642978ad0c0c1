// Live-feature figures (issue #18): run with `node --import tsx` from the repo.
//   node --import tsx bench/probes/live-probe.ts RUNS COMPLETION_REQUESTS  ->  one JSON line
// (a) `docker service scale` → drift lens title: a stack (prefix lv_) deployed on the loopback swarm, the explorer's
//     SwarmWatcher (the extension's defaults: events, 300 ms debounce) and, on each snapshot it publishes, the same
//     computation the lens provider runs (live/liveDocument computeLive → lensTitles); the time from the scale command
//     returning (and from its start) to the title reading the new replica count. Each scale waits for the previous
//     one's title first.
// (b) completion latency: clusterCompletions (what the provider calls) on a synthetic 50-node model, per request,
//     over the contexts it serves (label keys, label values, hostnames, external names), p50/p95.
// Without a swarm manager on the default socket, (a) is skipped with the reason in the JSON.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { clusterCompletions } from '../../client/src/live/clusterCompletion';
import { computeLive } from '../../client/src/live/liveDocument';
import { lensTitles } from '../../client/src/live/lensTitles';
import { SwarmWatcher, type SwarmSnapshot } from '../../client/src/swarm';
import { deploy, fixtureDir, service, stackFile, testClient } from '../../test/cases/deploy/harness';
import { syntheticCluster } from '../../test/support/syntheticSwarm';
import { MemoryRevisionStore } from '../../client/src/deploy';

const [runs, requests] = [Number(process.argv[2] ?? 5), Number(process.argv[3] ?? 2000)];
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x: number) => Math.round(x * 1000) / 1000;

async function lensRefresh(): Promise<Record<string, unknown>> {
  const stack = `lv_bench${process.pid}`;
  const fx = fixtureDir('lv-bench');
  const text = stackFile([service('web', { replicas: 1 })]);
  const path = fx.write('stack.yml', text);
  const client = testClient();
  const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const rm = () => {
    try {
      docker('stack', 'rm', stack);
    } catch {
      // not there
    }
  };
  const manager = (() => {
    try {
      return docker('info', '--format', '{{.Swarm.ControlAvailable}}').trim() === 'true';
    } catch {
      return false;
    }
  })();
  if (!manager) {
    fx.remove();
    client.close();
    return { skipped: 'no swarm manager on the default Docker socket' };
  }
  rm();
  const watcher = new SwarmWatcher(async () => client);
  try {
    const r = await deploy(client, stack, { files: [path], store: new MemoryRevisionStore() });
    if (r.status !== 'converged') throw new Error(`deploy: ${r.status} ${r.message}`);
    const titleOf = (snapshot: SwarmSnapshot) => {
      const result = computeLive({ text, path, name: { stack, source: 'comment' }, snapshot, connection: 'bench' });
      return result.kind === 'live' ? (lensTitles(result.live).get('web') ?? '') : `(${result.kind})`;
    };
    watcher.start();
    await new Promise<void>((res) => {
      const s = watcher.onChange((st) => st.kind === 'ready' && (s.dispose(), res()));
    });
    const fromReturn: number[] = [];
    const fromStart: number[] = [];
    const compute: number[] = [];
    const titles: string[] = [];
    for (let i = 0; i < runs; i++) {
      const want = i % 2 === 0 ? 2 : 1;
      const seen = new Promise<number>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no lens title with /${want} running in 30 s`)), 30_000);
        const s = watcher.onChange((st) => {
          if (st.kind !== 'ready') return;
          const t = performance.now();
          const title = titleOf(st.snapshot);
          compute.push(performance.now() - t);
          if (!title.includes(`/${want} running`)) return;
          titles.push(title);
          clearTimeout(timer);
          s.dispose();
          res(performance.now());
        });
      });
      const t0 = performance.now();
      docker('service', 'scale', '--detach', `${stack}_web=${want}`);
      const t1 = performance.now();
      const done = await seen;
      fromStart.push(done - t0);
      fromReturn.push(done - t1);
    }
    return {
      stack,
      runs: fromReturn.map(round),
      median_ms: round(pct(fromReturn, 50)),
      from_command_start_ms: fromStart.map(round),
      compute_ms_median: round(pct(compute, 50)),
      titles,
    };
  } finally {
    watcher.stop();
    rm();
    client.close();
    fx.remove();
  }
}

function completionLatency(): Record<string, unknown> {
  const snapshot = syntheticCluster(50);
  const services = Array.from({ length: 100 }, (_, i) => `  svc${i}:\n    image: x\n    deploy:\n      replicas: 2\n`).join('');
  const tail = 'networks:\n  edge:\n    external: true\n    name: |\n';
  const contexts = ['node.labels.|', 'node.labels.zone == |', 'node.hostname == |', 'engine.labels.disk != |'].map(
    (c) => `services:\n${services}  web:\n    image: x\n    deploy:\n      placement:\n        constraints:\n          - ${c}\n`,
  );
  contexts.push(`services:\n${services}${tail}`);
  const cases = contexts.map((t) => ({ text: t.replace('|', ''), offset: t.indexOf('|') }));
  const counts = cases.map((c) => clusterCompletions(c.text, c.offset, snapshot).length);
  if (counts.some((n) => n === 0)) throw new Error(`a completion context gave nothing: ${counts.join(', ')}`);
  for (let i = 0; i < 200; i++) clusterCompletions(cases[i % cases.length].text, cases[i % cases.length].offset, snapshot); // warm-up
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const c = cases[i % cases.length];
    const t = performance.now();
    clusterCompletions(c.text, c.offset, snapshot);
    times.push(performance.now() - t);
  }
  return {
    nodes: snapshot.nodes.length,
    file_lines: cases[0].text.split('\n').length,
    contexts: cases.length,
    items: counts,
    requests,
    p50_ms: round(pct(times, 50)),
    p95_ms: round(pct(times, 95)),
    max_ms: round(Math.max(...times)),
  };
}

async function main(): Promise<void> {
  const out: Record<string, unknown> = { completion: completionLatency() };
  try {
    out.lens = await lensRefresh();
  } catch (err) {
    out.lens = { error: (err as Error).message };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

void main();
