import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/core/rules';
import { withTable } from '../../scripts/rule-table';
import { REPO_ROOT } from './helpers';

test('the README rule table matches the rule definitions (run `npm run rules:readme`)', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  assert.equal(withTable(readme), readme);
});

test('every rule has a kebab-case code, a description and a source', () => {
  const rules = allRules();
  assert.ok(rules.length > 10);
  for (const r of rules) {
    assert.match(r.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.code);
    assert.ok(r.description.length > 10, r.code);
    assert.ok(r.source.length > 3, r.code);
  }
});
