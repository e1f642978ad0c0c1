// Secrets and configs on a live swarm: create, remove (refused while a service uses it, unless the uses go too), and
// rotate: their data cannot be updated (moby/moby#35803), so a rotation creates `<name>_v<N+1>`, points every service
// that uses the old one at it with the same target, uid/gid and mode, follows them to convergence, rolls them back
// server-side on failure, and only then removes the old one. Contents are passed through, never logged or stored.
import { EngineOps, type SwarmObject } from '../deploy';
import type { EngineClient, ServiceSpec, SwarmService, SwarmTask } from '../engine';
import { OpRefused } from './nodeOperations';
import { rollbackService, watchServiceUpdate, type UpdateOutcome } from './serviceOperations';

export type FileObjectKind = 'secret' | 'config';

/** A service's reference to a secret or config (ContainerSpec.Secrets / .Configs entries). */
interface ObjectRef {
  SecretID?: string;
  SecretName?: string;
  ConfigID?: string;
  ConfigName?: string;
  File?: { Name?: string; UID?: string; GID?: string; Mode?: number };
  Runtime?: object;
}

export interface ObjectUse {
  serviceId: string;
  service: string;
  /** The file targets the service mounts it as. */
  targets: string[];
}

const field = (kind: FileObjectKind) =>
  kind === 'secret' ? ({ list: 'Secrets', id: 'SecretID', name: 'SecretName' } as const) : ({ list: 'Configs', id: 'ConfigID', name: 'ConfigName' } as const);

/** The references in a service spec, or (`taskSpec`) in a task's spec, which is a copy of the TaskTemplate. */
function refsOf(spec: ServiceSpec | ServiceSpec['TaskTemplate'] | undefined, kind: FileObjectKind, taskSpec = false): ObjectRef[] {
  const template = taskSpec ? spec : (spec as ServiceSpec | undefined)?.TaskTemplate;
  const cs = (template as { ContainerSpec?: Record<string, unknown> } | undefined)?.ContainerSpec;
  return ((cs?.[field(kind).list] as ObjectRef[] | undefined) ?? []).filter(Boolean);
}

/** Replaces the container spec's references of one kind (a copy; the spec is not changed). */
function withRefs(spec: ServiceSpec, kind: FileObjectKind, refs: ObjectRef[]): ServiceSpec {
  const tt = (spec.TaskTemplate ?? {}) as { ContainerSpec?: Record<string, unknown> };
  const cs = { ...(tt.ContainerSpec ?? {}), [field(kind).list]: refs.length ? refs : undefined };
  return { ...spec, TaskTemplate: { ...tt, ContainerSpec: cs } as ServiceSpec['TaskTemplate'] };
}

/** The services whose spec references the object (by id). */
export function objectUses(services: readonly SwarmService[], kind: FileObjectKind, objectId: string): ObjectUse[] {
  const f = field(kind);
  return services
    .map((s) => ({ s, refs: refsOf(s.Spec, kind).filter((r) => r[f.id] === objectId) }))
    .filter(({ refs }) => refs.length > 0)
    .map(({ s, refs }) => ({ serviceId: s.ID!, service: s.Spec?.Name ?? s.ID!, targets: refs.map((r) => r.File?.Name ?? '?') }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** The object by exact name or id. */
export async function findObject(client: EngineClient, kind: FileObjectKind, nameOrId: string): Promise<SwarmObject> {
  const all = await new EngineOps(client).listObjects(kind);
  const found = all.find((o) => o.Spec.Name === nameOrId) ?? all.find((o) => o.ID === nameOrId);
  if (!found) throw new OpRefused(`no ${kind} named ${nameOrId}`);
  return found;
}

export async function createObject(
  client: EngineClient,
  kind: FileObjectKind,
  name: string,
  data: Buffer,
  labels: Record<string, string> = {},
): Promise<string> {
  const { ID } = await new EngineOps(client).createObject(kind, { Name: name, Labels: labels, Data: data.toString('base64') });
  return ID;
}

/**
 * Removes a secret or config. While services use it the removal is refused (naming them), unless `removeUses`:
 * then the reference is taken out of each service first (their tasks restart without the file).
 */
export async function removeObject(
  client: EngineClient,
  kind: FileObjectKind,
  nameOrId: string,
  opts: { removeUses?: boolean } = {},
): Promise<{ name: string; usesRemoved: string[] }> {
  const obj = await findObject(client, kind, nameOrId);
  const uses = objectUses(await client.listServices(), kind, obj.ID);
  if (uses.length && !opts.removeUses)
    throw new OpRefused(`${kind} ${obj.Spec.Name} is used by ${uses.map((u) => u.service).join(', ')}`, [
      `Remove its uses from ${uses.length === 1 ? 'that service' : 'those services'} first, or remove them together.`,
    ]);
  const f = field(kind);
  for (const u of uses)
    await client.updateService(u.serviceId, (spec) =>
      withRefs(
        spec,
        kind,
        refsOf(spec, kind).filter((r) => r[f.id] !== obj.ID),
      ),
    );
  await new EngineOps(client).removeObject(kind, obj.ID);
  return { name: obj.Spec.Name, usesRemoved: uses.map((u) => u.service) };
}

/** `name_v<N+1>` for `name_v<N>`, else `name_v2`; the first one not taken. */
export function nextObjectName(name: string, taken: ReadonlySet<string>): string {
  const m = /^(.*)_v(\d+)$/.exec(name);
  const base = m ? m[1] : name;
  let n = m ? Number(m[2]) + 1 : 2;
  while (taken.has(`${base}_v${n}`)) n++;
  return `${base}_v${n}`;
}

export interface RotationService {
  service: string;
  outcome: UpdateOutcome;
  errors: string[];
}

export interface RotationResult {
  ok: boolean;
  oldName: string;
  newName: string;
  services: RotationService[];
  /** What happened, in words. */
  message: string;
}

/**
 * Rotates a secret or config to new content. On success every user runs with the new one and the old one is gone;
 * when any service fails to converge, every updated service is rolled back (server-side), the new object is removed
 * and the old one stays in use.
 */
export async function rotateObject(
  client: EngineClient,
  kind: FileObjectKind,
  nameOrId: string,
  data: Buffer,
  opts: { onProgress?: (message: string) => void; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<RotationResult> {
  const ops = new EngineOps(client);
  const old = await findObject(client, kind, nameOrId);
  const newName = nextObjectName(old.Spec.Name, new Set((await ops.listObjects(kind)).map((o) => o.Spec.Name)));
  const uses = objectUses(await client.listServices(), kind, old.ID);
  const { ID: newId } = await ops.createObject(kind, { ...old.Spec, Name: newName, Data: data.toString('base64') });
  opts.onProgress?.(`created ${kind} ${newName}; updating ${uses.length} service(s)`);
  const f = field(kind);
  // Same target, uid/gid, mode: only the id and name change.
  const repoint = (spec: ServiceSpec) =>
    withRefs(
      spec,
      kind,
      refsOf(spec, kind).map((r) => (r[f.id] === old.ID ? { ...r, [f.id]: newId, [f.name]: newName } : r)),
    );
  const isCurrent = (t: SwarmTask) => refsOf(t.Spec as ServiceSpec['TaskTemplate'], kind, true).some((r) => r[f.id] === newId);
  const watch = (serviceId: string) =>
    watchServiceUpdate(client, serviceId, { signal: opts.signal, timeoutMs: opts.timeoutMs, onProgress: opts.onProgress, isCurrent });
  const updated: ObjectUse[] = [];
  const results: RotationService[] = [];
  try {
    for (const u of uses) {
      await client.updateService(u.serviceId, repoint);
      updated.push(u);
    }
    results.push(
      ...(await Promise.all(uses.map(async (u) => ({ use: u, r: await watch(u.serviceId) })))).map(({ use, r }) => ({
        service: use.service,
        outcome: r.outcome,
        errors: r.failedTasks.map((t) => t.error),
      })),
    );
  } catch (err) {
    results.push({ service: uses[updated.length]?.service ?? '?', outcome: 'cancelled', errors: [(err as Error).message] });
  }
  if (results.length === uses.length && results.every((r) => r.outcome === 'converged')) {
    await ops.removeObject(kind, old.ID);
    return {
      ok: true,
      oldName: old.Spec.Name,
      newName,
      services: results,
      message: `${kind} ${old.Spec.Name} rotated to ${newName}: ${uses.length} service(s) converged, ${old.Spec.Name} removed`,
    };
  }
  // Failure: every service we changed goes back to its previous spec (which uses the old object).
  const failed = results
    .filter((r) => r.outcome !== 'converged')
    .map((r) => `${r.service} ${r.outcome}${r.errors.length ? ` (${[...new Set(r.errors)].slice(0, 2).join('; ')})` : ''}`);
  opts.onProgress?.(`rolling back ${updated.length} service(s): ${failed.join(', ')}`);
  const rolledBack = await Promise.all(
    updated.map(async (u) => {
      const svc = await client.inspectService(u.serviceId);
      if (!(svc.UpdateStatus as { State?: string } | undefined)?.State?.startsWith('rollback')) await rollbackService(client, u.serviceId);
      return (await watchServiceUpdate(client, u.serviceId, { timeoutMs: opts.timeoutMs })).outcome;
    }),
  );
  const removedNew = await ops.removeObject(kind, newId).then(
    () => true,
    () => false,
  );
  const back = rolledBack.every((o) => o === 'rolled back' || o === 'converged');
  return {
    ok: false,
    oldName: old.Spec.Name,
    newName,
    services: results,
    message: `${kind} ${old.Spec.Name} not rotated: ${failed.join(', ')}; ${back ? `${updated.length} service(s) rolled back to ${old.Spec.Name}` : `rollback: ${rolledBack.join(', ')}`}, which is kept${removedNew ? `; ${newName} removed` : `; ${newName} could not be removed yet`}`,
  };
}
