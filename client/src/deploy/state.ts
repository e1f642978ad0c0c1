// What a stack looks like on the swarm right now: the manager's info, the nodes, the stack's services and the
// networks, secrets and configs a deploy compares against. Read-only.
import type { CallOptions, EngineInfo, SwarmNode, SwarmService } from '../engine';
import type { EngineOps, NetworkSummary, SwarmObject } from './engineOps';

export interface LiveState {
  info: EngineInfo;
  nodes: SwarmNode[];
  /** Services carrying the stack's namespace label. */
  services: SwarmService[];
  /** Every network the daemon lists (local and swarm scope). */
  networks: NetworkSummary[];
  /** Network ID → name, including swarm-scope IDs the list leaves out (the swarm's `host` network). */
  networkNames: Map<string, string>;
  secrets: SwarmObject[];
  configs: SwarmObject[];
}

export async function readLiveState(ops: EngineOps, namespace: string, opts: CallOptions = {}): Promise<LiveState> {
  const info = await ops.client.info(opts);
  const manager = info.swarm.state === 'active' && info.swarm.isManager;
  if (!manager) {
    // Cluster endpoints answer 503 on workers; the plan reports "not a manager" from info alone.
    return { info, nodes: [], services: [], networks: await ops.listNetworks(undefined, opts), networkNames: new Map(), secrets: [], configs: [] };
  }
  const [nodes, services, networks, secrets, configs] = await Promise.all([
    ops.client.listNodes(undefined, opts),
    ops.stackServices(namespace, opts),
    ops.listNetworks(undefined, opts),
    ops.listObjects('secret', undefined, opts),
    ops.listObjects('config', undefined, opts),
  ]);
  const networkNames = new Map(networks.map((n) => [n.Id, n.Name]));
  const unknown = new Set(
    services.flatMap((s) => (s.Spec?.TaskTemplate?.Networks ?? []).map((n) => n.Target ?? '')).filter((id) => id && !networkNames.has(id)),
  );
  await Promise.all(
    [...unknown].map(async (id) => {
      try {
        networkNames.set(id, (await ops.inspectNetwork(id, opts)).Name);
      } catch {
        /* removed meanwhile: the ID stays as it is */
      }
    }),
  );
  return { info, nodes, services, networks, networkNames, secrets, configs };
}

export interface StackSnapshot {
  /** Service specs by name, with network, secret and config IDs replaced by their names. */
  services: Record<string, { id: string; spec: unknown; previousSpec?: unknown; updateState?: string }>;
  /** Networks by name: what their creation asked for (allocated values such as the VXLAN id are left out). */
  networks: Record<
    string,
    {
      Driver: string;
      Scope: string;
      Internal: boolean;
      Attachable: boolean;
      Labels: Record<string, string>;
      Options: Record<string, string>;
      Subnets: string[];
    }
  >;
  secrets: Record<string, unknown>;
  configs: Record<string, unknown>;
}

/** Replaces the daemon-assigned IDs in a service spec by names (for comparing stacks deployed separately). */
function namedSpec(spec: unknown, names: { networks: Map<string, string>; secrets: Map<string, string>; configs: Map<string, string> }): unknown {
  const s = structuredClone(spec) as
    | { TaskTemplate?: { Networks?: { Target?: string }[]; ContainerSpec?: { Secrets?: { SecretID?: string }[]; Configs?: { ConfigID?: string }[] } } }
    | undefined;
  for (const n of s?.TaskTemplate?.Networks ?? []) if (n.Target) n.Target = names.networks.get(n.Target) ?? n.Target;
  for (const r of s?.TaskTemplate?.ContainerSpec?.Secrets ?? []) if (r.SecretID) r.SecretID = `<${names.secrets.get(r.SecretID) ?? r.SecretID}>`;
  for (const r of s?.TaskTemplate?.ContainerSpec?.Configs ?? []) if (r.ConfigID) r.ConfigID = `<${names.configs.get(r.ConfigID) ?? r.ConfigID}>`;
  return s;
}

/**
 * Everything of a stack as the swarm holds it, keyed by name and free of IDs: to compare two deploys of the same
 * files, or the swarm before and after a rolled-back deploy.
 */
export async function snapshotStack(ops: EngineOps, namespace: string, opts: CallOptions = {}): Promise<StackSnapshot> {
  const live = await readLiveState(ops, namespace, opts);
  const label = (l: Record<string, string> | null | undefined) => l?.['com.docker.stack.namespace'] === namespace;
  const names = {
    networks: live.networkNames,
    secrets: new Map(live.secrets.map((s) => [s.ID, s.Spec.Name])),
    configs: new Map(live.configs.map((s) => [s.ID, s.Spec.Name])),
  };
  const snapshot: StackSnapshot = { services: {}, networks: {}, secrets: {}, configs: {} };
  for (const s of live.services) {
    snapshot.services[s.Spec?.Name ?? s.ID] = {
      id: s.ID,
      spec: namedSpec(s.Spec, names),
      ...(s.PreviousSpec ? { previousSpec: namedSpec(s.PreviousSpec, names) } : {}),
      ...(s.UpdateStatus?.State ? { updateState: s.UpdateStatus.State } : {}),
    };
  }
  for (const n of live.networks.filter((x) => label(x.Labels))) {
    const full = (await ops.inspectNetwork(n.Id, opts)) as NetworkSummary & {
      Internal?: boolean;
      Attachable?: boolean;
      Options?: Record<string, string> | null;
      IPAM?: { Config?: { Subnet?: string }[] | null };
    };
    const options = { ...(full.Options ?? {}) };
    delete options['com.docker.network.driver.overlay.vxlanid_list'];
    snapshot.networks[n.Name] = {
      Driver: full.Driver,
      Scope: full.Scope,
      Internal: !!full.Internal,
      Attachable: !!full.Attachable,
      Labels: full.Labels ?? {},
      Options: options,
      Subnets: (full.IPAM?.Config ?? []).map((c) => c.Subnet ?? ''),
    };
  }
  for (const s of live.secrets.filter((x) => label(x.Spec.Labels))) snapshot.secrets[s.Spec.Name] = s.Spec;
  for (const c of live.configs.filter((x) => label(x.Spec.Labels))) snapshot.configs[c.Spec.Name] = c.Spec;
  return snapshot;
}
