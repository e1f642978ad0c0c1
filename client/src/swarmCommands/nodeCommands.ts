// Node operations from the palette and the Nodes view: drain (impact first, follow until the tasks run elsewhere),
// pause, activate, labels, promote/demote (quorum guard), remove.
import * as vscode from 'vscode';
import { nodeName } from '../deploy';
import type { SwarmNode } from '../engine';
import {
  analyzeDrain,
  checkQuorumChange,
  drainNode,
  followDrain,
  OpRefused,
  removeNode,
  removeNodeLabel,
  setAvailability,
  setNodeLabel,
  setRole,
  takeSnapshot,
  type DrainOutcome,
} from '../swarm';
import { Cancelled, confirm, engineOf, nodeArg, swarmCommand, withCancellableProgress, type SwarmCommandDeps } from './support';

const LABEL_RE = /^([^=\s]+)=(.*)$/;

async function drain(d: SwarmCommandDeps, arg: unknown): Promise<DrainOutcome> {
  const node = await nodeArg(d, arg, 'Drain Node', (n) => n.Spec.Availability !== 'drain');
  const engine = await engineOf(d);
  const impact = analyzeDrain(await takeSnapshot(engine), node.ID);
  const detail = impact.lines.join('\n');
  // An unsafe drain is refused unless the user explicitly overrides it.
  const choice = impact.safe
    ? await confirm(`Drain ${impact.node.hostname}?`, detail, 'Drain')
    : await confirm(
        `Draining ${impact.node.hostname} would leave replicas unplaceable`,
        `${detail}\n\nSwarm Pilot refuses this drain. Drain anyway only if those tasks may stay pending.`,
        'Drain Anyway',
      );
  // drainNode analyses again: the swarm may have changed while the dialog was open.
  const done = await drainNode(engine, node.ID, { override: choice === 'Drain Anyway' });
  const outcome = await withCancellableProgress(`Draining ${impact.node.hostname}`, (report, signal) =>
    followDrain(engine, done, { signal, onProgress: (p) => report(p.message) }),
  );
  if (outcome.done) void vscode.window.showInformationMessage(`Swarm Pilot: ${impact.node.hostname} drained; ${done.moving.length} task(s) now run elsewhere.`);
  else {
    const waiting = outcome.waiting.map((w) => `${w.service}${w.slot ? `.${w.slot}` : ''}: ${w.state}${w.error ? ` (${w.error})` : ''}`).join('; ');
    void vscode.window.showWarningMessage(
      `Swarm Pilot: ${impact.node.hostname} is drained, but ${outcome.waiting.length} task(s) do not run elsewhere yet: ${waiting}`,
    );
  }
  return outcome;
}

async function availability(d: SwarmCommandDeps, arg: unknown, to: 'pause' | 'active'): Promise<string> {
  const node = await nodeArg(d, arg, to === 'pause' ? 'Pause Node' : 'Activate Node', (n) => n.Spec.Availability !== to);
  await setAvailability(await engineOf(d), node.ID, to);
  return to;
}

async function addLabel(d: SwarmCommandDeps, arg: unknown, given?: unknown): Promise<void> {
  const node = await nodeArg(d, arg, 'Add Node Label');
  const text =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: `Swarm Pilot: add a label to ${nodeName(node)}`,
          prompt: 'key=value (placement constraints match it as node.labels.key == value)',
          validateInput: (v) => (LABEL_RE.test(v.trim()) ? undefined : 'Write key=value'),
        });
  if (text === undefined) throw new Cancelled();
  const m = LABEL_RE.exec(text.trim());
  if (!m) throw new OpRefused(`"${text}" is not key=value`);
  await setNodeLabel(await engineOf(d), node.ID, m[1], m[2]);
}

async function removeLabel(d: SwarmCommandDeps, arg: unknown, given?: unknown): Promise<void> {
  const node = await nodeArg(d, arg, 'Remove Node Label', (n) => Object.keys(n.Spec.Labels ?? {}).length > 0);
  const labels = Object.entries(node.Spec.Labels ?? {});
  if (!labels.length) throw new OpRefused(`${nodeName(node)} has no labels`);
  const key =
    typeof given === 'string'
      ? given
      : (
          await vscode.window.showQuickPick(
            labels.map(([k, v]) => ({ label: k, description: v })),
            { title: `Swarm Pilot: remove a label from ${nodeName(node)}` },
          )
        )?.label;
  if (!key) throw new Cancelled();
  // Services constrained on the label lose this node: say which before it happens.
  const snapshot = await takeSnapshot(await engineOf(d));
  const users = snapshot.services
    .filter((s) => JSON.stringify((s.service.Spec?.TaskTemplate as { Placement?: unknown } | undefined)?.Placement ?? {}).includes(`node.labels.${key}`))
    .map((s) => s.name);
  await confirm(
    `Remove label ${key} from ${nodeName(node)}?`,
    users.length
      ? `Placement constraints of ${users.join(', ')} use node.labels.${key}: their tasks may move or stay pending.`
      : 'No service constrains on this label.',
    'Remove Label',
  );
  await removeNodeLabel(await engineOf(d), node.ID, key);
}

async function role(d: SwarmCommandDeps, arg: unknown, to: 'manager' | 'worker'): Promise<void> {
  const node = await nodeArg(d, arg, to === 'manager' ? 'Promote Node' : 'Demote Node', (n) => n.Spec.Role !== to);
  if (to === 'worker') {
    const engine = await engineOf(d);
    const verdict = checkQuorumChange(await engine.listNodes(), node.ID, 'demote');
    if (!verdict.safe) throw new OpRefused(`Demoting ${nodeName(node)} is refused: ${verdict.reason}`);
    await confirm(`Demote ${nodeName(node)} to worker?`, verdict.reason, 'Demote');
  }
  await setRole(await engineOf(d), node.ID, to);
}

async function remove(d: SwarmCommandDeps, arg: unknown): Promise<void> {
  const node: SwarmNode = await nodeArg(d, arg, 'Remove Node');
  const engine = await engineOf(d);
  const verdict = checkQuorumChange(await engine.listNodes(), node.ID, 'remove');
  if (!verdict.safe) throw new OpRefused(`Removing ${nodeName(node)} is refused: ${verdict.reason}`);
  const down = node.Status?.State === 'down';
  // The Engine removes only nodes that are down; a live one needs --force (its tasks are rescheduled).
  const choice = await confirm(
    `Remove ${nodeName(node)} from the swarm?`,
    `${down ? 'The node is down.' : `The node is ${node.Status?.State ?? 'in an unknown state'}: it can only be removed by force, and its tasks are rescheduled elsewhere.`} ${verdict.reason}`,
    down ? 'Remove' : 'Remove by Force',
  );
  await removeNode(engine, node.ID, { force: choice === 'Remove by Force' });
}

export function registerNodeCommands(d: SwarmCommandDeps): vscode.Disposable[] {
  const op = (id: string, what: string, fn: (...a: unknown[]) => Promise<unknown>) => swarmCommand(d, id, what, { changesSwarm: true }, fn);
  return [
    op('swarmPilot.drainNode', 'Drain node', (a) => drain(d, a)),
    op('swarmPilot.pauseNode', 'Pause node', (a) => availability(d, a, 'pause')),
    op('swarmPilot.activateNode', 'Activate node', (a) => availability(d, a, 'active')),
    op('swarmPilot.addNodeLabel', 'Add node label', (a, v) => addLabel(d, a, v)),
    op('swarmPilot.removeNodeLabel', 'Remove node label', (a, v) => removeLabel(d, a, v)),
    op('swarmPilot.promoteNode', 'Promote node', (a) => role(d, a, 'manager')),
    op('swarmPilot.demoteNode', 'Demote node', (a) => role(d, a, 'worker')),
    op('swarmPilot.removeNode', 'Remove node', (a) => remove(d, a)),
  ];
}
