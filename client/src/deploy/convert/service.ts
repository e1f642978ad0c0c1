// docker/cli v27.5.1 cli/compose/convert/service.go (+ opts.EffectiveCapAddCapDrop, opts.ParseRestartPolicy,
// opts.ParseCPUs, cli/command/service/parse.go ParseSecrets/ParseConfigs): one compose service as the ServiceSpec body
// the docker Go client posts, field for field. Secret and config IDs are filled in by `resolveReferences` once the
// objects exist (the CLI looks them up right after creating them).
import type { HealthCheckConfig, NetworkConfig, ServiceConfig, UpdateConfig, VolumeConfig } from './composeTypes';
import { addStackLabel, LABEL_IMAGE, LABEL_NAMESPACE, type Namespace } from './compose';
import { imageWithTag } from './imageRef';
import type {
  ConfigReference,
  ContainerSpec,
  HealthConfig,
  NetworkAttachment,
  SecretReference,
  ServiceMode,
  ServiceSpecBody,
  TaskTemplate,
  UpdateConfigSpec,
} from './specTypes';
import { compact, convertVolumes } from './volume';

const DEFAULT_NETWORK = 'default';

export interface StackObjects {
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  /** Full swarm name of each compose secret / config key (`<stack>_<key>` or its `name:`). */
  secretNames: Record<string, string>;
  configNames: Record<string, string>;
}

/** Service(): the spec as the CLI sends it (image with `:latest` added, as the Go client does before posting). */
export function convertService(ns: Namespace, service: ServiceConfig, objects: StackObjects): ServiceSpecBody {
  const where = (err: unknown) => new Error(`service ${service.name}: ${(err as Error).message}`);
  try {
    const secrets = serviceSecrets(service, objects.secretNames);
    const configs = serviceConfigs(service, objects.configNames);
    const deploy = service.deploy;
    const [capAdd, capDrop] = effectiveCaps(service.capAdd, service.capDrop);
    const container: ContainerSpec = compact({
      Image: service.image ? imageWithTag(service.image) : undefined,
      Labels: addStackLabel(ns, service.labels),
      Command: nonEmpty(service.entrypoint),
      Args: nonEmpty(service.command),
      Hostname: service.hostname || undefined,
      Env: nonEmpty(convertEnvironment(service.environment)),
      Dir: service.workingDir || undefined,
      User: service.user || undefined,
      Privileges: { CredentialSpec: credentialSpec(service), SELinuxContext: null, NoNewPrivileges: false },
      Init: service.init,
      StopSignal: service.stopSignal || undefined,
      TTY: service.tty || undefined,
      OpenStdin: service.stdinOpen || undefined,
      ReadOnly: service.readOnly || undefined,
      Mounts: nonEmpty(convertVolumes(service.volumes, objects.volumes, ns)),
      StopGracePeriod: service.stopGracePeriod,
      Healthcheck: convertHealthcheck(service.healthcheck),
      Hosts: nonEmpty(convertExtraHosts(service.extraHosts)),
      DNSConfig:
        service.dns !== undefined || service.dnsSearch !== undefined
          ? compact({ Nameservers: nonEmpty(service.dns), Search: nonEmpty(service.dnsSearch) })
          : undefined,
      Secrets: nonEmpty(secrets),
      Configs: nonEmpty(configs),
      Isolation: service.isolation || undefined,
      Sysctls: service.sysctls && Object.keys(service.sysctls).length ? service.sysctls : undefined,
      CapabilityAdd: nonEmpty(capAdd),
      CapabilityDrop: nonEmpty(capDrop),
      Ulimits: nonEmpty(convertUlimits(service.ulimits)),
      OomScoreAdj: service.oomScoreAdj || undefined,
    });
    const task: TaskTemplate = compact({
      ContainerSpec: container,
      Resources: convertResources(deploy.resources),
      RestartPolicy: convertRestartPolicy(service.restart, deploy.restartPolicy),
      Placement: compact({
        Constraints: nonEmpty(deploy.placement.constraints),
        Preferences: nonEmpty((deploy.placement.preferences ?? []).map((p) => ({ Spread: { SpreadDescriptor: p.spread ?? '' } }))),
        MaxReplicas: deploy.placement.maxReplicas || undefined,
      }),
      Networks: convertServiceNetworks(service, objects.networks, ns),
      LogDriver: service.logging
        ? compact({
            Name: service.logging.driver || undefined,
            Options: service.logging.options && Object.keys(service.logging.options).length ? service.logging.options : undefined,
          })
        : undefined,
      ForceUpdate: 0,
    });
    return compact({
      Name: ns.scope(service.name),
      Labels: { ...addStackLabel(ns, deploy.labels), [LABEL_IMAGE]: service.image ?? '' },
      TaskTemplate: task,
      Mode: convertDeployMode(deploy.mode, deploy.replicas),
      UpdateConfig: convertUpdateConfig(deploy.updateConfig),
      RollbackConfig: convertUpdateConfig(deploy.rollbackConfig),
      EndpointSpec: convertEndpointSpec(deploy.endpointMode, service.ports),
    });
  } catch (err) {
    throw where(err);
  }
}

const nonEmpty = <T>(a: T[] | undefined): T[] | undefined => (a && a.length ? a : undefined);

/** Networks a service uses (getServicesDeclaredNetworks): `default` when it lists none. */
export function serviceNetworkNames(service: ServiceConfig): string[] {
  const names = Object.keys(service.networks ?? {});
  return names.length ? names : [DEFAULT_NETWORK];
}

/** container.NetworkMode(name).IsUserDefined() on Linux. */
export function isUserDefinedNetwork(name: string): boolean {
  return !['default', 'bridge', 'host', 'none'].includes(name) && !name.startsWith('container:');
}

function convertServiceNetworks(service: ServiceConfig, configs: Record<string, NetworkConfig>, ns: Namespace): NetworkAttachment[] {
  const networks = service.networks && Object.keys(service.networks).length ? service.networks : { [DEFAULT_NETWORK]: null };
  const out: NetworkAttachment[] = [];
  for (const [name, cfg] of Object.entries(networks)) {
    const nw = configs[name];
    if (!nw && name !== DEFAULT_NETWORK) throw new Error(`undefined network "${name}"`);
    const target = nw?.name || ns.scope(name);
    const aliases = [...(cfg?.aliases ?? [])];
    if (isUserDefinedNetwork(target)) aliases.push(service.name);
    out.push(
      compact({ Target: target, Aliases: nonEmpty(aliases), DriverOpts: cfg?.driverOpts && Object.keys(cfg.driverOpts).length ? cfg.driverOpts : undefined }),
    );
  }
  return out.sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
}

interface FileRef {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

/** convertFileObject: the swarm name, the target file name and its owner and mode (0444 by default). */
function fileTarget(ref: FileRef, names: Record<string, string>, kind: string): { name: string; file: SecretReference['File'] } {
  const name = names[ref.source];
  if (name === undefined) throw new Error(`undefined ${kind} "${ref.source}"`);
  return { name, file: { Name: ref.target || ref.source, UID: ref.uid || '0', GID: ref.gid || '0', Mode: ref.mode ?? 0o444 } };
}

const byName =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

function serviceSecrets(service: ServiceConfig, names: Record<string, string>): SecretReference[] {
  const targets = new Set<string>();
  const refs = (service.secrets ?? []).map((s) => {
    const { name, file } = fileTarget(s, names, 'secret');
    if (targets.has(file.Name)) throw new Error(`duplicate secret target for ${name} not allowed`);
    targets.add(file.Name);
    return { File: file, SecretID: '', SecretName: name };
  });
  // Go sorts by name only (stable, after a map walk); the target breaks ties here so the order is deterministic.
  return refs.sort(byName((r) => `${r.SecretName}\u0000${r.File.Name}`));
}

function serviceConfigs(service: ServiceConfig, names: Record<string, string>): ConfigReference[] {
  const targets = new Set<string>();
  const refs: ConfigReference[] = (service.configs ?? []).map((c) => {
    const { name, file } = fileTarget(c, names, 'config');
    if (targets.has(file.Name)) throw new Error(`duplicate config target for ${name} not allowed`);
    targets.add(file.Name);
    return { File: file, ConfigID: '', ConfigName: name };
  });
  const credConfig = service.credentialSpec?.config;
  if (credConfig) {
    const name = names[credConfig];
    if (name === undefined) throw new Error(`undefined config "${credConfig}"`);
    refs.push({ Runtime: {}, ConfigID: '', ConfigName: name });
  }
  return refs.sort(byName((r) => `${r.ConfigName}\u0000${r.File?.Name ?? ''}`));
}

/** convertCredentialSpec; a config-based spec keeps the compose key here and gets its ID in resolveReferences. */
function credentialSpec(service: ServiceConfig): NonNullable<ContainerSpec['Privileges']>['CredentialSpec'] {
  const spec = service.credentialSpec ?? {};
  const set = [spec.config && '"Config"', spec.file && '"File"', spec.registry && '"Registry"'].filter(Boolean) as string[];
  if (set.length === 0) return null;
  if (set.length === 2) throw new Error(`invalid credential spec: cannot specify both ${set[0]} and ${set[1]}`);
  if (set.length > 2) throw new Error(`invalid credential spec: cannot specify both ${set.slice(0, -1).join(', ')}, and ${set[set.length - 1]}`);
  return { Config: spec.config ?? '', File: spec.file ?? '', Registry: spec.registry ?? '' };
}

/**
 * Fills SecretID / ConfigID (and a config-based credential spec) from the objects' IDs, as ParseSecrets /
 * ParseConfigs and convertCredentialSpec do once the stack's objects exist. `strict` (apply) fails on a missing
 * object like the CLI; otherwise (plan) unknown IDs stay empty. Returns a new spec.
 */
export function resolveReferences(
  spec: ServiceSpecBody,
  secretIds: ReadonlyMap<string, string>,
  configIds: ReadonlyMap<string, string>,
  strict = true,
): ServiceSpecBody {
  const out = structuredClone(spec);
  const c = out.TaskTemplate.ContainerSpec;
  if (!c) return out;
  const fail = (what: string) => {
    if (strict) throw new Error(`service ${spec.Name}: ${what}`);
  };
  for (const s of c.Secrets ?? []) {
    s.SecretID = secretIds.get(s.SecretName) ?? '';
    if (!s.SecretID) fail(`secret not found: ${s.SecretName}`);
  }
  for (const r of c.Configs ?? []) {
    r.ConfigID = configIds.get(r.ConfigName) ?? '';
    if (!r.ConfigID) fail(`config not found: ${r.ConfigName}`);
  }
  const cred = c.Privileges?.CredentialSpec;
  if (cred?.Config && !(c.Configs ?? []).some((r) => r.Runtime && r.ConfigID === cred.Config)) {
    // convertCredentialSpec: the compose key as the config's name, else namespaced; a custom `name:` matches neither.
    const scoped = `${spec.Labels[LABEL_NAMESPACE]}_${cred.Config}`;
    const refs = c.Configs ?? [];
    const ref = refs.find((r) => r.ConfigName === cred.Config) ?? refs.find((r) => r.ConfigName === scoped);
    if (!ref) throw new Error(`service ${spec.Name}: invalid credential spec: spec specifies config ${cred.Config}, but no such config can be found`);
    if (ref.ConfigID) cred.Config = ref.ConfigID;
  }
  return out;
}

/** convertExtraHosts: `host:ip` becomes swarm's `ip host`. */
function convertExtraHosts(hosts: string[] | undefined): string[] {
  return (hosts ?? []).filter((h) => h.includes(':')).map((h) => `${h.slice(h.indexOf(':') + 1)} ${h.slice(0, h.indexOf(':'))}`);
}

function convertHealthcheck(h: HealthCheckConfig | undefined): HealthConfig | undefined {
  if (!h) return undefined;
  if (h.disable) {
    if (h.test?.length) throw new Error("test and disable can't be set at the same time");
    return { Test: ['NONE'] };
  }
  return compact({
    Test: nonEmpty(h.test),
    Interval: h.interval || undefined,
    Timeout: h.timeout || undefined,
    StartPeriod: h.startPeriod || undefined,
    StartInterval: h.startInterval || undefined,
    Retries: h.retries || undefined,
  });
}

/** opts.ParseRestartPolicy + convertRestartPolicy. */
function convertRestartPolicy(restart: string | undefined, source: ServiceConfig['deploy']['restartPolicy']): TaskTemplate['RestartPolicy'] {
  if (source) {
    return compact({ Condition: source.condition || undefined, Delay: source.delay, MaxAttempts: source.maxAttempts, Window: source.window });
  }
  const policy = restart ?? '';
  if (policy === '') return undefined;
  const colon = policy.indexOf(':');
  const name = colon < 0 ? policy : policy.slice(0, colon);
  const count = colon < 0 ? '' : policy.slice(colon + 1);
  if (colon === 0) throw new Error('invalid restart policy format: no policy provided before colon');
  if (count !== '' && !/^[+-]?\d+$/.test(count)) throw new Error('invalid restart policy format: maximum retry count must be an integer');
  switch (name) {
    case 'no':
      return undefined;
    case 'always':
    case 'unless-stopped':
      return { Condition: 'any' };
    case 'on-failure':
      return { Condition: 'on-failure', MaxAttempts: count === '' ? 0 : Number(count) };
  }
  throw new Error(`unknown restart policy: ${restart}`);
}

function convertUpdateConfig(source: UpdateConfig | undefined): UpdateConfigSpec | undefined {
  if (!source) return undefined;
  return compact({
    Parallelism: source.parallelism ?? 1,
    Delay: source.delay || undefined,
    FailureAction: source.failureAction || undefined,
    Monitor: source.monitor || undefined,
    MaxFailureRatio: source.maxFailureRatio ?? 0,
    Order: source.order ?? '',
  });
}

/** opts.ParseCPUs: a decimal or fraction, in nano CPUs. */
export function parseCpus(value: string): number {
  const v = value.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^(\d+)\/(\d+)$/.exec(v);
  if (!m || (m[2] === '' && !m[3] && !m[5])) throw new Error(`failed to parse ${value} as a rational number`);
  if (m[5] !== undefined) {
    const nano = (BigInt(m[5]) * 1_000_000_000n) / BigInt(m[6]);
    if ((BigInt(m[5]) * 1_000_000_000n) % BigInt(m[6]) !== 0n) throw new Error('value is too precise');
    return Number(nano);
  }
  // Exact decimal arithmetic: digits × 10^(9 + exponent − fraction length).
  const digits = BigInt(`${m[2] || '0'}${m[3] ?? ''}`);
  const shift = 9 + Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  let nano: bigint;
  if (shift >= 0) nano = digits * 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    if (digits % div !== 0n) throw new Error('value is too precise');
    nano = digits / div;
  }
  return Number(m[1] === '-' ? -nano : nano);
}

function convertResources(source: ServiceConfig['deploy']['resources']): NonNullable<TaskTemplate['Resources']> {
  const out: NonNullable<TaskTemplate['Resources']> = {};
  if (source.limits) {
    out.Limits = compact({
      NanoCPUs: source.limits.cpus ? parseCpus(source.limits.cpus) || undefined : undefined,
      MemoryBytes: source.limits.memory || undefined,
      Pids: source.limits.pids || undefined,
    });
  }
  if (source.reservations) {
    const r = source.reservations;
    const generic = (r.genericResources ?? []).map((g) =>
      g.discreteResourceSpec
        ? { DiscreteResourceSpec: compact({ Kind: g.discreteResourceSpec.kind || undefined, Value: g.discreteResourceSpec.value || undefined }) }
        : {},
    );
    out.Reservations = compact({
      NanoCPUs: r.cpus ? parseCpus(r.cpus) || undefined : undefined,
      MemoryBytes: r.memory || undefined,
      GenericResources: nonEmpty(generic),
    });
  }
  return out;
}

function convertEndpointSpec(mode: string | undefined, ports: ServiceConfig['ports']): ServiceSpecBody['EndpointSpec'] {
  const portConfigs = (ports ?? []).map((p) =>
    compact({
      Protocol: p.protocol || undefined,
      TargetPort: p.target || undefined,
      PublishedPort: p.published || undefined,
      PublishMode: p.mode || undefined,
    }),
  );
  portConfigs.sort((a, b) => (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0));
  return compact({ Mode: mode ? mode.toLowerCase() : undefined, Ports: nonEmpty(portConfigs) });
}

/** convertEnvironment: NAME=value (or NAME alone), sorted. */
export function convertEnvironment(env: Record<string, string | null>): string[] {
  return Object.entries(env)
    .map(([k, v]) => (v === null ? k : `${k}=${v}`))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function convertDeployMode(mode: string | undefined, replicas: number | undefined): ServiceMode {
  switch (mode ?? '') {
    case 'global-job':
      if (replicas !== undefined) throw new Error('replicas can only be used with replicated or replicated-job mode');
      return { GlobalJob: {} };
    case 'global':
      if (replicas !== undefined) throw new Error('replicas can only be used with replicated or replicated-job mode');
      return { Global: {} };
    case 'replicated-job':
      return { ReplicatedJob: compact({ MaxConcurrent: replicas, TotalCompletions: replicas }) };
    case 'replicated':
    case '':
      return { Replicated: compact({ Replicas: replicas }) };
  }
  throw new Error(`Unknown mode: ${mode}`);
}

function convertUlimits(ulimits: ServiceConfig['ulimits']): NonNullable<ContainerSpec['Ulimits']> {
  return Object.entries(ulimits ?? {})
    .map(([name, u]) => (u.single ? { Name: name, Soft: u.single, Hard: u.single } : { Name: name, Soft: u.soft ?? 0, Hard: u.hard ?? 0 }))
    .sort(byName((u) => u.Name))
    .map((u) => ({ Name: u.Name, Hard: u.Hard, Soft: u.Soft }));
}

/** opts.NormalizeCapability / EffectiveCapAddCapDrop. */
function effectiveCaps(add: string[] | undefined, drop: string[] | undefined): [string[], string[]] {
  const normalize = (c: string) => {
    const up = c.trim().toUpperCase();
    return up === 'ALL' || up === 'RESET' || up.startsWith('CAP_') ? up : `CAP_${up}`;
  };
  let addCaps = new Set((add ?? []).map(normalize));
  let dropCaps = new Set((drop ?? []).map(normalize));
  if (addCaps.has('ALL')) addCaps = new Set(['ALL']);
  if (dropCaps.has('ALL')) dropCaps = new Set(['ALL']);
  const capDrop = [...dropCaps].filter((c) => !addCaps.has(c) && c !== 'RESET').sort();
  const capAdd = [...addCaps].filter((c) => c !== 'RESET').sort();
  return [capAdd, capDrop];
}
