// The language server's entry (dist/server.js). It is kept small on purpose: it answers `initialize` from the
// static capabilities as soon as node has started, and loads the validation core (dist/serverCore.js: yaml, ajv,
// schemas, rules) when the client confirms with `initialized`. The client sends nothing else before that, and
// messages are handled in order, so every later message finds the core's handlers registered.
import { createConnection, ProposedFeatures, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { clientPullsDiagnostics, serverCapabilities } from './capabilities';
import type { AttachedCore } from './serverCore';

/** For the bench, which starts `env ENV node FLAGS dist/server.js` the way the extension does. */
export { SERVER_ENV, SERVER_NODE_FLAGS } from '../protocol';

type CoreModule = typeof import('./serverCore');

/** Wires one LSP connection. Exported so tests can run it over in-memory streams. */
export function startServer(connection: Connection, loadCore: () => CoreModule = () => require('./serverCore') as CoreModule): void {
  let init: InitializeParams | undefined;

  connection.onInitialize((params): InitializeResult => {
    init = params;
    return {
      capabilities: serverCapabilities(clientPullsDiagnostics(params.capabilities)),
      serverInfo: { name: 'swarm-pilot', version: typeof SWARM_PILOT_VERSION === 'string' ? SWARM_PILOT_VERSION : 'dev' },
    };
  });
  // The core loads (synchronously) on `initialized`: after the answer has gone out, before any later message.
  connection.onInitialized(() => {
    if (!init) return;
    let core: AttachedCore;
    try {
      core = loadCore().attachCore(connection, init);
    } catch (err) {
      // Without its core the server can only mislead: say why and exit, so the client reports it and restarts.
      process.stderr.write(`swarm-pilot server: cannot load the validation core: ${(err as Error).stack ?? err}\n`);
      process.exit(1);
    }
    core.initialized();
  });
  connection.listen();
}

declare const SWARM_PILOT_VERSION: string;

if (require.main === module) {
  process.on('uncaughtException', (err) => {
    // Last line of defence: log and keep serving rather than dying on one bad request.
    process.stderr.write(`swarm-pilot server: uncaught ${err.stack ?? err}\n`);
  });
  startServer(createConnection(ProposedFeatures.all));
}
