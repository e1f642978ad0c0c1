// docker/cli v27.5.1 cli/compose/convert/compose.go: the stack namespace, and networks, secrets and configs as
// Engine API create bodies (plus createNetworks' default driver from cli/command/stack/swarm/deploy_composefile.go).
// Go iterates maps in random order; here every list is sorted by name so plans are stable.
import type { FileObjectConfig, NetworkConfig } from './composeTypes';
import type { FileObjectSpec, Labels, NetworkCreateBody } from './specTypes';

export const LABEL_NAMESPACE = 'com.docker.stack.namespace';
export const LABEL_IMAGE = 'com.docker.stack.image';
export const DEFAULT_NETWORK_DRIVER = 'overlay';

export class Namespace {
  constructor(readonly name: string) {}

  scope(name: string): string {
    return `${this.name}_${name}`;
  }

  descope(name: string): string {
    return name.startsWith(`${this.name}_`) ? name.slice(this.name.length + 1) : name;
  }
}

/** AddStackLabel: a copy of `labels` with the namespace label set. */
export function addStackLabel(ns: Namespace, labels: Labels | undefined): Labels {
  return { ...(labels ?? {}), [LABEL_NAMESPACE]: ns.name };
}

export interface ConvertedNetworks {
  /** Networks the stack creates, by their full name. */
  create: Map<string, NetworkCreateBody>;
  /** Names of external networks the services use. */
  external: string[];
}

/** Networks(): every network some service uses (`default` when a service lists none). */
export function convertNetworks(ns: Namespace, networks: Record<string, NetworkConfig>, used: Set<string>): ConvertedNetworks {
  const create = new Map<string, NetworkCreateBody>();
  const external: string[] = [];
  for (const internalName of [...used].sort()) {
    const nw = networks[internalName] ?? {};
    if (nw.external?.external) {
      external.push(nw.name ?? '');
      continue;
    }
    const ipamConfig = nw.ipam?.config ?? [];
    const name = nw.name || ns.scope(internalName);
    create.set(name, {
      Name: name,
      Driver: nw.driver || DEFAULT_NETWORK_DRIVER,
      Scope: '',
      IPAM:
        nw.ipam?.driver || ipamConfig.length
          ? { Driver: nw.ipam?.driver ?? '', Options: null, Config: ipamConfig.map((c) => ({ Subnet: c.subnet ?? '' })) }
          : null,
      Internal: nw.internal ?? false,
      Attachable: nw.attachable ?? false,
      Ingress: false,
      ConfigOnly: false,
      ConfigFrom: null,
      Options: nw.driverOpts ?? null,
      Labels: addStackLabel(ns, nw.labels),
      CheckDuplicate: true,
    });
  }
  return { create, external };
}

export interface ConvertedFileObject {
  spec: FileObjectSpec;
  /** The compose key (`secrets: <key>:`). */
  key: string;
  /** Set when the content came from a file. */
  file?: string;
}

/** Secrets() and Configs(): non-external objects with their content; driver secrets carry no data. */
export function convertFileObjects(
  ns: Namespace,
  kind: 'secret' | 'config',
  objects: Record<string, FileObjectConfig>,
  readFile: (path: string) => Buffer,
): ConvertedFileObject[] {
  const out: ConvertedFileObject[] = [];
  for (const key of Object.keys(objects).sort()) {
    const obj = objects[key];
    if (obj.external?.external) continue;
    const name = obj.name || ns.scope(key);
    const spec: FileObjectSpec = { Name: name, Labels: addStackLabel(ns, obj.labels) };
    const driven = kind === 'secret' && !!obj.driver;
    if (driven) spec.Driver = { Name: obj.driver, ...(obj.driverOpts && Object.keys(obj.driverOpts).length ? { Options: obj.driverOpts } : {}) };
    else {
      try {
        const data = readFile(obj.file ?? '');
        if (data.length) spec.Data = data.toString('base64');
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new Error(e.code === 'ENOENT' ? `open ${obj.file}: no such file or directory` : `${kind} ${key}: ${e.message}`);
      }
    }
    if (obj.templateDriver) spec.Templating = { Name: obj.templateDriver };
    out.push({ spec, key, ...(driven ? {} : { file: obj.file }) });
  }
  return out;
}
