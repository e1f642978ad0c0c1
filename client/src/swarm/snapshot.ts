// One consistent read of a swarm for the explorer and the node/service operations: nodes, services, tasks,
// secrets, configs and the swarm itself, grouped by stack like `docker stack ls` does. Pure (no `vscode`).
import { type CallOptions, type EngineClient, engineRequest, type SwarmNode, type SwarmService, type SwarmTask } from '../engine';

export const STACK_LABEL = 'com.docker.stack.namespace';

export interface ServiceSummary {
  id: string;
  name: string;
  stack?: string;
  mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  /** Tasks running now and tasks wanted, as `docker service ls` counts them. */
  running: number;
  desired: number;
  image: string;
  ports: string[];
  /** UpdateStatus.State: updating, paused, completed, rollback_started, rollback_paused, rollback_completed … */
  updateState?: string;
  updateMessage?: string;
  service: SwarmService;
}

export interface NamedObject {
  id: string;
  name: string;
  stack?: string;
  createdAt?: string;
}

export interface SwarmSnapshot {
  takenAt: number;
  nodes: SwarmNode[];
  services: ServiceSummary[];
  tasks: SwarmTask[];
  secrets: NamedObject[];
  configs: NamedObject[];
  /** Every network the manager lists (IDs → names for service specs, external networks). */
  networks: { id: string; name: string; scope: string }[];
  /** GET /swarm (managers only): TLSInfo, JoinTokens, Spec … */
  swarm: Record<string, unknown>;
}

/** The image without the digest swarm pins (`nginx:1.27@sha256:…` → `nginx:1.27`), as `docker service ls`. */
export const shortImage = (image: string) => image.replace(/@sha256:[0-9a-f]+$/, '');

function modeOf(svc: SwarmService): ServiceSummary['mode'] {
  const m = (svc.Spec?.Mode ?? {}) as Record<string, unknown>;
  if ('Global' in m) return 'global';
  if ('ReplicatedJob' in m) return 'replicated-job';
  if ('GlobalJob' in m) return 'global-job';
  return 'replicated';
}

function portsOf(svc: SwarmService): string[] {
  const ports = (svc.Endpoint?.Ports ?? svc.Spec?.EndpointSpec?.Ports ?? []) as {
    PublishedPort?: number;
    TargetPort?: number;
    Protocol?: string;
    PublishMode?: string;
  }[];
  return ports.map((p) => `${p.PublishedPort ?? '*'}:${p.TargetPort}/${p.Protocol ?? 'tcp'}${p.PublishMode === 'host' ? ' (host)' : ''}`);
}

/** Running/desired as the CLI computes it: desired from the spec (global: nodes that run or should run a task). */
function counts(svc: SwarmService, mode: ServiceSummary['mode'], tasks: SwarmTask[], nodes: SwarmNode[]): { running: number; desired: number } {
  const own = tasks.filter((t) => t.ServiceID === svc.ID);
  const up = new Set(nodes.filter((n) => n.Status?.State !== 'down').map((n) => n.ID));
  const running = own.filter((t) => t.Status?.State === 'running' && (!t.NodeID || up.has(t.NodeID))).length;
  if (mode === 'replicated') return { running, desired: (svc.Spec?.Mode as { Replicated?: { Replicas?: number } })?.Replicated?.Replicas ?? 1 };
  if (mode === 'replicated-job') {
    const job = (svc.Spec?.Mode as { ReplicatedJob?: { TotalCompletions?: number } }).ReplicatedJob;
    return { running: own.filter((t) => t.Status?.State === 'complete').length, desired: job?.TotalCompletions ?? 1 };
  }
  const desired = own.filter((t) => t.DesiredState !== 'shutdown' && (!t.NodeID || up.has(t.NodeID))).length;
  return { running, desired };
}

export function summarizeService(svc: SwarmService, tasks: SwarmTask[], nodes: SwarmNode[]): ServiceSummary {
  const mode = modeOf(svc);
  const spec = svc.Spec ?? {};
  const image = (spec.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec?.Image ?? '';
  const status = svc.UpdateStatus as { State?: string; Message?: string } | undefined;
  return {
    id: svc.ID!,
    name: spec.Name ?? svc.ID!,
    stack: spec.Labels?.[STACK_LABEL],
    mode,
    ...counts(svc, mode, tasks, nodes),
    image: shortImage(image),
    ports: portsOf(svc),
    updateState: status?.State,
    updateMessage: status?.Message,
    service: svc,
  };
}

const named = (o: { ID?: string; Spec?: { Name?: string; Labels?: Record<string, string> }; CreatedAt?: string }): NamedObject => ({
  id: o.ID ?? '',
  name: o.Spec?.Name ?? o.ID ?? '',
  stack: o.Spec?.Labels?.[STACK_LABEL],
  createdAt: o.CreatedAt,
});

/** Reads everything in parallel (each request has the client's timeout). Needs a manager. */
export async function takeSnapshot(client: EngineClient, opts: CallOptions = {}): Promise<SwarmSnapshot> {
  const get = <T>(path: string) => engineRequest<T>(client, { method: 'GET', path }, opts);
  const [nodes, services, tasks, secrets, configs, networks, swarm] = await Promise.all([
    client.listNodes(undefined, opts),
    client.listServices({ ...opts }),
    client.listTasks(undefined, opts),
    get<{ ID?: string; Spec?: { Name?: string; Labels?: Record<string, string> } }[]>('/secrets'),
    get<{ ID?: string; Spec?: { Name?: string; Labels?: Record<string, string> } }[]>('/configs'),
    get<{ Id: string; Name: string; Scope: string }[]>('/networks'),
    get<Record<string, unknown>>('/swarm'),
  ]);
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  // Swarm-scope networks the list leaves out (the swarm's `host`) are looked up, so specs compare by name.
  const listed = new Set(networks.map((n) => n.Id));
  const unknown = new Set(services.flatMap((s) => (s.Spec?.TaskTemplate?.Networks ?? []).map((n) => n.Target ?? '')).filter((id) => id && !listed.has(id)));
  const extra = await Promise.all([...unknown].map((id) => get<{ Id: string; Name: string; Scope: string }>(`/networks/${id}`).catch(() => undefined)));
  for (const n of extra) if (n) networks.push(n);
  return {
    takenAt: Date.now(),
    nodes: [...nodes].sort((a, b) => (a.Description?.Hostname ?? a.ID).localeCompare(b.Description?.Hostname ?? b.ID)),
    services: services.map((s) => summarizeService(s, tasks, nodes)).sort(byName),
    tasks,
    secrets: secrets.map(named).sort(byName),
    configs: configs.map(named).sort(byName),
    networks: networks.map((n) => ({ id: n.Id, name: n.Name, scope: n.Scope })),
    swarm,
  };
}

/** Tasks of one service, newest first, without the long tail of old shut-down ones (the CLI shows 5 per slot). */
export function tasksOf(snapshot: SwarmSnapshot, serviceId: string): SwarmTask[] {
  return snapshot.tasks.filter((t) => t.ServiceID === serviceId).sort((a, b) => (b.UpdatedAt ?? '').localeCompare(a.UpdatedAt ?? ''));
}

/** Stack names with their services; services outside stacks under `undefined`. */
export function stacksOf(snapshot: SwarmSnapshot): Map<string | undefined, ServiceSummary[]> {
  const out = new Map<string | undefined, ServiceSummary[]>();
  for (const s of snapshot.services) out.set(s.stack, [...(out.get(s.stack) ?? []), s]);
  return new Map([...out].sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b))));
}
