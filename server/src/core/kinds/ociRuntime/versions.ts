/**
 * What changed in config.json between runtime-spec releases, so that a file is judged by the
 * `ociVersion` it declares while the schema used is the vendored v1.3.0 one.
 *
 * Derived from the schemas at each tag (v1.0.0, v1.0.1, v1.0.2, v1.1.0, v1.2.0, v1.2.1, v1.3.0: the
 * declared property paths under config-schema.json, $refs resolved) and cross-checked against the json
 * tags added in specs-go/config.go between the same tags. Rows only where both agree: the paths the
 * v1.0.1 schema "added" (intelRdt, throttle*IOPSDevice, solaris.anet.*, solaris.capped*) were schema
 * fixes, specs-go/config.go did not change between v1.0.0 and v1.0.1. v1.2.0 changed no config field.
 * Only the topmost new path is listed (`vm` covers `vm.kernel.path`); `*` is any array item or map key.
 */
export const ADDED_IN: Record<string, readonly string[]> = {
  '1.0.2': [
    'hooks.createRuntime',
    'hooks.createContainer',
    'hooks.startContainer',
    'process.commandLine',
    'process.user.umask',
    'linux.personality',
    'linux.intelRdt.closID',
    'linux.intelRdt.memBwSchema',
    'linux.resources.memory.useHierarchy',
    'linux.resources.rdma',
    'linux.seccomp.flags',
    'windows.devices',
    'windows.network.networkNamespace',
    'vm',
  ],
  '1.1.0': [
    'domainname',
    'mounts.*.uidMappings',
    'mounts.*.gidMappings',
    'process.scheduler',
    'process.ioPriority',
    'linux.timeOffsets',
    'linux.resources.cpu.burst',
    'linux.resources.cpu.idle',
    'linux.resources.memory.checkBeforeUpdate',
    'linux.resources.unified',
    'linux.seccomp.defaultErrnoRet',
    'linux.seccomp.listenerPath',
    'linux.seccomp.listenerMetadata',
    'linux.seccomp.syscalls.*.errnoRet',
    'linux.intelRdt.enableCMT',
    'linux.intelRdt.enableMBM',
    'zos',
  ],
  '1.2.1': ['process.execCPUAffinity', 'windows.resources.cpu.affinity', 'zos.namespaces'],
  '1.3.0': ['linux.netDevices', 'linux.memoryPolicy', 'linux.intelRdt.schemata', 'linux.intelRdt.enableMonitoring', 'vm.hwConfig', 'freebsd'],
};

/** Fields a release removed (they are absent from the v1.3.0 schema, but valid for older files). */
export const REMOVED_IN: Record<string, { since: string; removed: string; instead?: string }> = {
  'linux.intelRdt.enableCMT': { since: '1.1.0', removed: '1.3.0', instead: 'enableMonitoring' },
  'linux.intelRdt.enableMBM': { since: '1.1.0', removed: '1.3.0', instead: 'enableMonitoring' },
  'zos.devices': { since: '1.1.0', removed: '1.2.1' },
};

/** SemVer 2.0.0 (semver.org's recommended expression), as config.md requires for `ociVersion`. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export interface SpecVersion {
  major: number;
  minor: number;
  patch: number;
  prerelease: string | undefined;
}

export function parseSpecVersion(s: string): SpecVersion | undefined {
  const m = SEMVER.exec(s);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] } : undefined;
}

/**
 * Compares release numbers only: a pre-release such as runc's `1.0.2-dev` is the development line of
 * 1.0.2 and already carries its fields, so it counts as 1.0.2 here.
 */
export function compareRelease(a: SpecVersion, b: SpecVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** `linux.resources.rdma` against a document path: `*` matches any key or index. */
export function pathMatches(pattern: string, path: readonly (string | number)[]): boolean {
  const parts = pattern.split('.');
  return parts.length === path.length && parts.every((p, i) => p === '*' || p === String(path[i]));
}
