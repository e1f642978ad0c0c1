// Entry point the extension host loads as `extensionTestsPath` (bundled by test/host/lib/bundle.mjs).
// Mocha's own output is invisible inside the host, so every result goes to the report file the runner prints.
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const report = process.env.SWARM_PILOT_HOST_REPORT!;
  // 'vsix' runs only vsix.test.js (against the installed package), 'untrusted' only untrusted.test.js (restricted
  // mode); 'integration' runs all the others.
  const suite = process.env.SWARM_PILOT_HOST_SUITE ?? 'integration';
  const own = (f: string) => (suite === 'integration' ? !/^(vsix|untrusted)\./.test(f) : f.startsWith(`${suite}.`));
  const only = process.env.SWARM_PILOT_HOST_ONLY?.split(',').filter(Boolean);
  const log = (line: string) => appendFileSync(report, line + '\n');
  writeFileSync(report, '');
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: class {} as never });
  const dir = __dirname;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.test.js') || !own(f)) continue;
    if (only && !only.includes(f.replace(/\.test\.js$/, ''))) continue;
    mocha.addFile(join(dir, f));
  }
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const started = Date.now();
    const runner = mocha.run(() => {
      log(`${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (failed > 0) reject(new Error(`${failed} host tests failed`));
      else resolve();
    });
    const suiteStart = new Map<unknown, number>();
    runner.on('suite', (s) => {
      suiteStart.set(s, Date.now());
      if (s.title) log(`  ${s.fullTitle()}`);
    });
    runner.on('suite end', (s) => {
      if (s.title) log(`  (${s.fullTitle()}: ${((Date.now() - suiteStart.get(s)!) / 1000).toFixed(1)} s)`);
    });
    runner.on('pass', (t) => {
      passed++;
      log(`    ✔ ${t.title} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t, err) => {
      failed++;
      log(
        `    ✖ ${t.fullTitle()}\n      ${String((err as Error)?.stack ?? err)
          .split('\n')
          .join('\n      ')}`,
      );
    });
    runner.on('pending', (t) => log(`    - ${t.title} (pending)`));
  });
}
