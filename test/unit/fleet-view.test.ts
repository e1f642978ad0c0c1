// The Fleet view's pure parts: which user connection a fleet target may use (never the file's own host or TLS),
// the rows and groups the view shows, and the wave plan preview of Deploy to Fleet.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { contextDirName, listConnections, type ConnectionSetting } from '../../client/src/engine';
import { computeWaves, FleetRunner, newRunState, parseFleetFile, readRunState, type FleetTarget, type TargetPlan } from '../../client/src/fleet';
import { connectionWord, groupRows, labelKeys, targetDescription, targetTooltip, type TargetRow } from '../../client/src/fleetView/fleetRows';
import { NOT_ALLOWED_HINT, targetConnection } from '../../client/src/fleetView/targetConnections';
import { formatWavePreview, previewSummary } from '../../client/src/fleetView/wavePreview';

const home = mkdtempSync(join(tmpdir(), 'fleet-view-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** A docker context in the (temporary) context store, as `docker context create` writes it. */
function dockerContext(name: string, host: string): void {
  const dir = join(home, '.docker', 'contexts', 'meta', contextDirName(name));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
}
dockerContext('line-1', 'unix:///run/line-1.sock');

const entries = (settings: ConnectionSetting[]) => listConnections({ settings, env: {}, homedir: home, platform: 'linux' }).entries;
const target = (t: Partial<FleetTarget> & { name: string }): FleetTarget => ({ labels: {}, ...t });

describe('targetConnection: user connections only', () => {
  test('a target with a context uses that docker context', () => {
    const c = targetConnection(target({ name: 'a', context: 'line-1' }), entries([]));
    assert.ok(c.allowed);
    assert.equal(c.entryId, 'context:line-1');
    assert.equal(c.endpoint.host, 'unix:///run/line-1.sock');
    // The id the CLI's fleet uses for this target, so both share revisions.
    assert.equal(c.endpoint.id, 'setting:line-1');
    assert.match(c.via, /docker context line-1 \(same context\)/);
  });

  test('a host the user settings do not name is not allowed', () => {
    const c = targetConnection(target({ name: 'b', host: 'tcp://10.0.0.12:2376' }), entries([{ name: 'other', host: 'tcp://10.0.0.13:2376' }]));
    assert.equal(c.allowed, false);
    assert.ok(!c.allowed && c.reason.endsWith(NOT_ALLOWED_HINT));
  });

  test('a host matched by a user setting uses that setting, not the TLS options of the file', () => {
    const c = targetConnection(
      target({ name: 'b', host: 'tcp://10.0.0.12:2376', tls: true, tlsVerify: true, certPath: '/nonexistent/from-the-workspace' }),
      entries([{ name: 'line two', host: 'tcp://10.0.0.12:2376' }]),
    );
    assert.ok(c.allowed);
    assert.equal(c.entryId, 'setting:line two');
    assert.equal(c.endpoint.tls, undefined, 'no TLS material from the workspace file');
    assert.equal(c.endpoint.id, 'setting:tcp://10.0.0.12:2376');
    assert.match(c.via, /user setting "line two" \(same host\)/);
  });

  test('host forms are compared normalised (unix path)', () => {
    const c = targetConnection(target({ name: 'x', host: 'unix:///run/line-1.sock' }), entries([]));
    assert.ok(c.allowed, 'the docker context with that host');
    assert.equal(c.entryId, 'context:line-1');
  });

  test('a user setting with the target name is used', () => {
    const c = targetConnection(target({ name: 'edge-7', host: 'ssh://root@edge-7' }), entries([{ name: 'edge-7', host: 'unix:///run/edge-7.sock' }]));
    assert.ok(c.allowed);
    assert.equal(c.endpoint.host, 'unix:///run/edge-7.sock');
    assert.match(c.via, /same name/);
  });

  test('a context the store lacks is not allowed and says so', () => {
    const c = targetConnection(target({ name: 'z', context: 'nope' }), entries([]));
    assert.ok(!c.allowed);
    assert.match(c.reason, /no docker context nope; not allowed: add it to swarmPilot\.connections in your user settings/);
  });

  test('a matching setting that does not resolve is refused with its error', () => {
    const c = targetConnection(
      target({ name: 't', host: 'tcp://10.0.0.9:2376' }),
      entries([{ name: 't', host: 'tcp://10.0.0.9:2376', tlsVerify: true, certPath: join(home, 'missing') }]),
    );
    assert.ok(!c.allowed);
    assert.match(c.reason, /does not resolve: TLS is on/);
  });
});

const FLEET = `
targets:
  - {name: a, context: line-1, labels: {ring: canary, site: north}}
  - {name: b, host: tcp://10.0.0.12:2376, labels: {ring: main, site: north}}
  - {name: c, host: tcp://10.0.0.13:2376, labels: {ring: main}}
rollout:
  byLabel: ring
  failureBudget: 1
  onBudgetExceeded: rollback
`;

describe('Fleet view rows', () => {
  const fleet = parseFleetFile(FLEET, '/w/edge.fleet.yaml');
  const waves = computeWaves(fleet);
  const list = entries([{ name: 'b', host: 'tcp://10.0.0.12:2376' }]);
  const rows: TargetRow[] = fleet.targets.map((t) => ({
    name: t.name,
    wave: waves.findIndex((w) => w.includes(t.name)),
    labels: t.labels,
    connection: targetConnection(t, list),
  }));

  test('grouped by wave, in rollout order, with this rollout’s counts', () => {
    const run = newRunState(fleet.name, 'web', waves);
    run.targets.a = { wave: 0, status: 'succeeded', revision: 'r2', changed: true };
    run.targets.b = { wave: 1, status: 'deploying' };
    const groups = groupRows(rows, waves, { by: 'wave' }, run);
    assert.deepEqual(
      groups.map((g) => [g.label, g.targets.map((t) => t.name), g.description]),
      [
        ['Wave 1', ['a'], '1 target · 1 succeeded'],
        ['Wave 2', ['b', 'c'], '2 targets · 1 deploying, 1 pending'],
      ],
    );
  });

  test('grouped by a label, targets without it last', () => {
    const groups = groupRows(rows, waves, { by: 'label', key: 'site' });
    assert.deepEqual(
      groups.map((g) => [g.label, g.targets.map((t) => t.name)]),
      [
        ['site=north', ['a', 'b']],
        ['(no site)', ['c']],
      ],
    );
    assert.deepEqual(labelKeys(fleet), ['ring', 'site']);
  });

  test('a target row says connection state, revision and result', () => {
    const [a, b, c] = rows;
    assert.equal(connectionWord(c), 'not allowed');
    assert.equal(targetDescription(c), 'not allowed');
    assert.match(targetTooltip(c), /not allowed: add it to swarmPilot\.connections in your user settings/);
    assert.equal(targetDescription(a), 'unknown');
    const up = { ...a, live: { reachable: true, revision: 'r2', services: 3 }, state: { wave: 0, status: 'succeeded' as const, revision: 'r2' } };
    assert.equal(targetDescription(up), 'up · rev r2 · succeeded');
    const down = { ...b, live: { reachable: false, error: 'connect ECONNREFUSED' } };
    assert.equal(targetDescription(down), 'unreachable');
    assert.match(targetTooltip(down), /unreachable: connect ECONNREFUSED/);
    assert.equal(targetDescription({ ...b, live: { reachable: true, services: 0 } }), 'up · not deployed');
  });

  test('the wave preview lists every wave and target, refused ones with the reason', () => {
    const plans: TargetPlan[] = [
      { target: 'a', wave: 0, reachable: false, error: 'connect ENOENT /run/line-1.sock' },
      { target: 'b', wave: 1, reachable: true, error: 'boom\nmore' },
      { target: 'c', wave: 1, reachable: false, error: 'not allowed: add it to swarmPilot.connections in your user settings' },
    ];
    const connections = new Map(rows.map((r) => [r.name, r.connection]));
    const text = formatWavePreview({ fleet, fleetPath: 'edge.fleet.yaml', stack: 'web', stackPath: 'web-stack.yml', waves, plans, connections, errors: [] });
    assert.match(text, /^# Deploy to Fleet: stack web \(web-stack\.yml\) to fleet edge \(edge\.fleet\.yaml\)/);
    assert.match(text, /on budget exceeded: rollback/);
    assert.match(text, /wave 1 \(failure budget 0\)\n {2}a {16}unreachable: connect ENOENT \/run\/line-1\.sock via docker context line-1/);
    assert.match(text, /wave 2 \(failure budget 1\)\n {2}b {16}not planned: boom via user setting "b"/);
    assert.match(text, / {2}c {16}not allowed: add it to swarmPilot\.connections/);
    assert.equal(previewSummary(plans, connections), '0 target(s) to change, 1 unreachable, 1 not allowed, 1 not planned');
  });
});

describe('a target the connect hook refuses (VS Code: not in the user connections)', () => {
  const refuse = (t: FleetTarget): never => {
    throw new Error(`${t.name}: ${NOT_ALLOWED_HINT}`);
  };
  const runner = (unreachable: 'skip' | 'fail') =>
    new FleetRunner({
      fleet: parseFleetFile(
        `targets: [{name: far, host: "tcp://10.9.9.9:2376"}]\nrollout: {unreachable: ${unreachable}, failureBudget: 1}\n`,
        '/w/r.fleet.yaml',
      ),
      stack: 'web',
      files: [{ path: '/w/web-stack.yml', text: 'services: {web: {image: probe/busybox:1}}\n' }],
      env: {},
      homedir: home,
      validate: () => [],
      stateDir: join(home, `state-${unreachable}`),
      connect: refuse,
    });

  test('is planned as unreachable with the reason, and skipped by deploy without retries', async () => {
    const plan = await runner('skip').plan();
    assert.deepEqual(
      plan.targets.map((t) => [t.target, t.reachable, t.error]),
      [['far', false, `far: ${NOT_ALLOWED_HINT}`]],
    );
    const started = Date.now();
    const r = runner('skip');
    const result = await r.deploy();
    assert.ok(Date.now() - started < 5000, 'no reachability retries for a refused target');
    assert.equal(result.outcome, 'failed');
    const t = readRunState(r.statePath)?.targets.far;
    assert.equal(t?.status, 'skipped');
    assert.equal(t?.message, `far: ${NOT_ALLOWED_HINT}`);
  });

  test('fails it under unreachable: fail', async () => {
    const r = runner('fail');
    await r.deploy();
    assert.equal(readRunState(r.statePath)?.targets.far.status, 'failed');
  });
});
