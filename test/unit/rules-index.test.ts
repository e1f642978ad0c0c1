// core/rules/index.ts is the one list of rules: complete, sorted, unique; every rule has its README row and every
// quick-fix table is keyed by defined rule codes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { JSON_FIXES } from '../../server/src/core/fixes/jsonFixes';
import { STACK_FIXES } from '../../server/src/core/fixes/stackFixes';
import { RULES } from '../../server/src/core/rules';
import { REPO_ROOT } from './helpers';

const codes = RULES.map((r) => r.code);

test('the rule list is sorted by code and has no code twice', () => {
  assert.deepEqual(
    codes,
    [...codes].sort((a, b) => a.localeCompare(b)),
  );
  assert.equal(new Set(codes).size, codes.length);
});

test('every rule a core module exports is in the list', async () => {
  const dir = join(REPO_ROOT, 'server/src/core');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const listed = new Set(RULES);
  const missing: string[] = [];
  for (const f of files) {
    const mod = (await import(join(dir, f))) as Record<string, unknown>;
    for (const [name, v] of Object.entries(mod)) {
      const r = v as { code?: unknown; kinds?: unknown; severity?: unknown; source?: unknown };
      if (
        r &&
        typeof r === 'object' &&
        typeof r.code === 'string' &&
        Array.isArray(r.kinds) &&
        typeof r.severity === 'string' &&
        typeof r.source === 'string' &&
        !listed.has(v as never)
      )
        missing.push(`${f}: ${name} (${r.code})`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every rule has a row in the README rule table', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const rows = new Set([...readme.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]));
  assert.deepEqual(
    codes.filter((c) => !rows.has(c)),
    [],
  );
});

test('every quick-fix table key is a defined rule code', () => {
  const defined = new Set(codes);
  assert.deepEqual(
    [...Object.keys(STACK_FIXES), ...Object.keys(JSON_FIXES)].filter((k) => !defined.has(k)),
    [],
  );
  assert.ok(Object.keys(STACK_FIXES).length > 0 && Object.keys(JSON_FIXES).length > 0);
});
