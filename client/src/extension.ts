import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { SwarmPilotApi } from './api';
import { registerCommands, resendForcedModes } from './commands';
import { ModeStatus } from './language/modeStatus';
import { ModeStore } from './language/modeStore';
import { DocumentInfoRequest } from '../../server/src/protocol';
import { createLanguageClient } from './language/startClient';
import { registerFleetFeature } from './fleetView';
import { bundledStackValidator } from './language/coreLoader';
import { registerLiveFeature } from './live';
import { registerSwarmFeature } from './swarmCommands';
import { registerSwarmView } from './views/swarmView';

let client: LanguageClient | undefined;

/** Starts the language server (without waiting for it), the language status item, commands and views. */
export function activate(context: vscode.ExtensionContext): SwarmPilotApi {
  const t0 = performance.now();
  const output = vscode.window.createOutputChannel('Swarm Pilot', { log: true });
  const lc = createLanguageClient(context, output);
  client = lc;
  const store = new ModeStore(context.workspaceState);
  const timings: { activateMs: number; serverReadyMs?: number } = { activateMs: 0 };

  // A restarted server (after a crash or "Restart Language Server") knows no forced modes: send them again.
  context.subscriptions.push(
    lc.onDidChangeState((e) => {
      if (e.newState === State.Running) resendForcedModes(lc, store);
    }),
  );
  const ready = lc.start().then(
    () => {
      timings.serverReadyMs = Math.round(performance.now() - t0);
      output.info(`language server ready ${timings.serverReadyMs} ms after activation started`);
    },
    (err: unknown) => {
      output.error(`language server failed to start: ${(err as Error)?.stack ?? err}`);
      throw err;
    },
  );
  ready.catch(() => undefined);

  const status = new ModeStatus(lc);
  const swarm = registerSwarmFeature(context, output);
  const live = registerLiveFeature(context, swarm.feature);
  const { connections, watcher } = swarm.feature;
  const fleet = registerFleetFeature({ context, connections, watcher, output }, bundledStackValidator(context.extensionPath));
  context.subscriptions.push(
    output,
    status,
    registerSwarmView(),
    ...swarm.disposables,
    ...live.disposables,
    ...fleet.disposables,
    ...registerCommands({ context, client: lc, ready, store, status, output }),
  );

  timings.activateMs = Math.round((performance.now() - t0) * 10) / 10;
  output.info(`Swarm Pilot ${context.extension.packageJSON.version} activated in ${timings.activateMs} ms`);

  return {
    timings,
    ready,
    documentInfo: async (uri) => {
      await ready;
      return lc.sendRequest(DocumentInfoRequest, { uri });
    },
    modeStatus: async () => {
      await ready;
      return status.refresh();
    },
    swarm: swarm.feature,
    fleet: fleet.feature,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
