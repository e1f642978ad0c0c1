// Keeps test/fixtures/oracle-docker-compose-config*.tsv honest: re-runs `docker compose config -q` (sid's compose
// plugin, installed by docker-ci.sh beside Engine 28) over a sample of the corpus and requires the committed
// verdicts. No daemon is used. Regenerate the tables with `node scripts/compose-oracle.mjs` when compose changes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeVerdict, readTable, TABLE, TABLE_WITH_DOTENV } from '../../scripts/compose-oracle.mjs';
import { corpusTest as test } from '../support/shared';
import { CORPUS, REPO_ROOT } from '../unit/helpers';

const FIXTURES = join(REPO_ROOT, 'test/fixtures');

/** The compose version the table was made with, from its header comment. */
function tableVersion(file: string): string {
  return /^# docker compose (\S+):/.exec(readFileSync(file, 'utf8'))?.[1] ?? '?';
}

const installed = spawnSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
const version = installed.status === 0 ? installed.stdout.trim() : '';

test('docker compose is the version the committed oracle tables were made with', () => {
  assert.ok(
    version,
    `docker compose is not installed (test/engine/docker-ci.sh installs docker-compose/sid with Engine 28): ${installed.stderr ?? installed.error?.message}`,
  );
  assert.equal(version, tableVersion(join(FIXTURES, TABLE)), 'another compose version: regenerate with `node scripts/compose-oracle.mjs`');
});

for (const [table, dotenv, every] of [
  [TABLE, false, 10],
  [TABLE_WITH_DOTENV, true, 1],
] as const) {
  test(`docker compose still gives the verdicts of ${table} (every ${every === 1 ? '' : `${every}th `}file)`, { timeout: 300_000 }, () => {
    assert.ok(version, 'docker compose is not installed');
    const rows = readTable(join(FIXTURES, table)).filter((_, i) => i % every === 0);
    assert.ok(rows.length >= 20, `${table} looks truncated`);
    const changed = rows
      .map((row) => ({ row, now: composeVerdict(join(CORPUS, 'compose'), row.path, { dotenv }) }))
      // The verdict only: with several problems compose reports one of them in Go map order, so messages vary.
      .filter(({ row, now }) => now.exit !== row.exit)
      .map(({ row, now }) => `${row.path}: table ${row.exit} ${row.message || 'ok'} | now ${now.exit} ${now.message || 'ok'}`);
    assert.deepEqual(changed, []);
  });
}
