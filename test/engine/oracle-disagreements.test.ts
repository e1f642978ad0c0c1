import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { corpusTest as test } from '../support/shared';
import { CORPUS, REPO_ROOT } from '../unit/helpers';
import { docker, removeStack } from './docker';

/** The files we refuse although `docker stack config` accepts them (first table of the doc). */
function listedFalseErrors(): string[] {
  const text = readFileSync(join(REPO_ROOT, 'docs/oracle-disagreements.md'), 'utf8');
  const start = text.indexOf('## Accepted by the oracle, refused by us');
  const body = text.slice(start, text.indexOf('\n## ', start + 10));
  return [...body.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]);
}

test('every file we refuse but `docker stack config` accepts is refused by a real `docker stack deploy`', { timeout: 300_000 }, async () => {
  const files = listedFalseErrors();
  assert.ok(files.length > 0, 'no rows found in docs/oracle-disagreements.md');
  const deployed: string[] = [];
  for (const [i, rel] of files.entries()) {
    const abs = join(CORPUS, 'compose', rel);
    assert.ok(existsSync(abs), `${rel} not in the corpus`);
    const ns = `spdis${i}`;
    try {
      const r = await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', basename(abs), ns], { cwd: dirname(abs), timeoutMs: 90_000 });
      if (r.code === 0) deployed.push(`${rel}: deployed (${r.stdout.trim().split('\n').pop()})`);
    } finally {
      await removeStack(ns);
    }
  }
  assert.deepEqual(deployed, [], 'these files deploy, so our errors on them are false');
});
