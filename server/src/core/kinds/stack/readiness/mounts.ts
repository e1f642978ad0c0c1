import { asMap, type StackCheck } from '../context';
import { parseVolumeSpec } from '../../../stackModel/volumeSpec';
import { adviceRule } from './common';

export const bindMountRule = adviceRule(
  'stack-bind-mount',
  'Advice: a bind mount of a host path: the path must exist on every node the task may be scheduled on, or the task is rejected ("invalid mount config … bind source path does not exist").',
  'moby daemon/cluster/executor/container/validate.go (bind source must exist on the node)',
);

/** The bind source of a short- or long-syntax volume entry, or undefined for named volumes, tmpfs and npipes. */
function bindSource(entry: unknown): string | undefined {
  if (typeof entry === 'string') {
    const r = parseVolumeSpec(entry);
    return 'volume' in r && r.volume.type === 'bind' ? r.volume.source : undefined;
  }
  const m = asMap(entry);
  return m?.type === 'bind' && typeof m.source === 'string' ? m.source : undefined;
}

export const checkBindMounts: StackCheck = (ctx) => {
  ctx.eachService('readiness-mounts', (name, svc) => {
    if (!Array.isArray(svc.volumes)) return;
    svc.volumes.forEach((entry, i) => {
      const source = bindSource(entry);
      if (source === undefined) return;
      ctx.report(
        bindMountRule,
        ctx.valueRange(['services', name, 'volumes', i]),
        `service ${name} bind-mounts ${source} from the host: it must exist on every node the task can run on (or constrain the service to the nodes that have it)`,
      );
    });
  });
};
