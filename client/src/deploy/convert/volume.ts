// docker/cli v27.5.1 cli/compose/convert/volume.go: service volumes as swarm mounts, with the same errors.
import type { ServiceVolumeConfig, VolumeConfig } from './composeTypes';
import { addStackLabel, type Namespace } from './compose';
import type { MountSpec } from './specTypes';

export function convertVolumes(volumes: ServiceVolumeConfig[] | undefined, stackVolumes: Record<string, VolumeConfig>, ns: Namespace): MountSpec[] {
  return (volumes ?? []).map((v) => convertVolumeToMount(v, stackVolumes, ns));
}

/** createMountFromVolume: the fields every mount type shares (Go omits the empty ones). */
function baseMount(v: ServiceVolumeConfig): MountSpec {
  return compact({
    Type: v.type || undefined,
    Source: v.source || undefined,
    Target: v.target || undefined,
    ReadOnly: v.readOnly || undefined,
    Consistency: v.consistency || undefined,
  });
}

const OPTION_KEYS = { volume: 'volume', bind: 'bind', tmpfs: 'tmpfs', cluster: 'cluster' } as const;

/** "<x> options are incompatible with type <t>" for the first option block that type does not take. */
function rejectOptions(v: ServiceVolumeConfig, type: string, allowed: (keyof typeof OPTION_KEYS)[], order: (keyof typeof OPTION_KEYS)[]): void {
  for (const key of order) {
    if (!allowed.includes(key) && v[key] !== undefined) throw new Error(`${key} options are incompatible with type ${type}`);
  }
}

export function convertVolumeToMount(v: ServiceVolumeConfig, stackVolumes: Record<string, VolumeConfig>, ns: Namespace): MountSpec {
  switch (v.type ?? '') {
    case 'volume':
    case '': {
      rejectOptions(v, 'volume', ['volume'], ['tmpfs', 'bind', 'cluster']);
      const result = baseMount(v);
      if (!v.source) return result;
      const stackVolume = stackVolumes[v.source];
      if (!stackVolume) throw new Error(`undefined volume "${v.source}"`);
      result.Source = stackVolume.name || ns.scope(v.source);
      const options: NonNullable<MountSpec['VolumeOptions']> = {};
      if (v.volume?.nocopy) options.NoCopy = true;
      if (!stackVolume.external?.external) {
        options.Labels = addStackLabel(ns, stackVolume.labels);
        if (stackVolume.driver || stackVolume.driverOpts) {
          options.DriverConfig = compact({
            Name: stackVolume.driver || undefined,
            Options: stackVolume.driverOpts && Object.keys(stackVolume.driverOpts).length ? stackVolume.driverOpts : undefined,
          });
        }
      }
      result.VolumeOptions = options;
      return result;
    }
    case 'bind': {
      if (!v.source) throw new Error('invalid bind source, source cannot be empty');
      rejectOptions(v, 'bind', ['bind'], ['volume', 'tmpfs', 'cluster']);
      const result = baseMount(v);
      if (v.bind) result.BindOptions = compact({ Propagation: v.bind.propagation || undefined });
      return result;
    }
    case 'tmpfs': {
      if (v.source) throw new Error('invalid tmpfs source, source must be empty');
      rejectOptions(v, 'tmpfs', ['tmpfs'], ['bind', 'volume', 'cluster']);
      const result = baseMount(v);
      if (v.tmpfs) result.TmpfsOptions = compact({ SizeBytes: v.tmpfs.size || undefined });
      return result;
    }
    case 'npipe': {
      if (!v.source) throw new Error('invalid npipe source, source cannot be empty');
      rejectOptions(v, 'npipe', ['bind', 'cluster'], ['volume', 'tmpfs']);
      const result = baseMount(v);
      if (v.bind) result.BindOptions = compact({ Propagation: v.bind.propagation || undefined });
      return result;
    }
    case 'cluster': {
      if (!v.source) throw new Error('invalid cluster source, source cannot be empty');
      rejectOptions(v, 'cluster', ['cluster'], ['tmpfs', 'bind', 'volume']);
      const result = baseMount(v);
      result.ClusterOptions = {};
      if (!v.source.startsWith('group:')) {
        const stackVolume = stackVolumes[v.source];
        if (!stackVolume) throw new Error(`undefined volume "${v.source}"`);
        result.Source = stackVolume.name || ns.scope(v.source);
      }
      return result;
    }
  }
  throw new Error('volume type must be volume, bind, tmpfs, npipe, or cluster');
}

/** Drops the keys whose value is undefined (Go's omitempty after the caller mapped empty values to undefined). */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
