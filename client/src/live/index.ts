// The stack file knows its swarm: drift code lenses and Compare with Running, fed by the explorer's watcher.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { defaultStateDir, FileRevisionStore } from '../deploy';
import type { SwarmFeature } from '../swarmCommands';
import { chooseStack, compareWithRunning, LIVE_SCHEME, LiveStackDocuments } from './compareWithRunning';
import { CHOOSE_STACK_COMMAND, COMPARE_COMMAND, DriftLensProvider } from './driftLens';
import { LiveDiagnosticsPublisher } from './diagnosticsPublisher';
import { ImageArchCache } from './imageArch';
import { liveEnabled, LiveModel } from './liveModel';
import { WorkspaceStacks } from './workspaceStacks';
import { VolumeDriverCache } from './volumeDrivers';
import { CLUSTER_COMPLETION_TRIGGERS, ClusterCompletionProvider } from './clusterCompletionProvider';

export { lensTitles } from './lensTitles';
export type { LiveModel } from './liveModel';

const STACK_FILES: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'dockercompose', scheme: 'file' },
];

export function registerLiveFeature(context: vscode.ExtensionContext, swarm: SwarmFeature): { model: LiveModel; disposables: vscode.Disposable[] } {
  const images = new ImageArchCache(
    () => swarm.connections.engine(),
    () => model.invalidate(),
  );
  const volumes = new VolumeDriverCache(
    () => swarm.connections.engine(),
    () => model.invalidate(),
  );
  const model: LiveModel = new LiveModel(context, swarm.watcher, swarm.connections, new FileRevisionStore(defaultStateDir(process.env, homedir())), {
    imageArch: images.archOf,
    volumeDrivers: volumes.drivers,
  });
  const documents = new LiveStackDocuments(model);
  // Running counts and failing tasks come from tasks, which have no events: poll while a live stack file is visible.
  let lease: vscode.Disposable | undefined;
  const followTasks = () => {
    const wanted = vscode.window.visibleTextEditors.some((e) => model.get(e.document).kind === 'live');
    if (wanted && !lease) lease = swarm.watcher.watchTasks();
    else if (!wanted && lease) {
      lease.dispose();
      lease = undefined;
    }
  };
  // The Stacks view marks the services the open stack files drifted from (the lenses' drift, not a second computation),
  // and those of the stack files the workspace knows without their being open.
  const known = new WorkspaceStacks(model.store, () => swarm.connections.active()?.endpoint?.id);
  const markDrift = () => {
    const drifted = model.driftedServices();
    const snapshot = swarm.watcher.lastSnapshot;
    if (snapshot && swarm.watcher.current.kind !== 'error' && liveEnabled()) {
      const open = new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => d.uri.fsPath));
      for (const [name, fields] of known.drifted(snapshot, open)) if (!drifted.has(name)) drifted.set(name, fields);
    }
    swarm.markDrift(drifted);
  };
  const disposables: vscode.Disposable[] = [
    swarm.connections.onDidChange(() => {
      images.reset();
      volumes.reset();
    }),
    model.onDidChange(followTasks),
    model.onDidChange(markDrift),
    known,
    known.onDidChange(markDrift),
    new LiveDiagnosticsPublisher(model, markDrift),
    vscode.workspace.onDidCloseTextDocument(markDrift),
    vscode.languages.registerCompletionItemProvider(
      STACK_FILES,
      new ClusterCompletionProvider(swarm.watcher, () => swarm.connections.active()?.label ?? 'Docker'),
      ...CLUSTER_COMPLETION_TRIGGERS,
    ),
    vscode.window.onDidChangeVisibleTextEditors(followTasks),
    { dispose: () => lease?.dispose() },
    model,
    documents,
    swarm.watcher.onChange((s) => {
      if (s.kind !== 'loading') model.invalidate();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('swarmPilot.live')) model.invalidate();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => documents.fileChanged(e.document.uri)),
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, documents),
    vscode.languages.registerCodeLensProvider(STACK_FILES, new DriftLensProvider(model)),
    vscode.commands.registerCommand(COMPARE_COMMAND, (arg?: unknown) => compareWithRunning(model, arg)),
    vscode.commands.registerCommand(CHOOSE_STACK_COMMAND, (arg?: unknown) => chooseStack(model, arg)),
  ];
  return { model, disposables };
}
