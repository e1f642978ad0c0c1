// Small helpers shared by the bench sections: statistics, formatting, markdown tables, child processes,
// atomic writes and a description of the machine. No dependencies beyond Node itself.
import { spawn } from 'node:child_process';
import { cpus, totalmem, platform, release, arch, loadavg } from 'node:os';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';

export const round = (x, d = 1) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Median of the finite numbers in xs (null when there are none). */
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (the same definition lsp-bench.mjs uses). */
export function percentile(xs, p) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function stats(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (!s.length) return { n: 0 };
  return {
    n: s.length,
    median: round(median(s), 2),
    p95: round(percentile(s, 95), 2),
    min: round(Math.min(...s), 2),
    max: round(Math.max(...s), 2),
  };
}

/** Formats a number for a table cell: '–' for missing, thousands kept readable. */
export function fmt(x, digits = 1) {
  if (x == null || (typeof x === 'number' && !Number.isFinite(x))) return '–';
  if (typeof x !== 'number') return String(x);
  const r = round(x, Math.abs(x) >= 100 ? 0 : digits);
  return String(r);
}

export function ratio(a, b) {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/** A GitHub-flavoured markdown table. */
export function mdTable(headers, rows) {
  const esc = (c) =>
    String(c ?? '–')
      .replace(/\|/g, '\\|')
      .replace(/\n/g, ' ');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `|${headers.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Writes a file via FILE.tmp + rename, so readers never see half a file. */
export function writeAtomic(file, data) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Runs a command without a shell; resolves {code, signal, stdout, stderr, ms}. stderr is passed through
 * when `inheritStderr`. A timeout kills the child (by its PID only) and sets `timedOut`.
 */
export function run(cmd, args, { cwd, env, inheritStderr = false, timeoutMs = 0, maxStdout = 512 * 1024 * 1024 } = {}) {
  return new Promise((resolveRun) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', inheritStderr ? 'inherit' : 'pipe'] });
    const out = [];
    let outLen = 0;
    const err = [];
    child.stdout.on('data', (d) => {
      if (outLen < maxStdout) {
        out.push(d);
        outLen += d.length;
      }
    });
    child.stderr?.on('data', (d) => err.push(d));
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(child.pid, 'SIGTERM');
            } catch {
              /* gone */
            }
          }, timeoutMs)
        : null;
    const stop = () => {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    };
    process.once('exit', stop);
    child.on('error', (e) => err.push(Buffer.from(String(e))));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      process.removeListener('exit', stop);
      resolveRun({
        code,
        signal,
        timedOut,
        ms: performance.now() - t0,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Node version, CPU, core count, memory and OS: copied into every results file. */
export function machineInfo() {
  const cs = cpus();
  let nproc = cs.length;
  try {
    // The cgroup CPU quota can be lower than the visible CPUs; nproc(1) reports what the process may use.
    const max = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (max[0] !== 'max') nproc = Math.min(nproc, Math.max(1, Math.floor(Number(max[0]) / Number(max[1]))));
  } catch {
    /* no cgroup v2 quota */
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${release()} ${arch()}`,
    nproc,
    cpus_visible: cs.length,
    cpu_model: cs[0]?.model?.trim() ?? null,
    mem_gb: round(totalmem() / 1024 ** 3, 1),
    loadavg_at_start: loadavg().map((x) => round(x, 2)),
  };
}

/** Waits until the 1-minute load average drops below the core count (other work on the machine skews
 *  every figure), checking every 10 s, for at most maxS seconds. Returns the load it ended with. */
export async function waitIdle(maxS, nproc) {
  const t0 = Date.now();
  for (;;) {
    const l = loadavg()[0];
    if (l < nproc || (Date.now() - t0) / 1000 >= maxS) return round(l, 2);
    process.stderr.write(
      `[bench] load average ${l.toFixed(1)} on ${nproc} cores: waiting for the machine to go quiet (${Math.round((Date.now() - t0) / 1000)}/${maxS} s)\n`,
    );
    await new Promise((r) => setTimeout(r, 10_000));
  }
}

export const load1 = () => round(loadavg()[0], 2);

export const log = (...m) => process.stderr.write(`[bench] ${m.join(' ')}\n`);
