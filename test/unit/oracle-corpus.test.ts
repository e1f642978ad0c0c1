import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { judgeCorpus, readOracle, type Verdict } from '../support/oracle';
import { corpusTest as test } from '../support/shared';
import { CORPUS, REPO_ROOT } from './helpers';

const COMPOSE = join(CORPUS, 'compose');
const DOC = join(REPO_ROOT, 'docs/oracle-disagreements.md');

/** Paths listed in one table of docs/oracle-disagreements.md (first column, in backticks or plain). */
function listedIn(section: string): Set<string> {
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf(section);
  assert.ok(start >= 0, `section "${section}" missing in ${DOC}`);
  const rest = text.slice(start + section.length);
  const end = rest.indexOf('\n## ');
  const body = end >= 0 ? rest.slice(0, end) : rest;
  const paths = new Set<string>();
  for (const line of body.split('\n')) {
    const m = /^\|\s*`?([^|`]+?)`?\s*\|/.exec(line);
    if (m && m[1] !== 'file' && !/^-+$/.test(m[1])) paths.add(m[1].trim());
  }
  return paths;
}

function describe(v: Verdict): string {
  return `${v.row.path}: ${v.errors.map((e) => `${e.code} ${e.message}`).join('; ') || '(no error)'} | oracle: ${v.row.message || 'ok'}`;
}

test('stack mode agrees with `docker stack config` on the corpus (≥99% of refusals, ≤3% false errors, all listed)', () => {
  const verdicts = judgeCorpus(COMPOSE, readOracle(COMPOSE));
  const refused = verdicts.filter((v) => v.row.exit !== 0);
  const accepted = verdicts.filter((v) => v.row.exit === 0);
  assert.ok(refused.length > 400 && accepted.length > 250, 'oracle file looks truncated');
  const missed = refused.filter((v) => v.errors.length === 0);
  const falseErrors = accepted.filter((v) => v.errors.length > 0);
  const recall = (refused.length - missed.length) / refused.length;
  const fpRate = falseErrors.length / accepted.length;
  console.log(`oracle: caught ${refused.length - missed.length}/${refused.length} refusals (${(recall * 100).toFixed(1)}%), errors on ${falseErrors.length}/${accepted.length} accepted files (${(fpRate * 100).toFixed(1)}%)`);
  assert.ok(recall >= 0.99, `caught only ${(recall * 100).toFixed(1)}% of refused files; missed:\n${missed.map(describe).join('\n')}`);
  assert.ok(fpRate <= 0.03, `errors on ${(fpRate * 100).toFixed(1)}% of accepted files:\n${falseErrors.map(describe).join('\n')}`);

  const listedFalse = listedIn('## Accepted by the oracle, refused by us');
  const unlisted = falseErrors.filter((v) => !listedFalse.has(v.row.path));
  assert.deepEqual(unlisted.map(describe), [], 'disagreements missing from docs/oracle-disagreements.md');
  const stale = [...listedFalse].filter((p) => !falseErrors.some((v) => v.row.path === p));
  assert.deepEqual(stale, [], 'docs/oracle-disagreements.md lists files we no longer refuse');

  const listedMissed = listedIn('## Refused by the oracle, accepted by us');
  const unlistedMissed = missed.filter((v) => !listedMissed.has(v.row.path));
  assert.deepEqual(unlistedMissed.map(describe), [], 'missed refusals must be explained in docs/oracle-disagreements.md');
});

/** KEY=VALUE lines of a .env file (comments and blanks skipped), as the oracle exported them. */
function readDotenv(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

test('with each folder’s .env exported, verdicts match the second oracle', () => {
  const rows = readOracle(COMPOSE, 'oracle-docker-stack-config-with-dotenv.tsv');
  assert.ok(rows.length >= 20);
  const wrong: string[] = [];
  for (const row of rows) {
    const dotenv = join(COMPOSE, dirname(row.path), '.env');
    const [v] = judgeCorpus(COMPOSE, [row], existsSync(dotenv) ? readDotenv(dotenv) : {});
    if ((v.errors.length > 0) !== (row.exit !== 0)) wrong.push(describe(v));
  }
  assert.deepEqual(wrong, []);
});
