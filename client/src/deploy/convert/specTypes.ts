// Engine API request bodies exactly as docker/cli's Go client marshals them (moby api/types v27.5.1 with their
// `json:",omitempty"` tags): a field Go omits is absent here, a field Go always writes is always set (null for a nil
// pointer). Durations are nanoseconds.

export type Labels = Record<string, string>;

export interface SwarmDriver {
  Name?: string;
  Options?: Record<string, string>;
}

export interface SecretReference {
  File: { Name: string; UID: string; GID: string; Mode: number };
  SecretID: string;
  SecretName: string;
}

export interface ConfigReference {
  File?: { Name: string; UID: string; GID: string; Mode: number };
  Runtime?: Record<string, never>;
  ConfigID: string;
  ConfigName: string;
}

export interface MountSpec {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Labels; DriverConfig?: SwarmDriver };
  TmpfsOptions?: { SizeBytes?: number };
  ClusterOptions?: Record<string, never>;
}

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface ContainerSpec {
  Image?: string;
  Labels?: Labels;
  Command?: string[];
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  Privileges?: { CredentialSpec: { Config: string; File: string; Registry: string } | null; SELinuxContext: null; NoNewPrivileges: boolean };
  Init?: boolean;
  StopSignal?: string;
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Mounts?: MountSpec[];
  StopGracePeriod?: number;
  Healthcheck?: HealthConfig;
  Hosts?: string[];
  DNSConfig?: { Nameservers?: string[]; Search?: string[] };
  Secrets?: SecretReference[];
  Configs?: ConfigReference[];
  Isolation?: string;
  Sysctls?: Record<string, string>;
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Ulimits?: { Name: string; Hard: number; Soft: number }[];
  OomScoreAdj?: number;
}

export interface PortConfig {
  Name?: string;
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string;
}

export interface NetworkAttachment {
  Target: string;
  Aliases?: string[];
  DriverOpts?: Record<string, string>;
}

export interface UpdateConfigSpec {
  Parallelism: number;
  Delay?: number;
  FailureAction?: string;
  Monitor?: number;
  MaxFailureRatio: number;
  Order: string;
}

export interface TaskTemplate {
  ContainerSpec?: ContainerSpec;
  Resources?: {
    Limits?: { NanoCPUs?: number; MemoryBytes?: number; Pids?: number };
    Reservations?: { NanoCPUs?: number; MemoryBytes?: number; GenericResources?: { DiscreteResourceSpec?: { Kind?: string; Value?: number } }[] };
  };
  RestartPolicy?: { Condition?: string; Delay?: number; MaxAttempts?: number; Window?: number };
  Placement?: {
    Constraints?: string[];
    Preferences?: { Spread: { SpreadDescriptor: string } }[];
    MaxReplicas?: number;
    Platforms?: { Architecture: string; OS: string }[];
  };
  Networks?: NetworkAttachment[];
  LogDriver?: SwarmDriver;
  ForceUpdate: number;
  Runtime?: string;
}

export interface ServiceMode {
  Replicated?: { Replicas?: number };
  Global?: Record<string, never>;
  ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
  GlobalJob?: Record<string, never>;
}

/** POST /services/create and /services/{id}/update body. */
export interface ServiceSpecBody {
  Name: string;
  Labels: Labels;
  TaskTemplate: TaskTemplate;
  Mode: ServiceMode;
  UpdateConfig?: UpdateConfigSpec;
  RollbackConfig?: UpdateConfigSpec;
  EndpointSpec?: { Mode?: string; Ports?: PortConfig[] };
}

/** POST /networks/create body (network.CreateRequest). */
export interface NetworkCreateBody {
  Name: string;
  Driver: string;
  Scope: string;
  IPAM: { Driver: string; Options: null; Config: { Subnet: string }[] } | null;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigOnly: boolean;
  ConfigFrom: null;
  Options: Record<string, string> | null;
  Labels: Labels;
  CheckDuplicate: boolean;
}

/** POST /secrets/create and /configs/create body; Data is base64. */
export interface FileObjectSpec {
  Name: string;
  Labels: Labels;
  /** Omitted when empty (driver secrets, empty files). */
  Data?: string;
  Driver?: SwarmDriver;
  Templating?: SwarmDriver;
}
