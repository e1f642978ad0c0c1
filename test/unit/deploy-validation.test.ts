// The deploy engine validates through the function it is given (it imports no validator): the CLI gives the core's
// validateStackFile, the extension one that loads dist/validator.js on first use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeployRunner, type StackValidator } from '../../client/src/deploy';
import type { EngineClient } from '../../client/src/engine';
import { lazyStackValidator } from '../../client/src/language/coreLoader';
import { validateStackFile } from '../../server/src/core';

const FILE = { path: '/work/app-stack.yml', text: 'services:\n  web:\n    image: nginx:1.27\n' };
/** No engine: validation refuses before any request, so a client that throws proves none was made. */
const noEngine = new Proxy({}, { get: () => () => assert.fail('the engine was used') }) as unknown as EngineClient;

test('the runner validates with the injected function and refuses on its errors', async () => {
  const calls: unknown[] = [];
  const validate: StackValidator = (file, env) => {
    calls.push({ file, env });
    return [
      { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } }, severity: 'error', code: 'fake-rule', message: 'refused by the fake' },
    ];
  };
  const events: string[] = [];
  const result = await new DeployRunner({
    client: noEngine,
    stack: 'app',
    source: { files: [FILE], env: { A: '1' } },
    validate,
    onEvent: (e) => events.push(e.type),
  }).run();
  assert.deepEqual(calls, [{ file: FILE, env: { A: '1' } }]);
  assert.equal(result.status, 'refused');
  assert.match(result.message, /app-stack\.yml:3:5: fake-rule: refused by the fake/);
  assert.ok(events.includes('validated'));
});

test('without a validator files are refused, not deployed unvalidated', async () => {
  const result = await new DeployRunner({ client: noEngine, stack: 'app', source: { files: [FILE], env: {} } }).run();
  assert.equal(result.status, 'refused');
  assert.match(result.message, /validate is required/);
});

test('the lazy validator loads the core once, on the first call', () => {
  let loads = 0;
  const validate = lazyStackValidator(() => {
    loads++;
    return { validateStackFile };
  });
  assert.equal(loads, 0);
  const bad = { path: '/w/x-stack.yml', text: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: -1\n' };
  assert.deepEqual(validate(bad, {}), validateStackFile(bad, {}));
  assert.ok(validate(bad, {}).some((d) => d.severity === 'error'));
  assert.equal(loads, 1);
});

test(
  'the built dist/validator.js exports validateStackFile (what the extension requires)',
  { skip: !require('node:fs').existsSync(require('node:path').join(__dirname, '../../dist/validator.js')) && 'not built' },
  () => {
    const bundle = require('../../dist/validator.js') as { validateStackFile: StackValidator };
    assert.deepEqual(bundle.validateStackFile(FILE, {}), validateStackFile(FILE, {}));
  },
);
