// Stack operations from the Stacks view and the palette: Show Stack Logs, Stop Following Stack Logs, and Remove Stack (lists what goes, asks, removes in docker
// stack rm's order, then waits until the networks are really gone and says so).
import * as vscode from 'vscode';
import { isEmptyStack, OpRefused, removalLines, removeStack, stackContents, type StackRemovalResult } from '../swarm';
import type { ServiceLogChannels } from './serviceLogs';
import { confirm, engineOf, revisionStore, stackArg, swarmCommand, withCancellableProgress, type SwarmCommandDeps } from './support';

async function remove(d: SwarmCommandDeps, arg: unknown): Promise<StackRemovalResult> {
  const stack = await stackArg(d, arg, 'Remove Stack', 'Stack to remove');
  const engine = await engineOf(d);
  const contents = await stackContents(engine, stack, { store: revisionStore() });
  if (isEmptyStack(contents)) throw new OpRefused(`nothing found in stack ${stack}`);
  await confirm(`Remove stack ${stack}?`, `${removalLines(contents).join('\n')}\n\nEvery task of the stack stops.`, 'Remove Stack');
  const result = await withCancellableProgress(`Removing stack ${stack}`, (report, signal) =>
    removeStack(engine, contents, { signal, onProgress: (m) => report(m) }),
  );
  const left = result.left.length ? ` Still there: ${result.left.join('; ')}.` : '';
  if (result.networksGone && !left)
    void vscode.window.showInformationMessage(`Swarm Pilot: stack ${stack} removed; its networks are gone (a new deploy can reuse the names).`);
  else
    void vscode.window.showWarningMessage(
      `Swarm Pilot: stack ${stack}: services removed${result.networksGone ? '' : ', but its networks are still there (a deploy now may fail)'}.${left}`,
    );
  return result;
}

export function registerStackCommands(d: SwarmCommandDeps, logs: ServiceLogChannels): vscode.Disposable[] {
  return [
    swarmCommand(d, 'swarmPilot.removeStack', 'Remove stack', { changesSwarm: true }, (a) => remove(d, a)),
    swarmCommand(d, 'swarmPilot.showStackLogs', 'Show stack logs', { changesSwarm: false }, async (a) => {
      const stack = await stackArg(d, a, 'Show Stack Logs', 'Stack whose logs to follow');
      await logs.followStack(await engineOf(d), stack);
      return stack;
    }),
    // The stack (a tree row or a name), the only one followed, or one picked; returns the stacks it stopped.
    swarmCommand(d, 'swarmPilot.stopStackLogs', 'Stop following stack logs', { changesSwarm: false }, async (a) => {
      const followed = logs.followedStacks();
      const named =
        typeof a === 'string' ? a : (a as { type?: string; name?: string } | undefined)?.type === 'stack' ? (a as { name: string }).name : undefined;
      if (named !== undefined) return logs.stopStack(named) ? [named] : [];
      if (followed.length === 0) {
        void vscode.window.showInformationMessage('Swarm Pilot: no stack logs are being followed.');
        return [];
      }
      const stack =
        followed.length === 1
          ? followed[0]
          : await vscode.window.showQuickPick(followed, { title: 'Swarm Pilot: Stop Following Stack Logs', placeHolder: 'Stack' });
      if (!stack) return [];
      logs.stopStack(stack);
      return [stack];
    }),
  ];
}
