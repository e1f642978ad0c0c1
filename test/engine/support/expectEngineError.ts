// Awaits a promise that must fail with an EngineError of a given kind (and message); returns the error.
import assert from 'node:assert/strict';
import { EngineError, type EngineErrorKind } from '../../../client/src/engine/engineErrors';

export async function expectEngineError(p: Promise<unknown>, kind: EngineErrorKind, message?: RegExp): Promise<EngineError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof EngineError, `expected an EngineError of kind ${kind}, got ${err === undefined ? 'success' : String(err)}`);
  assert.equal(err.kind, kind, err.message);
  if (message) assert.match(err.message, message);
  assert.ok(err.detail.length > 0, 'the original message is kept in detail');
  return err;
}
