import { asMap, type StackCheck } from '../context';
import { valueAt } from '../rules/common';
import { adviceRule, replicaCount } from './common';

export const replicasPerNodeRule = adviceRule(
  'stack-replicas-per-node',
  'Advice: `max_replicas_per_node` × the nodes of the connected swarm is less than `replicas`: the extra tasks stay pending ("max replicas per node limit exceed").',
  'swarmkit manager/scheduler/filter.go MaxReplicasFilter',
);

export const hostPortReplicasRule = adviceRule(
  'stack-host-port-replicas',
  'Advice: more than one replica with a `mode: host` published port: only one task per node can bind the port, so replicas beyond the number of eligible nodes stay pending.',
  'swarmkit manager/scheduler/filter.go HostPortFilter',
);

export const checkReplicaPlacement: StackCheck = (ctx) => {
  const nodes = ctx.settings.swarmNodeCount;
  ctx.eachService('readiness-placement', (name, svc) => {
    const replicas = replicaCount(svc);
    if (replicas === undefined || replicas <= 1) return;
    const perNode = valueAt(svc, ['deploy', 'placement', 'max_replicas_per_node']);
    if (nodes !== undefined && typeof perNode === 'number' && perNode > 0 && perNode * nodes < replicas) {
      ctx.report(
        replicasPerNodeRule,
        ctx.valueRange(['services', name, 'deploy', 'placement', 'max_replicas_per_node']),
        `service ${name}: max_replicas_per_node ${perNode} × ${nodes} nodes = ${perNode * nodes} < replicas ${replicas}: ${replicas - perNode * nodes} task(s) will stay pending`,
      );
    }
    if (perNode === 1) return; // one task per node already: no two tasks can meet on a host port
    const ports = valueAt(svc, ['ports']);
    if (!Array.isArray(ports)) return;
    ports.forEach((p, i) => {
      const port = asMap(p);
      if (port?.mode !== 'host' || port.published === undefined) return;
      if (nodes !== undefined && replicas <= nodes) return;
      ctx.report(
        hostPortReplicasRule,
        ctx.keyRange(['services', name, 'ports', i]),
        `service ${name}: ${replicas} replicas publish port ${String(port.published)} in host mode: only one task per node can bind it, so ${nodes === undefined ? 'replicas beyond the number of eligible nodes' : `${replicas - nodes} task(s)`} stay pending; use mode: ingress, global mode, or max_replicas_per_node: 1`,
      );
    });
  });
};
