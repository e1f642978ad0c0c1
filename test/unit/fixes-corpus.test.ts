import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, quickFixes } from '../../server/src/core/fixes';
import { intelInput } from '../../server/src/core/intel';
import { defaultSettings } from '../../server/src/core/settings';
import type { Diagnostic, FileKind } from '../../server/src/core/types';
import { validateText } from '../../server/src/core/validate';
import { corpusTest } from '../support/shared';
import { CORPUS } from './helpers';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(ya?ml|json)$/.test(e) ? [p] : [];
  });
}

/**
 * Every preferred quick fix on every real file of the corpus (compose files as stack files): applied, the file
 * validated again. The fixed diagnostic's code must occur less often, no error may appear, the file must still
 * parse. This is what "apply it and re-validate" means at scale: hundreds of fixes on files nobody wrote for us.
 */
corpusTest('every preferred quick fix on the corpus removes its problem and adds no error', () => {
  const settings = defaultSettings();
  let applied = 0;
  const failures: string[] = [];
  const codes = new Set<string>();
  for (const file of filesUnder(CORPUS)) {
    const text = readFileSync(file, 'utf8');
    const kind = file.includes('/compose/') ? 'stack' : undefined;
    const before = validateText({ text, filePath: file, settings, kind });
    if (!before) continue;
    const input = intelInput(before.kind as FileKind, text, settings);
    const count = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code).length;
    const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error').length;
    for (const d of before.diagnostics) {
      const fix = quickFixes(input, d).find((f) => f.preferred);
      if (!fix) continue;
      applied++;
      codes.add(d.code);
      const after = validateText({ text: applyEdits(text, fix.edits), filePath: file, settings, kind: before.kind })!;
      const broken = after.diagnostics.filter((x) => /^(yaml|json)-syntax$/.test(x.code));
      if (count(after.diagnostics, d.code) >= count(before.diagnostics, d.code) || errors(after.diagnostics) > errors(before.diagnostics) || broken.length) {
        failures.push(`${file.slice(CORPUS.length)}: "${fix.title}" for ${d.code}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(applied > 400, `only ${applied} fixes applied`);
  for (const code of [
    'stack-unsupported-key',
    'stack-ignored-key',
    'stack-forbidden-key',
    'stack-deprecated-key',
    'daemon-removed-key',
    'oci-hooks-legacy-format',
    'oci-runtime-prestart-deprecated',
  ]) {
    assert.ok(codes.has(code), `no ${code} fix exercised by the corpus`);
  }
});
