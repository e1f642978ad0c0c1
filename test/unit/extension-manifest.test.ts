// The extension manifest's promises about safety and wiring: every command that changes a swarm is disabled in
// untrusted workspaces, daemon connections are machine-scoped, every contributed command is registered in code,
// and every menu entry names a contributed command.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const commands: { command: string; enablement?: string; title: string }[] = pkg.contributes.commands;

/** Source of the client, where commands are registered. */
function clientSource(): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.ts')) out.push(readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(join(root, 'client', 'src'));
  return out.join('\n');
}

test('every command that changes a swarm requires a trusted workspace', () => {
  const src = clientSource();
  // In code, swarm-changing commands are the ones registered with { changesSwarm: true }.
  const changing = [...src.matchAll(/'(swarmPilot\.[A-Za-z]+)', '[^']+', \{ changesSwarm: true \}/g)].map((m) => m[1]);
  const viaOp = [...src.matchAll(/op\('(swarmPilot\.[A-Za-z]+)'/g)].map((m) => m[1]);
  const all = [...new Set([...changing, ...viaOp])];
  for (const expected of [
    'swarmPilot.drainNode',
    'swarmPilot.removeNode',
    'swarmPilot.rollbackService',
    'swarmPilot.removeService',
    'swarmPilot.deployStack',
    'swarmPilot.rollbackStack',
    'swarmPilot.pauseNode',
    'swarmPilot.activateNode',
    'swarmPilot.removeStack',
    'swarmPilot.createSecret',
    'swarmPilot.removeSecret',
    'swarmPilot.rotateSecret',
    'swarmPilot.createConfig',
    'swarmPilot.removeConfig',
    'swarmPilot.rotateConfig',
    'swarmPilot.rebalanceSwarm',
    'swarmPilot.rebalanceStack',
    'swarmPilot.rebalanceService',
    'swarmPilot.openShell',
    'swarmPilot.deployToFleet',
    'swarmPilot.resumeFleet',
    'swarmPilot.rollbackFleet',
  ]) {
    assert.ok(all.includes(expected), `${expected} is registered as a swarm-changing command`);
  }
  for (const id of all) {
    const c = commands.find((x) => x.command === id);
    assert.ok(c, `${id} is contributed`);
    assert.equal(c.enablement, 'isWorkspaceTrusted', `${id} is disabled in untrusted workspaces`);
  }
  // The read-only ones stay available.
  for (const id of [
    'swarmPilot.inspect',
    'swarmPilot.showServiceLogs',
    'swarmPilot.showStackLogs',
    'swarmPilot.showTaskLogs',
    'swarmPilot.refreshSwarm',
    'swarmPilot.refreshFleet',
    'swarmPilot.openFleetTarget',
  ])
    assert.equal(commands.find((x) => x.command === id)?.enablement, undefined, id);
});

test('connections that point at a daemon are machine-scoped settings', () => {
  const p = pkg.contributes.configuration.properties['swarmPilot.connections'];
  assert.equal(p.scope, 'machine');
  assert.equal(pkg.contributes.configuration.properties['swarmPilot.nodeConnections'].scope, 'machine');
  assert.match(clientSource(), /inspect<NodeConnectionSetting\[\]>\('nodeConnections'\)\?\.globalValue/, 'only the user value of nodeConnections is read');
  assert.match(clientSource(), /inspect<ConnectionSetting\[\]>\('connections'\)\?\.globalValue/, 'only the user value is read');
});

test('every contributed command is registered, and every menu entry names a contributed command', () => {
  const src = clientSource();
  for (const c of commands) assert.ok(src.includes(`'${c.command}'`), `${c.command} is registered in client/src`);
  const ids = new Set(commands.map((c) => c.command));
  for (const [menu, entries] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
    for (const e of entries) assert.ok(ids.has(e.command), `${menu}: ${e.command} is contributed`);
  }
});

test('node context menus offer only the availability changes that apply', () => {
  const items: { command: string; when: string }[] = pkg.contributes.menus['view/item/context'];
  const when = (id: string) => items.find((i) => i.command === id)!.when;
  // The tree's contextValue is swarmPilot.node.<availability>.<role>; emulate VS Code's =~ matching.
  const applies = (id: string, contextValue: string) =>
    when(id)
      .split('&&')
      .map((c) => c.trim())
      .every((c) => {
        const m = /^viewItem =~ \/(.+)\/$/.exec(c);
        if (m) return new RegExp(m[1]).test(contextValue);
        if (c.startsWith('view ==')) return c === 'view == swarmPilot.nodes';
        return true;
      });
  assert.equal(applies('swarmPilot.drainNode', 'swarmPilot.node.active.worker'), true);
  assert.equal(applies('swarmPilot.drainNode', 'swarmPilot.node.drain.worker'), false);
  assert.equal(applies('swarmPilot.activateNode', 'swarmPilot.node.drain.worker'), true);
  assert.equal(applies('swarmPilot.activateNode', 'swarmPilot.node.active.worker'), false);
  assert.equal(applies('swarmPilot.promoteNode', 'swarmPilot.node.active.worker'), true);
  assert.equal(applies('swarmPilot.demoteNode', 'swarmPilot.node.active.worker'), false);
  assert.equal(applies('swarmPilot.demoteNode', 'swarmPilot.node.active.manager'), true);
});
