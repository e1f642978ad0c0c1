// "Open Shell" on a running task: a VS Code terminal (Pseudoterminal) attached to an exec with a TTY in the task's
// container, on the node that holds it (see swarm/taskShell.ts for how that node's daemon is reached). Keystrokes
// go to the exec, resizes follow the terminal, and the shell's exit closes the terminal with its status.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { nodeName } from '../deploy';
import type { EngineClient, SwarmTask } from '../engine';
import { clientForRoute, NODE_CONNECTIONS_SETTING, OpRefused, openShell, routeToNode, type NodeConnectionSetting, type ServiceSummary } from '../swarm';
import type { SwarmElement } from '../views/swarmItems';
import { engineOf, swarmCommand, type SwarmCommandDeps } from './support';

/** Per-node connections point at daemons: user (machine-scoped) settings only, like swarmPilot.connections. */
export function nodeConnectionSettings(): NodeConnectionSetting[] {
  const v = vscode.workspace.getConfiguration('swarmPilot').inspect<NodeConnectionSetting[]>('nodeConnections')?.globalValue;
  return Array.isArray(v) ? v.filter((c) => c && typeof c === 'object' && typeof c.node === 'string') : [];
}

function shellTerminal(name: string, client: EngineClient, owned: boolean, containerId: string, log: vscode.LogOutputChannel): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let session: Awaited<ReturnType<typeof openShell>> | undefined;
  const release = () => owned && client.close();
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dims) => {
      openShell(client, containerId, { cols: dims?.columns, rows: dims?.rows }).then(
        (s) => {
          session = s;
          s.stream.on('data', (d: Buffer) => write.fire(d.toString('utf8')));
          s.stream.on(
            'end',
            () =>
              void s.exitCode().then((code) => {
                release();
                close.fire(code ?? undefined);
              }),
          );
          s.stream.on('error', (err) => write.fire(`\r\n[Swarm Pilot] ${name}: ${err.message}\r\n`));
        },
        (err: Error) => {
          log.error(`Open shell in ${name}: ${err.message}`);
          write.fire(`[Swarm Pilot] cannot open a shell in ${name}: ${err.message}\r\n`);
          release();
        },
      );
    },
    close: () => {
      session?.stream.destroy();
      release();
    },
    handleInput: (data) => void session?.stream.write(data),
    setDimensions: (dims) => void session?.resize(dims.columns, dims.rows),
  };
}

async function open(d: SwarmCommandDeps, arg: unknown): Promise<string> {
  const el = arg as SwarmElement | undefined;
  if (el?.type !== 'task') throw new OpRefused('Open Shell works on a running task row of the Stacks view');
  const { task, service } = el as { task: SwarmTask; service: ServiceSummary };
  const containerId = (task.Status as { ContainerStatus?: { ContainerID?: string } } | undefined)?.ContainerStatus?.ContainerID;
  if (task.Status?.State !== 'running' || !containerId || !task.NodeID)
    throw new OpRefused(`${service.name}.${task.Slot ?? ''} is not running: a shell needs a running container`);
  const engine = await engineOf(d);
  const [node, info] = await Promise.all([engine.inspectNode(task.NodeID), engine.info()]);
  const route = routeToNode(node, engine.endpoint, nodeConnectionSettings(), info.swarm.nodeId || undefined, process.env, homedir());
  if (route.kind === 'none') {
    const choice = await vscode.window.showErrorMessage(`Swarm Pilot: ${route.reason}`, 'Open User Settings');
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: NODE_CONNECTIONS_SETTING } });
    return 'no route';
  }
  d.output.info(`Open shell in ${service.name}.${task.Slot ?? task.ID.slice(0, 12)} on ${nodeName(node)}: ${route.why}`);
  const { client, owned } = clientForRoute(route, engine);
  const name = `${service.name}.${task.Slot ?? task.ID.slice(0, 12)}@${nodeName(node)}`;
  vscode.window.createTerminal({ name, pty: shellTerminal(name, client, owned, containerId, d.output), iconPath: new vscode.ThemeIcon('terminal') }).show();
  return name;
}

export function registerShellCommands(d: SwarmCommandDeps): vscode.Disposable[] {
  return [swarmCommand(d, 'swarmPilot.openShell', 'Open shell', { changesSwarm: true }, (a) => open(d, a))];
}
