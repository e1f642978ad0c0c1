// Service operations from the palette and the Stacks view: roll back, scale, force update, remove (each followed
// to its outcome with the failing tasks' errors), and the read-only ones: logs and inspect.
import * as vscode from 'vscode';
import {
  forceUpdateService,
  OpRefused,
  shortImage,
  removeService,
  rollbackService,
  scaleService,
  watchServiceUpdate,
  type ServiceSummary,
  type WatchResult,
} from '../swarm';
import type { SwarmElement } from '../views/swarmItems';
import { inspectUri, type InspectDocuments, type InspectKind } from './inspectDocuments';
import type { ServiceLogChannels } from './serviceLogs';
import { Cancelled, confirm, engineOf, serviceArg, swarmCommand, withCancellableProgress, type SwarmCommandDeps } from './support';

/** Follows the service after a change and says how it ended; failing tasks' errors are part of the message. */
async function follow(d: SwarmCommandDeps, s: ServiceSummary, title: string): Promise<WatchResult> {
  const engine = await engineOf(d);
  const result = await withCancellableProgress(title, (report, signal) => watchServiceUpdate(engine, s.id, { signal, onProgress: (m) => report(m) }));
  const errors = [...new Set(result.failedTasks.map((t) => t.error))].slice(0, 3);
  const text = `Swarm Pilot: ${s.name}: ${result.outcome}${errors.length ? ` — failed tasks: ${errors.join('; ')}` : ''}`;
  if (result.outcome === 'converged' || result.outcome === 'rolled back') void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(text);
  return result;
}

async function rollback(d: SwarmCommandDeps, arg: unknown): Promise<WatchResult> {
  const s = await serviceArg(d, arg, 'Roll Back Service');
  const svc = await (await engineOf(d)).inspectService(s.id);
  if (!svc.PreviousSpec) throw new OpRefused(`${s.name} has no previous spec to roll back to: it was never updated.`);
  const image = (spec: typeof svc.Spec) => shortImage((spec?.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec?.Image ?? '?');
  await confirm(
    `Roll back ${s.name} to its previous spec?`,
    `Image now ${image(svc.Spec)}, before ${image(svc.PreviousSpec)}. Its tasks are replaced following its rollback_config.`,
    'Roll Back',
  );
  await rollbackService(await engineOf(d), s.id);
  return follow(d, s, `Rolling back ${s.name}`);
}

async function scale(d: SwarmCommandDeps, arg: unknown, given?: unknown): Promise<WatchResult> {
  const s = await serviceArg(d, arg, 'Scale Service');
  if (s.mode !== 'replicated') throw new OpRefused(`${s.name} runs in ${s.mode} mode: only replicated services scale.`);
  const text =
    typeof given === 'number'
      ? String(given)
      : await vscode.window.showInputBox({
          title: `Swarm Pilot: scale ${s.name}`,
          prompt: `Replicas (now ${s.desired})`,
          value: String(s.desired),
          validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A whole number, 0 or more'),
        });
  if (text === undefined) throw new Cancelled();
  const replicas = Number(text.trim());
  if (replicas === 0) await confirm(`Scale ${s.name} to 0?`, 'Every task of the service stops.', 'Scale to 0');
  await scaleService(await engineOf(d), s.id, replicas);
  return follow(d, s, `Scaling ${s.name} to ${replicas}`);
}

async function forceUpdate(d: SwarmCommandDeps, arg: unknown): Promise<WatchResult> {
  const s = await serviceArg(d, arg, 'Force Update Service');
  await confirm(`Redeploy ${s.name}?`, 'Every task is replaced with the same spec (docker service update --force), following its update_config.', 'Redeploy');
  await forceUpdateService(await engineOf(d), s.id);
  return follow(d, s, `Redeploying ${s.name}`);
}

async function remove(d: SwarmCommandDeps, arg: unknown): Promise<void> {
  const s = await serviceArg(d, arg, 'Remove Service');
  await confirm(
    `Remove service ${s.name}?`,
    `Its ${s.running} running task(s) stop. ${s.stack ? `A later deploy of stack ${s.stack} creates it again.` : 'This cannot be undone.'}`,
    'Remove',
  );
  await removeService(await engineOf(d), s.id);
  void vscode.window.showInformationMessage(`Swarm Pilot: removed ${s.name}.`);
}

/** The tree row's kind, id and name for Inspect. */
function inspectTarget(el: SwarmElement): { kind: InspectKind; id: string; name: string } | undefined {
  switch (el.type) {
    case 'node':
    case 'down-node':
      return { kind: 'node', id: el.node.ID, name: el.node.Description?.Hostname ?? el.node.ID };
    case 'service':
      return { kind: 'service', id: el.service.id, name: el.service.name };
    case 'task':
      return { kind: 'task', id: el.task.ID, name: `${el.service.name}.${el.task.Slot ?? el.task.ID.slice(0, 12)}` };
    case 'object':
      return { kind: el.kind, id: el.id, name: el.name };
    default:
      return undefined;
  }
}

export function registerServiceCommands(d: SwarmCommandDeps, logs: ServiceLogChannels, inspect: InspectDocuments): vscode.Disposable[] {
  const op = (id: string, what: string, fn: (...a: unknown[]) => Promise<unknown>) => swarmCommand(d, id, what, { changesSwarm: true }, fn);
  const read = (id: string, what: string, fn: (...a: unknown[]) => Promise<unknown>) => swarmCommand(d, id, what, { changesSwarm: false }, fn);
  return [
    op('swarmPilot.rollbackService', 'Roll back service', (a) => rollback(d, a)),
    op('swarmPilot.scaleService', 'Scale service', (a, v) => scale(d, a, v)),
    op('swarmPilot.forceUpdateService', 'Redeploy service', (a) => forceUpdate(d, a)),
    op('swarmPilot.removeService', 'Remove service', (a) => remove(d, a)),
    read('swarmPilot.showServiceLogs', 'Show service logs', async (a) => {
      const s = await serviceArg(d, a, 'Show Service Logs');
      await logs.follow(await engineOf(d), s);
      return s.name;
    }),
    read('swarmPilot.showTaskLogs', 'Show task logs', async (a) => {
      const el = a as SwarmElement | undefined;
      if (el?.type !== 'task') throw new OpRefused('Show Task Logs works on a task row of the Stacks view');
      await logs.followTask(await engineOf(d), el.task, el.service);
      return el.task.ID;
    }),
    read('swarmPilot.inspect', 'Inspect', async (a) => {
      const target = a ? inspectTarget(a as SwarmElement) : undefined;
      const t = target ?? (({ id, name }) => ({ kind: 'service' as const, id, name }))(await serviceArg(d, a, 'Inspect Service'));
      const format = vscode.workspace.getConfiguration('swarmPilot').get<'json' | 'yaml'>('inspectFormat', 'json');
      const uri = inspectUri(t.kind, t.id, t.name, format);
      inspect.reload(uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true });
      return uri.toString();
    }),
  ];
}
