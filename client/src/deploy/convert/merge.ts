// Several `-c` files merged as docker/cli v27.5.1 does (cli/compose/loader/merge.go on top of dario.cat/mergo v1.0.1
// with WithOverride + WithAppendSlice and merge.go's transformers). The rules, per kind of Go field:
//   string / number / bool   the override wins when it is not the zero value ("" / 0 / false never override)
//   plain slices             appended (cap_add, dns, constraints, healthcheck test … — yes, even `test`)
//   command / entrypoint     replaced when the override is non-empty
//   ports / secrets /        merged by key (published port / source / target), the override wins, result sorted
//   configs / volumes
//   string maps (labels …)   merged key by key, the override wins (an empty value too)
//   environment              key by key; an override value replaces an empty base value, a non-empty one any value
//   pointers to structs      merged field by field when both are set (update_config, healthcheck …)
//   logging                  options merged when the drivers agree (or one is empty), else replaced
//   networks (per service)   aliases replaced, ipv4/ipv6 addresses overridden, new networks added
//   ulimits                  replaced per name
//   top-level networks, volumes, secrets, configs: replaced per name.
import type {
  ComposeConfig,
  CredentialSpecConfig,
  DeployConfig,
  FileReferenceConfig,
  HealthCheckConfig,
  LoggingConfig,
  Resources,
  RestartPolicy,
  ServiceConfig,
  UpdateConfig,
} from './composeTypes';

const isZero = (v: unknown) => v === undefined || v === null || v === '' || v === 0 || v === false;

/** A scalar field: the override wins unless it is Go's zero value. */
const scalar = <T>(base: T | undefined, over: T | undefined): T | undefined => (isZero(over) ? base : over);

/** A slice field with WithAppendSlice. */
const append = <T>(base: T[] | undefined, over: T[] | undefined): T[] | undefined =>
  base === undefined && over === undefined ? undefined : [...(base ?? []), ...(over ?? [])];

/** A map[string]string field: key by key, the override's value always wins. */
const stringMap = (base: Record<string, string> | undefined, over: Record<string, string> | undefined) =>
  over === undefined ? base : { ...(base ?? {}), ...over };

/** A *uint64 field (mergeUint64) or any pointer to a scalar: the override wins whenever it is set. */
const pointer = <T>(base: T | undefined, over: T | undefined): T | undefined => (over === undefined ? base : over);

/** A pointer to a scalar that mergo dereferences (*bool, *Duration): set when base is nil, else scalar rules. */
const derefScalar = <T>(base: T | undefined, over: T | undefined): T | undefined => (base === undefined ? over : scalar(base, over));

/** mergeSlice: keyed merge (override wins), sorted by the key; a nil base just takes the override as it is. */
function keyed<T, K extends string | number>(base: T[] | undefined, over: T[] | undefined, key: (x: T) => K): T[] | undefined {
  if (base === undefined) return over;
  if (over === undefined) return base;
  const m = new Map<K, T>();
  for (const x of base) m.set(key(x), x);
  for (const x of over) m.set(key(x), x);
  return [...m.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function struct<T extends object>(base: T | undefined, over: T | undefined, fields: (b: T, o: T) => T): T | undefined {
  if (base === undefined) return over;
  if (over === undefined) return base;
  return fields(base, over);
}

type Rule = (base: never, over: never) => unknown;

/** A pointer to a struct merged field by field when both sides are set, each field by its rule. */
function fieldwise<T extends object>(rules: { [K in keyof T]-?: Rule }): (b?: T, o?: T) => T | undefined {
  return (b, o) =>
    struct(
      b,
      o,
      (x, y) =>
        Object.fromEntries(Object.entries(rules).map(([k, rule]) => [k, (rule as (a: unknown, c: unknown) => unknown)(x[k as keyof T], y[k as keyof T])])) as T,
    );
}

const mergeUpdate = fieldwise<UpdateConfig>({
  parallelism: pointer,
  delay: scalar,
  failureAction: scalar,
  monitor: scalar,
  maxFailureRatio: scalar,
  order: scalar,
});
const mergeRestart = fieldwise<RestartPolicy>({ condition: scalar, delay: derefScalar, maxAttempts: pointer, window: derefScalar });
const mergeHealth = fieldwise<HealthCheckConfig>({
  test: append,
  timeout: derefScalar,
  interval: derefScalar,
  retries: pointer,
  startPeriod: derefScalar,
  startInterval: derefScalar,
  disable: scalar,
});

function mergeLogging(b?: LoggingConfig, o?: LoggingConfig): LoggingConfig | undefined {
  return struct(b, o, (x, y) => {
    if (x.driver && y.driver && x.driver !== y.driver) return y;
    // mergo merges into a copy of a nil options map that is never stored back: options stay nil then.
    return { driver: x.driver || y.driver, options: x.options === undefined ? undefined : { ...x.options, ...(y.options ?? {}) } };
  });
}

function mergeDeploy(x: DeployConfig, y: DeployConfig): DeployConfig {
  return {
    mode: scalar(x.mode, y.mode),
    replicas: pointer(x.replicas, y.replicas),
    labels: stringMap(x.labels, y.labels),
    updateConfig: mergeUpdate(x.updateConfig, y.updateConfig),
    rollbackConfig: mergeUpdate(x.rollbackConfig, y.rollbackConfig),
    resources: {
      limits: fieldwise<NonNullable<Resources['limits']>>({ cpus: scalar, memory: scalar, pids: scalar })(x.resources.limits, y.resources.limits),
      reservations: fieldwise<NonNullable<Resources['reservations']>>({ cpus: scalar, memory: scalar, genericResources: append })(
        x.resources.reservations,
        y.resources.reservations,
      ),
    },
    restartPolicy: mergeRestart(x.restartPolicy, y.restartPolicy),
    placement: {
      constraints: append(x.placement.constraints, y.placement.constraints),
      preferences: append(x.placement.preferences, y.placement.preferences),
      maxReplicas: scalar(x.placement.maxReplicas, y.placement.maxReplicas),
    },
    endpointMode: scalar(x.endpointMode, y.endpointMode),
  };
}

function mergeEnvironment(base: Record<string, string | null>, over: Record<string, string | null>): Record<string, string | null> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (!(k in out) || b === null || b === '' || (v !== null && v !== '')) out[k] = v;
  }
  return out;
}

function mergeServiceNetworks(base: ServiceConfig['networks'], over: ServiceConfig['networks']): ServiceConfig['networks'] {
  if (base === undefined) return over;
  if (over === undefined) return base;
  const out = { ...base };
  for (const [name, o] of Object.entries(over)) {
    const b = out[name];
    if (!b) out[name] = o;
    else if (o) out[name] = { ...b, aliases: o.aliases, ipv4Address: o.ipv4Address || b.ipv4Address, ipv6Address: o.ipv6Address || b.ipv6Address };
  }
  return out;
}

const bySource = (r: FileReferenceConfig) => r.source;

function mergeService(x: ServiceConfig, y: ServiceConfig): ServiceConfig {
  return {
    name: x.name,
    capAdd: append(x.capAdd, y.capAdd),
    capDrop: append(x.capDrop, y.capDrop),
    command: y.command?.length ? y.command : x.command,
    configs: keyed(x.configs, y.configs, bySource),
    credentialSpec: fieldwise<CredentialSpecConfig>({ config: scalar, file: scalar, registry: scalar })(x.credentialSpec, y.credentialSpec),
    deploy: mergeDeploy(x.deploy, y.deploy),
    dns: append(x.dns, y.dns),
    dnsSearch: append(x.dnsSearch, y.dnsSearch),
    entrypoint: y.entrypoint?.length ? y.entrypoint : x.entrypoint,
    environment: mergeEnvironment(x.environment, y.environment),
    extraHosts: append(x.extraHosts, y.extraHosts),
    hostname: scalar(x.hostname, y.hostname),
    healthcheck: mergeHealth(x.healthcheck, y.healthcheck),
    image: scalar(x.image, y.image),
    init: derefScalar(x.init, y.init),
    isolation: scalar(x.isolation, y.isolation),
    labels: stringMap(x.labels, y.labels),
    logging: mergeLogging(x.logging, y.logging),
    networks: mergeServiceNetworks(x.networks, y.networks),
    ports: keyed(x.ports, y.ports, (p) => p.published ?? 0),
    readOnly: scalar(x.readOnly, y.readOnly),
    restart: scalar(x.restart, y.restart),
    secrets: keyed(x.secrets, y.secrets, bySource),
    stdinOpen: scalar(x.stdinOpen, y.stdinOpen),
    stopGracePeriod: derefScalar(x.stopGracePeriod, y.stopGracePeriod),
    stopSignal: scalar(x.stopSignal, y.stopSignal),
    sysctls: stringMap(x.sysctls, y.sysctls),
    tty: scalar(x.tty, y.tty),
    ulimits: x.ulimits === undefined ? y.ulimits : { ...x.ulimits, ...(y.ulimits ?? {}) },
    user: scalar(x.user, y.user),
    oomScoreAdj: scalar(x.oomScoreAdj, y.oomScoreAdj),
    volumes: keyed(x.volumes, y.volumes, (v) => v.target ?? ''),
    workingDir: scalar(x.workingDir, y.workingDir),
  };
}

/** schema.Version with normalizeVersion: "3" is "3.0"; no version is the newest schema. */
function schemaVersion(v: string): string {
  if (v === '') return 'latest';
  return /^\d+$/.test(v) ? `${v}.0` : v;
}

/** merge(): the first file is the base, each further file overrides it. Services come out sorted by name. */
export function mergeConfigs(configs: ComposeConfig[]): ComposeConfig {
  if (configs.length === 0) throw new Error('No files specified');
  const [first, ...rest] = configs;
  const services = new Map(first.services.map((s) => [s.name, s]));
  let base: ComposeConfig = { ...first };
  for (const over of rest) {
    if (schemaVersion(over.version) !== schemaVersion(first.version)) {
      throw new Error(`version mismatched between two composefiles : ${schemaVersion(first.version)} and ${schemaVersion(over.version)}`);
    }
    for (const s of over.services) {
      const b = services.get(s.name);
      services.set(s.name, b ? mergeService(b, s) : s);
    }
    base = {
      ...base,
      networks: { ...base.networks, ...over.networks },
      volumes: { ...base.volumes, ...over.volumes },
      secrets: { ...base.secrets, ...over.secrets },
      configs: { ...base.configs, ...over.configs },
    };
  }
  return { ...base, services: [...services.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}
