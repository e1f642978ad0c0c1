// Rebalance from the Stacks view (a service or a stack) and the Recovery view (the whole swarm): the expected moves
// in a QuickPick with checkboxes (services whose data stays on the node are unticked), a modal confirmation, then
// force updates a few at a time, followed to convergence, and the new spread.
import * as vscode from 'vscode';
import { moveLine, outcomeLine, rebalance, skewedServices, takeSnapshot, type RebalanceOutcome, type ServiceSummary } from '../swarm';
import type { SwarmElement } from '../views/swarmItems';
import { Cancelled, confirm, engineOf, swarmCommand, withCancellableProgress, type SwarmCommandDeps } from './support';

async function run(d: SwarmCommandDeps, scope: string, only?: (s: ServiceSummary) => boolean): Promise<RebalanceOutcome[]> {
  const engine = await engineOf(d);
  const skewed = skewedServices(await takeSnapshot(engine), only);
  if (!skewed.length) {
    void vscode.window.showInformationMessage(`Swarm Pilot: nothing to rebalance in ${scope}: every service uses as many nodes as it can.`);
    return [];
  }
  const picks = await vscode.window.showQuickPick(
    skewed.map((s) => ({
      label: s.name,
      description: moveLine(s).slice(s.name.length + 2),
      detail: s.caution ? `left out by default: ${s.caution}` : undefined,
      picked: !s.caution,
      s,
    })),
    {
      title: `Swarm Pilot: rebalance ${scope}`,
      placeHolder: 'Services to force-update (their tasks are spread again over the eligible nodes)',
      canPickMany: true,
    },
  );
  if (!picks?.length) throw new Cancelled();
  await confirm(
    `Rebalance ${picks.length} service(s)?`,
    `${picks.map((p) => moveLine(p.s)).join('\n')}\n\nEach is force-updated (its tasks are replaced following its update_config), at most 2 at a time.`,
    'Rebalance',
  );
  const outcomes = await withCancellableProgress(`Rebalancing ${scope}`, (report, signal) =>
    rebalance(
      engine,
      picks.map((p) => p.s),
      { signal, onProgress: (m) => report(m) },
    ),
  );
  for (const o of outcomes) d.output.info(`rebalance: ${outcomeLine(o)}`);
  const text = `Swarm Pilot: ${outcomes.map(outcomeLine).join(' · ')}`;
  if (outcomes.every((o) => o.outcome === 'converged')) void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(text);
  return outcomes;
}

export function registerRebalanceCommands(d: SwarmCommandDeps): vscode.Disposable[] {
  const op = (id: string, what: string, fn: (...a: unknown[]) => Promise<unknown>) => swarmCommand(d, id, what, { changesSwarm: true }, fn);
  return [
    op('swarmPilot.rebalanceSwarm', 'Rebalance swarm', () => run(d, 'the swarm')),
    op('swarmPilot.rebalanceStack', 'Rebalance stack', (a) => {
      const el = a as SwarmElement | undefined;
      const stack = el?.type === 'stack' ? el.name : typeof a === 'string' ? a : undefined;
      return stack ? run(d, `stack ${stack}`, (s) => s.stack === stack) : run(d, 'the swarm');
    }),
    op('swarmPilot.rebalanceService', 'Rebalance service', (a) => {
      const el = a as SwarmElement | undefined;
      const service = el?.type === 'service' ? el.service : undefined;
      return service ? run(d, service.name, (s) => s.id === service.id) : run(d, 'the swarm');
    }),
  ];
}
