// quorumLostState: the verdict built from the answering manager's /info when the swarm has no leader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SwarmNode } from '../../client/src/engine';
import { isNoLeaderError, quorumLostState } from '../../client/src/swarm/quorumLoss';

const info = {
  Swarm: {
    NodeID: 'm1',
    RemoteManagers: [
      { NodeID: 'm1', Addr: '10.0.0.1:2377' },
      { NodeID: 'm2', Addr: '10.0.0.2:2377' },
      { NodeID: 'm3', Addr: '10.0.0.3:2377' },
    ],
  },
};

test('the managers other than the answering one are unreachable, named by address without a node list', () => {
  const s = quorumLostState(info);
  assert.equal(s.lost, true);
  assert.deepEqual(
    s.unreachable.map((m) => m.addr),
    ['10.0.0.2:2377', '10.0.0.3:2377'],
  );
  assert.match(
    s.reason,
    /^quorum lost: the swarm has no leader \(3 managers, 2 needed\); unreachable managers: 10\.0\.0\.2:2377 \(node m2\), 10\.0\.0\.3:2377 \(node m3\); answering: 10\.0\.0\.1:2377/,
  );
});

test('hostnames come from the last node list when it has them', () => {
  const known = [{ ID: 'm3', Spec: { Role: 'manager' }, Description: { Hostname: 'mgr-3' } }] as unknown as SwarmNode[];
  assert.match(quorumLostState(info, known).reason, /unreachable managers: 10\.0\.0\.2:2377 \(node m2\), mgr-3 \(10\.0\.0\.3:2377\)/);
});

test('no-leader answers of the engine are recognised, other errors are not', () => {
  assert.ok(isNoLeaderError(new Error("rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online.")));
  assert.ok(isNoLeaderError(new Error('raft: failed to process the request: node lost leader status')));
  assert.ok(isNoLeaderError(new Error('rpc error: code = DeadlineExceeded desc = context deadline exceeded')));
  assert.ok(!isNoLeaderError(new Error('node not found')));
});

test('unreachable managers are listed in address order, whatever order raft lists its members in', () => {
  const [m1, m2, m3] = info.Swarm.RemoteManagers;
  const shuffled = { Swarm: { ...info.Swarm, RemoteManagers: [{ NodeID: 'm10', Addr: '10.0.0.10:2377' }, m3, m1, m2] } };
  assert.deepEqual(
    quorumLostState(shuffled).unreachable.map((m) => m.id),
    ['m2', 'm3', 'm10'],
  );
});
