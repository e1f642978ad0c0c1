// Removing a stack like `docker stack rm`: everything carrying the stack's namespace label, in its order (services,
// then secrets, configs, networks), then waiting until the networks are really gone: swarm deletes a network only
// once the tasks attached to it are cleaned up, and a deploy made before that fails with "network … in use".
import { EngineOps, type RevisionStore } from '../deploy';
import type { EngineClient } from '../engine';

export interface StackObject {
  id: string;
  name: string;
}

export interface StackContents {
  stack: string;
  services: StackObject[];
  secrets: StackObject[];
  configs: StackObject[];
  networks: StackObject[];
  /** Revisions recorded for this stack and connection (they stay: a later deploy or rollback can use them). */
  revisions: number;
}

export interface StackRemovalResult {
  /** Whether every labelled network disappeared before the timeout. */
  networksGone: boolean;
  /** Networks still there at the end, and removals the Engine refused (with its message). */
  left: string[];
}

/** What `swarm-pilot rm` and Remove Stack would remove, read from the swarm (and the revision store when given). */
export async function stackContents(client: EngineClient, stack: string, revisions?: { store: RevisionStore; connection?: string }): Promise<StackContents> {
  const ops = new EngineOps(client);
  const label = { label: [`com.docker.stack.namespace=${stack}`] };
  const [services, secrets, configs, networks, kept] = await Promise.all([
    ops.stackServices(stack),
    ops.listObjects('secret', label),
    ops.listObjects('config', label),
    ops.stackNetworks(stack),
    revisions ? revisions.store.list(revisions.connection ?? client.endpoint.id, stack) : [],
  ]);
  const byName = (a: StackObject, b: StackObject) => a.name.localeCompare(b.name);
  return {
    stack,
    services: services.map((s) => ({ id: s.ID!, name: s.Spec?.Name ?? s.ID! })).sort(byName),
    secrets: secrets.map((s) => ({ id: s.ID, name: s.Spec.Name })).sort(byName),
    configs: configs.map((s) => ({ id: s.ID, name: s.Spec.Name })).sort(byName),
    networks: networks.map((n) => ({ id: n.Id, name: n.Name })).sort(byName),
    revisions: kept.length,
  };
}

export const isEmptyStack = (c: StackContents) => !c.services.length && !c.secrets.length && !c.configs.length && !c.networks.length;

/** The listing shown before asking: one line per kind that has something. */
export function removalLines(c: StackContents): string[] {
  const line = (kind: string, items: StackObject[]) => (items.length ? [`${items.length} ${kind}: ${items.map((i) => i.name).join(', ')}`] : []);
  return [
    ...line('service(s)', c.services),
    ...line('secret(s)', c.secrets),
    ...line('config(s)', c.configs),
    ...line('network(s)', c.networks),
    ...(c.revisions ? [`${c.revisions} recorded revision(s) of ${c.stack} are kept (a later deploy or Roll Back Stack can use them)`] : []),
  ];
}

const POLL_MS = 1000;

/**
 * Removes what `contents` lists in docker stack rm's order, then polls the stack's networks (removing again the
 * ones the Engine still refused) until none is left, the signal aborts or the timeout passes.
 */
export async function removeStack(
  client: EngineClient,
  contents: StackContents,
  opts: { onProgress?: (message: string) => void; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<StackRemovalResult> {
  const ops = new EngineOps(client);
  const refused = new Map<string, string>();
  const removeAll = async (kind: string, items: StackObject[], remove: (id: string) => Promise<void>) => {
    if (!items.length) return;
    opts.onProgress?.(`removing ${items.length} ${kind}(s)`);
    await Promise.all(
      items.map((i) =>
        remove(i.id).then(
          () => refused.delete(`${kind} ${i.name}`),
          (err: { statusCode?: number; message?: string }) => {
            if (err.statusCode !== 404) refused.set(`${kind} ${i.name}`, err.message ?? String(err));
          },
        ),
      ),
    );
  };
  await removeAll('service', contents.services, (id) => ops.removeService(id));
  await removeAll('secret', contents.secrets, (id) => ops.removeObject('secret', id));
  await removeAll('config', contents.configs, (id) => ops.removeObject('config', id));
  await removeAll('network', contents.networks, (id) => ops.removeNetwork(id));
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const refusedOthers = () => [...refused].filter(([k]) => !k.startsWith('network ')).map(([k, m]) => `${k}: ${m}`);
  for (;;) {
    const networks = await ops.stackNetworks(contents.stack);
    if (!networks.length) return { networksGone: true, left: refusedOthers() };
    opts.onProgress?.(`waiting for ${networks.length} network(s) to go: ${networks.map((n) => n.Name).join(', ')}`);
    if (opts.signal?.aborted || Date.now() > deadline) {
      const why = (name: string) => (refused.has(`network ${name}`) ? `: ${refused.get(`network ${name}`)}` : '');
      return { networksGone: false, left: [...networks.map((n) => `network ${n.Name}${why(n.Name)}`), ...refusedOthers()] };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    // A network whose tasks were still attached is refused at first; ask again.
    await removeAll(
      'network',
      networks.map((n) => ({ id: n.Id, name: n.Name })),
      (id) => ops.removeNetwork(id),
    );
  }
}
