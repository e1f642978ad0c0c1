// The loaded compose file, typed as docker/cli v27.5.1 types it (cli/compose/types/types.go) after the loader's
// transforms: short syntaxes expanded, durations in nanoseconds, sizes in bytes, environment resolved. Go zero values
// are represented by absent fields; pointers that docker keeps apart from their zero value (replicas, init,
// healthcheck retries, mode …) stay `undefined` when unset.

export interface ComposeConfig {
  /** The top-level `version`, or '' (docker then uses its newest schema). */
  version: string;
  services: ServiceConfig[];
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  secrets: Record<string, FileObjectConfig>;
  configs: Record<string, FileObjectConfig>;
}

export interface ServiceConfig {
  name: string;
  capAdd?: string[];
  capDrop?: string[];
  command?: string[];
  configs?: FileReferenceConfig[];
  credentialSpec?: CredentialSpecConfig;
  deploy: DeployConfig;
  dns?: string[];
  dnsSearch?: string[];
  entrypoint?: string[];
  /** MappingWithEquals after resolveEnvironment: `null` is a variable without a value (`- NAME`). */
  environment: Record<string, string | null>;
  extraHosts?: string[];
  hostname?: string;
  healthcheck?: HealthCheckConfig;
  image?: string;
  init?: boolean;
  isolation?: string;
  labels?: Record<string, string>;
  logging?: LoggingConfig;
  networks?: Record<string, ServiceNetworkConfig | null>;
  ports?: ServicePortConfig[];
  readOnly?: boolean;
  /** The compose `restart:` policy; converted only when deploy.restart_policy is absent. */
  restart?: string;
  secrets?: FileReferenceConfig[];
  stdinOpen?: boolean;
  /** Nanoseconds. */
  stopGracePeriod?: number;
  stopSignal?: string;
  sysctls?: Record<string, string>;
  tty?: boolean;
  ulimits?: Record<string, UlimitsConfig>;
  user?: string;
  oomScoreAdj?: number;
  volumes?: ServiceVolumeConfig[];
  workingDir?: string;
}

export interface CredentialSpecConfig {
  config?: string;
  file?: string;
  registry?: string;
}

export interface LoggingConfig {
  driver?: string;
  options?: Record<string, string>;
}

export interface DeployConfig {
  mode?: string;
  replicas?: number;
  labels?: Record<string, string>;
  updateConfig?: UpdateConfig;
  rollbackConfig?: UpdateConfig;
  resources: Resources;
  restartPolicy?: RestartPolicy;
  placement: Placement;
  endpointMode?: string;
}

export interface HealthCheckConfig {
  test?: string[];
  timeout?: number;
  interval?: number;
  retries?: number;
  startPeriod?: number;
  startInterval?: number;
  disable?: boolean;
}

export interface UpdateConfig {
  parallelism?: number;
  delay?: number;
  failureAction?: string;
  monitor?: number;
  maxFailureRatio?: number;
  order?: string;
}

export interface Resources {
  limits?: { cpus?: string; memory?: number; pids?: number };
  reservations?: { cpus?: string; memory?: number; genericResources?: GenericResource[] };
}

export interface GenericResource {
  discreteResourceSpec?: { kind: string; value: number };
}

export interface RestartPolicy {
  condition?: string;
  delay?: number;
  maxAttempts?: number;
  window?: number;
}

export interface Placement {
  constraints?: string[];
  preferences?: { spread?: string }[];
  maxReplicas?: number;
}

export interface ServiceNetworkConfig {
  aliases?: string[];
  driverOpts?: Record<string, string>;
  ipv4Address?: string;
  ipv6Address?: string;
}

export interface ServicePortConfig {
  mode?: string;
  target?: number;
  published?: number;
  protocol?: string;
}

export interface ServiceVolumeConfig {
  type?: string;
  source?: string;
  target?: string;
  readOnly?: boolean;
  consistency?: string;
  bind?: { propagation?: string };
  volume?: { nocopy?: boolean };
  tmpfs?: { size?: number };
  cluster?: Record<string, never>;
}

export interface FileReferenceConfig {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface UlimitsConfig {
  single?: number;
  soft?: number;
  hard?: number;
}

export interface External {
  external: boolean;
  name?: string;
}

/** What networks, volumes, secrets and configs share. */
interface DriverObject {
  name?: string;
  driver?: string;
  driverOpts?: Record<string, string>;
  external?: External;
  labels?: Record<string, string>;
}

export interface NetworkConfig extends DriverObject {
  ipam?: { driver?: string; config?: { subnet?: string }[] };
  internal?: boolean;
  attachable?: boolean;
}

export type VolumeConfig = DriverObject;

/** A secret or config (FileObjectConfig); `file` is absolute after loading. */
export interface FileObjectConfig extends DriverObject {
  file?: string;
  templateDriver?: string;
}
