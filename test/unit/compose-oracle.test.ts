// Compose mode against `docker compose config -q` (compose 2.40.3, Debian sid) over the corpus: the labels are
// test/fixtures/oracle-docker-compose-config*.tsv, made by scripts/compose-oracle.mjs and kept current by
// test/engine/compose-oracle.test.ts. Disagreements are explained in docs/compose-oracle-disagreements.md.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertAgreement, describeVerdict, judgeCorpus, readDotenv, readOracle } from '../support/oracle';
import { corpusTest as test } from '../support/shared';
import { CORPUS, REPO_ROOT } from './helpers';

const COMPOSE = join(CORPUS, 'compose');
const FIXTURES = join(REPO_ROOT, 'test/fixtures');
const DOC = join(REPO_ROOT, 'docs/compose-oracle-disagreements.md');

/** The table's rows with paths kept relative to the corpus (judgeCorpus resolves them there). */
const rows = (file: string) => readOracle(FIXTURES, file);

test('compose mode agrees with `docker compose config` on the corpus (≥99% of refusals, ≤3% false errors, all listed)', () => {
  assertAgreement(judgeCorpus(COMPOSE, rows('oracle-docker-compose-config.tsv'), {}, 'compose'), DOC, { minRefused: 100, minAccepted: 400, minRecall: 0.99 });
});

test('with each folder’s .env read (as compose reads it), verdicts match the second table', () => {
  const table = rows('oracle-docker-compose-config-with-dotenv.tsv');
  assert.ok(table.length >= 20, 'oracle file looks truncated');
  const wrong: string[] = [];
  for (const row of table) {
    const dotenv = join(COMPOSE, dirname(row.path), '.env');
    const [v] = judgeCorpus(COMPOSE, [row], existsSync(dotenv) ? readDotenv(dotenv) : {}, 'compose');
    if (v.errors.length > 0 !== (row.exit !== 0)) wrong.push(describeVerdict(v));
  }
  assert.deepEqual(wrong, []);
});
