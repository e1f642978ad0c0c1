// Shapes of the Engine API answers the views and the deploy engine read (@types/dockerode leaves nodes and tasks `any`).
// Only fields that exist from API 1.41 (Engine 20.10) through 1.47 (Engine 27) are listed; the rest stays reachable.
import type Dockerode from 'dockerode';

export type SwarmService = Dockerode.Service;
export type ServiceSpec = Dockerode.ServiceSpec;

export interface NodeSpec {
  Name?: string;
  Labels?: Record<string, string>;
  Role?: 'worker' | 'manager';
  Availability?: 'active' | 'pause' | 'drain';
  [key: string]: unknown;
}

export interface SwarmNode {
  ID: string;
  Version: { Index: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: NodeSpec;
  Description?: {
    Hostname?: string;
    Platform?: { Architecture?: string; OS?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { EngineVersion?: string; Labels?: Record<string, string> };
    [key: string]: unknown;
  };
  Status?: { State?: 'unknown' | 'down' | 'ready' | 'disconnected'; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: 'unknown' | 'unreachable' | 'reachable'; Addr?: string };
  [key: string]: unknown;
}

export type TaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

export interface SwarmTask {
  ID: string;
  Version?: { Index: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Name?: string;
  Labels?: Record<string, string>;
  Spec?: { ContainerSpec?: { Image?: string; [key: string]: unknown }; [key: string]: unknown };
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  Status?: {
    Timestamp?: string;
    State?: TaskState;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
  };
  DesiredState?: TaskState;
  [key: string]: unknown;
}

/** Filters of GET /tasks; values are lists as the API wants them. */
export interface TaskFilters {
  service?: string[];
  node?: string[];
  'desired-state'?: Array<'running' | 'shutdown' | 'accepted'>;
  id?: string[];
  name?: string[];
  label?: string[];
}

export interface ServiceFilters {
  id?: string[];
  name?: string[];
  label?: string[];
  mode?: Array<'replicated' | 'global'>;
}

export interface NodeFilters {
  id?: string[];
  label?: string[];
  membership?: Array<'accepted' | 'pending'>;
  name?: string[];
  'node.label'?: string[];
  role?: Array<'manager' | 'worker'>;
}

/** What the status bar and the views need from GET /info. */
export interface EngineInfo {
  name: string;
  serverVersion: string;
  os: string;
  /** The API version every request is pinned to. */
  apiVersion: string;
  swarm: {
    /** inactive | pending | active | error | locked */
    state: string;
    nodeId: string;
    nodeAddr: string;
    /** ControlAvailable: this daemon is a manager and can serve cluster state. */
    isManager: boolean;
    clusterId?: string;
    managers?: number;
    nodes?: number;
    error?: string;
  };
  raw: Record<string, unknown>;
}

export type EventType = 'service' | 'node' | 'secret' | 'config' | 'network' | 'container' | 'daemon' | 'image' | 'volume' | 'plugin';

export interface EventFilters {
  type?: EventType[];
  event?: string[];
  service?: string[];
  node?: string[];
  secret?: string[];
  config?: string[];
  label?: string[];
  scope?: Array<'local' | 'swarm'>;
}

/** One message of GET /events. */
export interface DockerEvent {
  Type: EventType | string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  scope?: 'local' | 'swarm';
  time: number;
  timeNano: number;
}

export interface PingResult {
  apiVersion?: string;
  osType?: string;
  experimental?: boolean;
  /** "Swarm" header (API 1.48+ daemons): e.g. "inactive", "active/manager". */
  swarm?: string;
  server?: string;
}
