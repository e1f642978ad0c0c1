import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertAgreement, describeVerdict, judgeCorpus, readDotenv, readOracle } from '../support/oracle';
import { corpusTest as test } from '../support/shared';
import { CORPUS, REPO_ROOT } from './helpers';

const COMPOSE = join(CORPUS, 'compose');
const DOC = join(REPO_ROOT, 'docs/oracle-disagreements.md');

const describe = describeVerdict;

test('stack mode agrees with `docker stack config` on the corpus (≥99% of refusals, ≤3% false errors, all listed)', () => {
  assertAgreement(judgeCorpus(COMPOSE, readOracle(COMPOSE)), DOC, { minRefused: 400, minAccepted: 250 });
});

test('with each folder’s .env exported, verdicts match the second oracle', () => {
  const rows = readOracle(COMPOSE, 'oracle-docker-stack-config-with-dotenv.tsv');
  assert.ok(rows.length >= 20);
  const wrong: string[] = [];
  for (const row of rows) {
    const dotenv = join(COMPOSE, dirname(row.path), '.env');
    const [v] = judgeCorpus(COMPOSE, [row], existsSync(dotenv) ? readDotenv(dotenv) : {});
    if (v.errors.length > 0 !== (row.exit !== 0)) wrong.push(describe(v));
  }
  assert.deepEqual(wrong, []);
});
