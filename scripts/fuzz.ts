// The LSP robustness fuzzer: N generated inputs (test/support/fuzzInputs.ts) through the real language server
// (dist/server.js) over stdio, one document at a time.
//   npm run fuzz -- --n N [--seed S] [--only I] [--slow-ms 2000] [--hang-ms 10000] [--server FILE]
// (--server: another server script, for the test of this harness's own crash and hang handling.)
// Per input: the server must stay alive (else a crash: reported with its stderr, the server is restarted and the run
// goes on), answer the diagnostics pull within --hang-ms (else a hang: same), and answer with no internal-error
// diagnostic (an exception the server caught: listed with its kind) and well-formed ranges (else a bad answer).
// Answers slower than --slow-ms are listed with their kind.
// Last lines: `internal errors E (kinds…), bad answers B` and `N inputs: crashes C, hangs H, slow K (kinds…)`; the exit
// code is 1 when any of C, H, E, B is not 0.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TestLspClient } from '../test/support/lspClient';
import { generateInput, seedFiles, type FuzzInput } from '../test/support/fuzzInputs';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '20261124' },
    only: { type: 'string' },
    'slow-ms': { type: 'string', default: '2000' },
    'hang-ms': { type: 'string', default: '10000' },
    server: { type: 'string' },
  },
});
const n = Number(values.n);
const seed = Number(values.seed);
const slowMs = Number(values['slow-ms']);
const hangMs = Number(values['hang-ms']);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- --n N [--seed S] [--only I] [--slow-ms MS] [--hang-ms MS]');
  process.exit(2);
}

const label = (inp: FuzzInput) => `${inp.generator}/${inp.fileKind}`;
const describe = (inp: FuzzInput) => `#${inp.index} ${label(inp)} (${inp.text.length} chars)`;

/** ` (mutated/stack ×3, huge/daemon ×1)`, or nothing for no inputs. */
function kindsOf(inputs: FuzzInput[]): string {
  const kinds = new Map<string, number>();
  for (const inp of inputs) kinds.set(label(inp), (kinds.get(label(inp)) ?? 0) + 1);
  const list = [...kinds].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ×${c}`);
  return list.length ? ` (${list.join(', ')})` : '';
}

function rssMb(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const seeds = seedFiles();
  console.log(`fuzz: seed ${seed}, ${seeds.source}: ${seeds.yaml.length} YAML + ${seeds.json.length} JSON files`);
  const indices = values.only !== undefined ? [Number(values.only)] : Array.from({ length: n }, (_, i) => i);
  const started = Date.now();
  const start = () => TestLspClient.start({ pull: true, serverJs: values.server });
  let client = await start();
  const crashes: string[] = [];
  const hangs: string[] = [];
  const internal: { inp: FuzzInput; message: string }[] = [];
  const bad: string[] = [];
  const slow: { inp: FuzzInput; ms: number }[] = [];
  let restarts = 0;
  const restart = async () => {
    await client.stop();
    client = await start();
    restarts++;
  };

  for (const [k, i] of indices.entries()) {
    const inp = generateInput(seeds, seed, i);
    const uri = `file:///fuzz/${i}/${inp.name}`;
    const t0 = performance.now();
    try {
      await client.open(uri, inp.text, inp.languageId);
      const diags = await client.diagnostics(uri, hangMs);
      const ms = performance.now() - t0;
      if (ms > slowMs) slow.push({ inp, ms });
      const caught = diags.find((d) => d.code === 'internal-error');
      if (caught) internal.push({ inp, message: caught.message });
      if (diags.some((d) => d.range.start.line > d.range.end.line)) bad.push(`${describe(inp)}: a range ends before it starts`);
      await client.close(uri);
    } catch (e) {
      // Give a dying process a moment to be reaped, so a crash is not reported as a hang.
      await new Promise((res) => setTimeout(res, 200));
      const tail = client.stderr.slice(-3000);
      if (!client.alive) crashes.push(`${describe(inp)}: exit ${client.proc.exitCode ?? client.proc.signalCode}\n${tail}`);
      else hangs.push(`${describe(inp)}: ${(e as Error).message}`);
      console.log(`  ${client.alive ? 'HANG' : 'CRASH'} ${describe(inp)}; restarting the server`);
      await restart();
    }
    if (indices.length >= 10_000 && (k + 1) % Math.floor(indices.length / 20) === 0) {
      const s = Math.round((Date.now() - started) / 1000);
      console.log(
        `  ${k + 1}/${indices.length} after ${s} s (crashes ${crashes.length}, hangs ${hangs.length}, slow ${slow.length}, server RSS ${rssMb(client.proc.pid)} MB)`,
      );
    }
  }
  // The server still answers a request after the run.
  let answers = true;
  try {
    await client.request('swarmPilot/documentInfo', { uri: 'file:///nothing-open.yml' });
  } catch {
    answers = false;
  }
  const rss = rssMb(client.proc.pid);
  await client.stop();

  const secs = (Date.now() - started) / 1000;
  for (const c of crashes) console.log(`CRASH ${c}`);
  for (const h of hangs) console.log(`HANG ${h}`);
  for (const e of internal) console.log(`INTERNAL ERROR ${describe(e.inp)}: ${e.message.slice(0, 300)}`);
  for (const b of bad) console.log(`BAD ANSWER ${b}`);
  slow.sort((a, b) => b.ms - a.ms);
  for (const s of slow.slice(0, 50)) console.log(`slow ${Math.round(s.ms)} ms: ${describe(s.inp)}`);
  if (slow.length > 50) console.log(`slow: ${slow.length - 50} more`);
  console.log(
    `time ${secs.toFixed(1)} s (${((secs * 1000) / indices.length).toFixed(1)} ms/input), server restarts ${restarts}, final server RSS ${rss} MB${answers ? '' : ', the server did not answer at the end'}`,
  );
  console.log(`internal errors ${internal.length}${kindsOf(internal.map((e) => e.inp))}, bad answers ${bad.length}`);
  console.log(`${indices.length} inputs: crashes ${crashes.length}, hangs ${hangs.length}, slow ${slow.length}${kindsOf(slow.map((s) => s.inp))}`);
  return crashes.length || hangs.length || internal.length || bad.length || !answers ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
