// A synthetic swarm model (the explorer's SwarmSnapshot) of N nodes, for the cluster completion's unit tests and the
// bench's completion latency: node i is host-i (nodeid<i>, the first a manager), with the given labels and an
// engine label disk=ssd|hdd; a few secrets, configs and networks.
import type { SwarmNode } from '../../client/src/engine';
import type { SwarmSnapshot } from '../../client/src/swarm';

export const syntheticNode = (i: number, labels: Record<string, string>): SwarmNode =>
  ({
    ID: `nodeid${i}`,
    Spec: { Role: i === 0 ? 'manager' : 'worker', Availability: 'active', Labels: labels },
    Description: { Hostname: `host-${i}`, Platform: { OS: 'linux', Architecture: 'x86_64' }, Engine: { Labels: { disk: i % 2 ? 'hdd' : 'ssd' } } },
    Status: { State: 'ready' },
  }) as unknown as SwarmNode;

export const syntheticSnapshot = (nodes: SwarmNode[]): SwarmSnapshot => ({
  takenAt: 1,
  nodes,
  services: [],
  tasks: [],
  secrets: [
    { id: 's1', name: 'db_password' },
    { id: 's2', name: 'tls_key', stack: 'web' },
  ],
  configs: [{ id: 'c1', name: 'app_conf' }],
  networks: [
    { id: 'n1', name: 'edge', scope: 'swarm' },
    { id: 'n2', name: 'bridge', scope: 'local' },
  ],
  swarm: {},
});

/** N nodes in 5 zones, each its own rack, every 7th with gpu=yes: the 50-node model of the completion figures. */
export const syntheticCluster = (n: number): SwarmSnapshot =>
  syntheticSnapshot(Array.from({ length: n }, (_, i) => syntheticNode(i, { zone: `eu-${i % 5}`, rack: `r${i}`, ...(i % 7 ? {} : { gpu: 'yes' }) })));
