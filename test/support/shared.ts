// Where the tests find ../shared (the corpus with docker's verdicts, the bench generator): beside the checkout, or
// SWARM_PILOT_CORPUS=DIR for the corpus. CI always has it, and there a missing corpus fails the tests that read it;
// elsewhere those tests are skipped with one line saying where it was looked for.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, type TestFn, type TestOptions } from 'node:test';

export const REPO_ROOT = new URL('../..', import.meta.url).pathname;
export const SHARED = resolve(REPO_ROOT, '..', 'shared');
/** The corpus directory, with a trailing slash. */
export const CORPUS = `${resolve(process.env.SWARM_PILOT_CORPUS ?? join(SHARED, 'corpus'))}/`;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

// Short: node's runner repeats it on every skipped test; scripts/run-tests.mjs prints the whole story once.
const missing = (dir: string): string | false => (existsSync(dir) || inCi ? false : `no ${dir}`);

/** Why the corpus tests cannot run here, or false when they can (always false in CI). */
export const corpusSkip = missing(CORPUS);
/** The same for files of ../shared other than the corpus (the bench's stack generator). */
export const sharedSkip = missing(SHARED);

/** A test that reads the corpus: skipped with its reason when the corpus is absent outside CI. */
export function corpusTest(name: string, optsOrFn: TestOptions | TestFn, fn?: TestFn): void {
  const [opts, body] = typeof optsOrFn === 'function' ? [{}, optsOrFn] : [optsOrFn, fn!];
  void test(name, { ...opts, skip: corpusSkip }, body);
}

/** `read()` when the corpus is there, else `empty` (for corpus data read at module load). */
export function fromCorpus<T>(read: () => T, empty: T): T {
  return corpusSkip ? empty : read();
}
