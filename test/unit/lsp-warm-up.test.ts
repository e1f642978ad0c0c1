import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSettings } from '../../server/src/core/settings';
import { validateText } from '../../server/src/core/validate';
import { WARM_UP_STACK } from '../../server/src/lsp/warmUp';

// The warm-up stack is validated between `initialized` and the first didOpen so that the schema is compiled
// and the rules' common paths are warm: it must be a valid stack, or it would only warm the error paths.
test('the warm-up stack is a stack docker accepts (no errors or warnings)', () => {
  const result = validateText({ text: WARM_UP_STACK, kind: 'stack', settings: defaultSettings({ env: {} }) });
  assert.equal(result?.kind, 'stack');
  const serious = (result?.diagnostics ?? []).filter((d) => d.severity === 'error' || d.severity === 'warning');
  assert.deepEqual(
    serious.map((d) => `${d.code}: ${d.message}`),
    [],
  );
});
