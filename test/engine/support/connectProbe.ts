// Child-process probe: connects to the host given as argv[2] and prints what happened as one JSON line
// ({ok: true} or {kind, message, detail}). The engine tests run it under another uid (see runAsUser.ts).
import { resolveEndpoint } from '../../../client/src/engine/endpointResolution';
import { createEngineClient } from '../../../client/src/engine/engineClient';
import { EngineError } from '../../../client/src/engine/engineErrors';

async function main(): Promise<void> {
  const host = process.argv[2] ?? '';
  const client = createEngineClient(resolveEndpoint({ setting: { host }, env: {}, homedir: '/nonexistent' }), { timeoutSeconds: 5 });
  try {
    await client.info();
    process.stdout.write(JSON.stringify({ ok: true, uid: process.getuid?.() }) + '\n');
  } catch (err) {
    const e = err as EngineError;
    process.stdout.write(JSON.stringify({ ok: false, uid: process.getuid?.(), kind: e.kind, message: e.message, detail: e.detail, code: e.code }) + '\n');
  } finally {
    client.close();
  }
}

void main();
