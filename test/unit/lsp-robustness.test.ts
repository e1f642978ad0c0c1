// The fuzzer (scripts/fuzz.ts, `npm run fuzz`) at CI size: 3000 generated inputs through the real language server.
// ~20 s on 2 cores; the README reports a run of 100,000.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/shared';

const N = 3000;

test(`the language server survives ${N} fuzzed inputs: no crash, no hang, no bad answer`, { timeout: 300_000 }, () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/fuzz.ts'), '--n', String(N), '--seed', '20261124'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 280_000,
  });
  const out = r.stdout + r.stderr;
  const summary = /^(\d+) inputs: crashes (\d+), hangs (\d+), slow (\d+)/m.exec(out);
  assert.ok(summary, `no summary line (exit ${r.status}, signal ${r.signal}):\n${out.slice(-3000)}`);
  const [, inputs, crashes, hangs] = summary.map(Number);
  assert.equal(inputs, N);
  assert.equal(crashes, 0, out.slice(-3000));
  assert.equal(hangs, 0, out.slice(-3000));
  assert.match(out, /bad answers 0$/m, out.slice(-3000));
  // Deep JSON nesting once overflowed jsonc-parser's stack (an internal error): it is now a depth diagnostic.
  assert.deepEqual(
    out.split('\n').filter((l) => l.startsWith('INTERNAL ERROR')),
    [],
    'internal errors',
  );
  assert.match(out, /^internal errors 0,/m, out.slice(-3000));
  assert.equal(r.status, 0, out.slice(-3000));
});

test('the fuzzer reports a crash and a hang of the server, restarts it after each, and goes on', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-faulty-'));
  try {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'scripts/fuzz.ts'),
        '--n',
        '12',
        '--hang-ms',
        '3000',
        '--server',
        join(REPO_ROOT, 'test/fixtures/fuzz/faulty-server.mjs'),
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 100_000, env: { ...process.env, FAULTY_SERVER_STATE: join(dir, 'starts') } },
    );
    const out = r.stdout + r.stderr;
    assert.match(out, /^12 inputs: crashes 1, hangs 1, slow \d+/m, out.slice(-3000));
    assert.match(out, /^CRASH #2 /m, 'the third input crashed the first server');
    assert.match(out, /^HANG #5 /m, 'the third input of the restarted server got no answer');
    assert.match(out, /server restarts 2,/);
    assert.equal(r.status, 1, 'a crash or hang fails the run');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
