import { defineRule } from '../../../rules/registry';
import { parseVolumeSpec } from '../../../stackModel/volumeSpec';
import type { ValuePath } from '../../../yaml/yamlDocument';
import { asMap, type StackCheck, type StackContext } from '../context';

export const duplicateMountRule = defineRule({
  code: 'stack-duplicate-mount',
  kinds: ['stack'],
  severity: 'error',
  description: 'Two `volumes` entries of one service (any syntax or type) with the same target.',
  source: 'moby/swarmkit manager/controlapi/service.go validateMounts (vendored in moby v27.5.1)',
});

export const mountOptionsRule = defineRule({
  code: 'stack-mount-options',
  kinds: ['stack'],
  severity: 'error',
  description:
    'A long-syntax mount stack deploy refuses: options of another mount type, a `source` its type forbids or needs, an unknown `type`, an unknown bind `propagation`.',
  source:
    'docker/cli cli/compose/convert/volume.go convertVolumeToMount and handle*ToMount (v27.5.1); moby daemon/cluster/convert/container.go containerToGRPC (v27.5.1)',
});

export const mountTargetRule = defineRule({
  code: 'stack-mount-target',
  kinds: ['stack'],
  severity: 'warning',
  description: 'A mount target that is not absolute, or is `/`: the service is created and every task is rejected on its node.',
  source: 'moby daemon/cluster/executor/container/validate.go validateMounts; volume/mounts/linux_parser.go validateMountConfigImpl (v27.5.1)',
});

export const mountReadOnlyRule = defineRule({
  code: 'stack-mount-readonly',
  kinds: ['stack'],
  severity: 'warning',
  description: 'A read-only anonymous volume: the service is created and every task fails to create its container.',
  source: 'moby volume/mounts/linux_parser.go validateMountConfigImpl (v27.5.1)',
});

/** Mount types and, per type, the option keys and source rule of its handle*ToMount, in the order it checks them. */
const HANDLERS: Record<string, { source: 'forbidden' | 'required' | 'optional'; options: readonly string[] }> = {
  volume: { source: 'optional', options: ['tmpfs', 'bind', 'cluster'] },
  bind: { source: 'required', options: ['volume', 'tmpfs', 'cluster'] },
  tmpfs: { source: 'forbidden', options: ['bind', 'volume', 'cluster'] },
  npipe: { source: 'required', options: ['volume', 'tmpfs'] },
  cluster: { source: 'required', options: ['tmpfs', 'bind', 'volume'] },
  // docker CLI 28 (the one the tests drive) mounts images; its own option checks are not modelled.
  image: { source: 'optional', options: [] },
};
const PROPAGATIONS = ['PRIVATE', 'RPRIVATE', 'SHARED', 'RSHARED', 'SLAVE', 'RSLAVE'];

/** The convert error of one long-syntax mount (the first one convert meets), reported where it is. */
function checkLongMount(ctx: StackContext, path: ValuePath, m: Record<string, unknown>): void {
  const type = m.type === undefined || m.type === null || m.type === '' ? 'volume' : String(m.type);
  const handler = HANDLERS[type];
  if (!handler) {
    ctx.report(
      mountOptionsRule,
      ctx.valueRange([...path, 'type']),
      'volume type must be volume, bind, tmpfs, npipe, or cluster (stack deploy refuses the service; use one of those types)',
      { data: { value: type } },
    );
    return;
  }
  const source = typeof m.source === 'string' ? m.source : '';
  if (handler.source === 'forbidden' && source !== '') {
    ctx.report(
      mountOptionsRule,
      ctx.keyRange([...path, 'source']),
      `invalid ${type} source, source must be empty (a ${type} mount has no source; remove \`source\`)`,
    );
    return;
  }
  if (handler.source === 'required' && source === '' && type !== 'bind') {
    // bind without source is the loader's error already (stack-volume-spec).
    ctx.report(mountOptionsRule, ctx.valueRange(path), `invalid ${type} source, source cannot be empty (add a \`source\` to this ${type} mount)`);
    return;
  }
  const misplaced = handler.options.find((k) => asMap(m[k]) !== undefined);
  if (misplaced) {
    ctx.report(
      mountOptionsRule,
      ctx.keyRange([...path, misplaced]),
      `${misplaced} options are incompatible with type ${type} (remove \`${misplaced}\`, or change \`type\` to ${misplaced})`,
    );
    return;
  }
  const propagation = asMap(m.bind)?.propagation;
  if (typeof propagation === 'string' && propagation !== '' && !PROPAGATIONS.includes(propagation.toUpperCase())) {
    ctx.report(
      mountOptionsRule,
      ctx.valueRange([...path, 'bind', 'propagation']),
      `invalid MountPropagation: "${propagation}" (use one of ${PROPAGATIONS.map((p) => p.toLowerCase()).join(', ')})`,
      { data: { value: propagation } },
    );
  }
}

/** `/` once cleaned like Go's filepath.Clean (`//`, `/./`, `/..`). */
const isRoot = (target: string) => target.startsWith('/') && target.split('/').every((p) => p === '' || p === '.' || p === '..');

interface MountEntry {
  target: string | undefined;
  /** Where the target is written: the `target` value, or the whole entry. */
  targetPath: ValuePath;
  type: string;
  anonymousReadOnly: boolean;
  long: boolean;
}

function mountEntry(path: ValuePath, entry: unknown): MountEntry | undefined {
  if (typeof entry === 'string') {
    const parsed = parseVolumeSpec(entry);
    if ('error' in parsed) return undefined;
    const v = parsed.volume;
    return { target: v.target, targetPath: path, type: v.type, anonymousReadOnly: v.type === 'volume' && v.source === '' && v.readOnly, long: false };
  }
  const m = asMap(entry);
  if (!m) return undefined;
  const type = typeof m.type === 'string' && m.type !== '' ? m.type : 'volume';
  const target = typeof m.target === 'string' ? m.target : undefined;
  const anonymous = type === 'volume' && (typeof m.source !== 'string' || m.source === '');
  return { target, targetPath: target === undefined ? path : [...path, 'target'], type, anonymousReadOnly: anonymous && m.read_only === true, long: true };
}

export const checkMounts: StackCheck = (ctx) => {
  ctx.eachService('mounts', (name, svc) => {
    if (!Array.isArray(svc.volumes)) return;
    const seen = new Map<string, number>();
    svc.volumes.forEach((entry, i) => {
      const path = ['services', name, 'volumes', i];
      const m = asMap(entry);
      if (m) checkLongMount(ctx, path, m);
      const mount = mountEntry(path, entry);
      if (!mount) return;
      const target = mount.target ?? '';
      const first = seen.get(target);
      if (first !== undefined) {
        ctx.report(
          duplicateMountRule,
          ctx.valueRange(mount.targetPath),
          `ContainerSpec: duplicate mount point: ${target} (volumes[${i}] mounts on the same target as volumes[${first}]; remove one or give it another target)`,
          { data: { target } },
        );
      } else seen.set(target, i);
      if (mount.long && !target.startsWith('/')) {
        ctx.report(
          mountTargetRule,
          ctx.valueRange(mount.targetPath),
          `invalid mount target, must be an absolute path: ${target} (the service is created, then every task is rejected on its node; use an absolute path such as /${target || 'data'})`,
          { data: { target } },
        );
      } else if (mount.long && isRoot(target)) {
        ctx.report(
          mountTargetRule,
          ctx.valueRange(mount.targetPath),
          `invalid mount config for type "${mount.type}": invalid specification: destination can't be '/' (the service is created, then every task fails to create its container; mount on a directory below /)`,
          { data: { target } },
        );
      } else if (mount.anonymousReadOnly) {
        ctx.report(
          mountReadOnlyRule,
          ctx.valueRange(mount.long ? [...path, 'read_only'] : path),
          `invalid mount config for type "volume": must not set ReadOnly mode when using anonymous volumes (the service is created, then every task fails to create its container; name the volume, or drop read-only)`,
        );
      }
    });
  });
};
