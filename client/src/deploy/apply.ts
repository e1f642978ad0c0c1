// Applying a plan in docker stack deploy's order — manager check, networks, secrets, configs, services — with the
// services created and updated by a bounded pool instead of one by one. Every change lands in a journal as soon as
// the daemon accepted it, so a breaker trip, a cancel or a lost daemon always knows what this deploy changed.
// Cancelling stops new requests; requests already sent are allowed to finish, so the journal is never unsure.
import { EngineError, type CallOptions, type SwarmService } from '../engine';
import { resolveReferences, type DesiredObject, type ServiceSpecBody } from './convert';
import type { EngineOps, SwarmObject } from './engineOps';
import type { ObjectPlan, ServicePlan, StackPlan } from './plan';

export type ChangeKind =
  'network-created' | 'secret-created' | 'config-created' | 'secret-updated' | 'config-updated' | 'service-created' | 'service-updated' | 'service-removed';

export interface ChangeRecord {
  kind: ChangeKind;
  name: string;
  id: string;
  /** service-updated: the spec before (as inspected right before the update); *-updated objects: the spec before. */
  previousSpec?: unknown;
  /** service-updated: UpdateStatus.StartedAt before the update (to recognise the update swarm starts for it). */
  previousUpdateStartedAt?: string;
  /** service-removed: the whole service as it was. */
  removed?: SwarmService;
  at: number;
}

export class Journal {
  readonly records: ChangeRecord[] = [];

  add(record: Omit<ChangeRecord, 'at'>): ChangeRecord {
    const r = { ...record, at: Date.now() };
    this.records.push(r);
    return r;
  }

  get services(): ChangeRecord[] {
    return this.records.filter((r) => r.kind === 'service-created' || r.kind === 'service-updated');
  }
}

export interface ApplyStep {
  kind: 'manager-check' | 'network' | 'secret' | 'config' | 'service' | 'prune';
  name: string;
  action: string;
}

export interface ApplyOptions {
  /** Services submitted at once (default 4). */
  parallel?: number;
  /** The user's cancel: no new request once aborted. */
  signal?: AbortSignal;
  /** The breaker's stop: same effect as cancel, reported as stopped. */
  stop?: AbortSignal;
  /** With --version-changed: a secret whose content the swarm refuses to update gets a versioned name. */
  versionChanged?: boolean;
  onStepStarted?: (step: ApplyStep) => void;
  onStepFinished?: (step: ApplyStep, error?: Error) => void;
  /** Called as soon as a service was created or updated (the watcher starts following it). */
  onServiceSubmitted?: (plan: ServicePlan, record: ChangeRecord, before?: SwarmService) => void;
  call?: CallOptions;
}

export interface ApplyOutcome {
  status: 'done' | 'cancelled' | 'stopped' | 'failed';
  error?: Error;
  /** Services sent to the daemon, by name. */
  submitted: string[];
  /** Services that were planned but not sent. */
  pending: string[];
  warnings: string[];
}

const LABELS_ONLY = /only updates to Labels are allowed/i;

class Halt extends Error {}

/** Runs `fn` over `items` with at most `limit` at once; stops taking new items once `halted()` is true. */
async function pool<T>(items: T[], limit: number, halted: () => boolean, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && !halted() && failure === undefined) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure;
}

export async function applyPlan(ops: EngineOps, plan: StackPlan, journal: Journal, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const call = options.call ?? {};
  const warnings: string[] = [];
  const halted = () => !!options.signal?.aborted || !!options.stop?.aborted;
  const todo = plan.services.filter((s) => s.action === 'create' || s.action === 'update');
  const submitted: string[] = [];
  const step = async <R>(s: ApplyStep, fn: () => Promise<R>): Promise<R> => {
    if (halted()) throw new Halt();
    options.onStepStarted?.(s);
    try {
      const r = await fn();
      options.onStepFinished?.(s);
      return r;
    } catch (err) {
      options.onStepFinished?.(s, err as Error);
      throw err;
    }
  };
  try {
    await step({ kind: 'manager-check', name: plan.stack, action: 'check' }, () => ops.client.requireManager(call));
    for (const o of plan.objects.filter((x) => x.kind === 'network' && x.action === 'create')) {
      await step({ kind: 'network', name: o.name, action: 'create' }, async () => {
        const res = await ops.createNetwork(o.networkBody!, call);
        journal.add({ kind: 'network-created', name: o.name, id: res.Id });
      });
    }
    const secretIds = new Map(plan.live.secrets.map((s) => [s.Spec.Name, s.ID]));
    const configIds = new Map(plan.live.configs.map((s) => [s.Spec.Name, s.ID]));
    const renames = new Map<string, string>();
    for (const kind of ['secret', 'config'] as const) {
      for (const o of plan.objects.filter((x) => x.kind === kind)) {
        const ids = kind === 'secret' ? secretIds : configIds;
        await applyObject(ops, kind, o, journal, ids, renames, !!options.versionChanged, step, call);
      }
    }
    const specOf = (s: ServicePlan): ServiceSpecBody => {
      const spec = structuredClone(s.spec!);
      const c = spec.TaskTemplate.ContainerSpec;
      for (const r of c?.Secrets ?? []) r.SecretName = renames.get(r.SecretName) ?? r.SecretName;
      return resolveReferences(spec, secretIds, configIds);
    };
    await pool(todo, options.parallel ?? 4, halted, async (s) => {
      await step({ kind: 'service', name: s.name, action: s.action }, async () => {
        const spec = specOf(s);
        if (s.action === 'create') {
          const res = await ops.createService(spec, s.registryAuth, call);
          for (const w of res.Warnings ?? []) warnings.push(w);
          submitted.push(s.name);
          const rec = journal.add({ kind: 'service-created', name: s.name, id: res.ID });
          options.onServiceSubmitted?.(s, rec);
          return;
        }
        const { before, warnings: w } = await updateWithFreshVersion(ops, s.current!.ID, spec, s.registryAuth, call);
        warnings.push(...w);
        submitted.push(s.name);
        const rec = journal.add({
          kind: 'service-updated',
          name: s.name,
          id: before.ID,
          previousSpec: before.Spec,
          previousUpdateStartedAt: before.UpdateStatus?.StartedAt,
        });
        options.onServiceSubmitted?.(s, rec, before);
      });
    });
    if (submitted.length < todo.length) throw new Halt();
    return { status: 'done', submitted, pending: [], warnings };
  } catch (err) {
    const pending = todo.map((s) => s.name).filter((n) => !submitted.includes(n));
    if (err instanceof Halt) {
      return { status: options.signal?.aborted ? 'cancelled' : 'stopped', submitted, pending, warnings };
    }
    return { status: 'failed', error: err as Error, submitted, pending, warnings };
  }
}

/** Inspect for the version and the spec before, then update; a stale version ("update out of sequence") is retried. */
async function updateWithFreshVersion(
  ops: EngineOps,
  id: string,
  spec: ServiceSpecBody,
  auth: string | undefined,
  call: CallOptions,
): Promise<{ before: SwarmService; warnings: string[] }> {
  for (let attempt = 1; ; attempt++) {
    const before = await ops.inspectService(id, call);
    const body = { ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: before.Spec?.TaskTemplate?.ForceUpdate ?? spec.TaskTemplate.ForceUpdate } };
    try {
      const res = await ops.updateService(id, before.Version?.Index ?? 0, body, auth, call);
      return { before, warnings: res.Warnings ?? [] };
    } catch (err) {
      if (attempt >= 3 || !(err instanceof EngineError) || !/update out of sequence/i.test(err.detail)) throw err;
    }
  }
}

type Step = <R>(s: ApplyStep, fn: () => Promise<R>) => Promise<R>;

/**
 * createSecrets / createConfigs: create what is missing; relabel what changed labels. A secret the plan could not
 * verify is updated with its content as docker does, so a changed content is refused here (or versioned).
 */
async function applyObject(
  ops: EngineOps,
  kind: 'secret' | 'config',
  o: ObjectPlan,
  journal: Journal,
  ids: Map<string, string>,
  renames: Map<string, string>,
  versionChanged: boolean,
  step: Step,
  call: CallOptions,
): Promise<void> {
  const d = o.desired;
  if (!d) return;
  if (o.action === 'create') {
    await step({ kind, name: o.name, action: 'create' }, async () => {
      const res = await ops.createObject(kind, d.spec, call);
      ids.set(o.name, res.ID);
      journal.add({ kind: `${kind}-created`, name: o.name, id: res.ID });
    });
    return;
  }
  if (o.action !== 'update-labels' && o.action !== 'verify') return;
  await step({ kind, name: o.name, action: o.action === 'update-labels' ? 'update labels' : 'verify content' }, async () => {
    const current = await freshObject(ops, kind, o.name, call);
    try {
      await ops.updateObject(kind, current.ID, current.Version.Index, d.spec, call);
      if (o.action === 'update-labels') journal.add({ kind: `${kind}-updated`, name: o.name, id: current.ID, previousSpec: current.Spec });
    } catch (err) {
      if (!(err instanceof EngineError) || !LABELS_ONLY.test(err.detail)) throw err;
      if (!versionChanged) {
        throw new EngineError({
          kind: err.kind,
          message: `The content of ${kind} ${o.name} changed, and swarm refuses to update a ${kind}'s data: deploy with --version-changed to create a versioned ${kind}, or give it a new \`name:\` in the file`,
          detail: err.detail,
          statusCode: err.statusCode,
          operation: err.operation,
          cause: err,
        });
      }
      await createVersioned(ops, kind, o, d, journal, ids, renames, call);
    }
  });
}

async function createVersioned(
  ops: EngineOps,
  kind: 'secret' | 'config',
  o: ObjectPlan,
  d: DesiredObject,
  journal: Journal,
  ids: Map<string, string>,
  renames: Map<string, string>,
  call: CallOptions,
): Promise<void> {
  const name = `${o.name}-${d.sha256.slice(0, 8)}`;
  const existing = (await ops.listObjects(kind, { name: [name] }, call)).find((x) => x.Spec.Name === name);
  const id = existing?.ID ?? (await ops.createObject(kind, { ...d.spec, Name: name }, call)).ID;
  if (!existing) journal.add({ kind: `${kind}-created`, name, id });
  ids.set(name, id);
  renames.set(o.name, name);
}

async function freshObject(ops: EngineOps, kind: 'secret' | 'config', name: string, call: CallOptions): Promise<SwarmObject> {
  const found = (await ops.listObjects(kind, { name: [name] }, call)).find((x) => x.Spec.Name === name);
  if (!found) throw new Error(`${kind} ${name} disappeared while deploying`);
  return found;
}

/** --prune: removes the services the file no longer has (after the new ones converged). */
export async function pruneServices(
  ops: EngineOps,
  plan: StackPlan,
  journal: Journal,
  options: Pick<ApplyOptions, 'onStepStarted' | 'onStepFinished' | 'call'> = {},
): Promise<void> {
  for (const s of plan.services.filter((x) => x.action === 'remove')) {
    options.onStepStarted?.({ kind: 'prune', name: s.name, action: 'remove' });
    try {
      await ops.removeService(s.current!.ID, options.call);
      journal.add({ kind: 'service-removed', name: s.name, id: s.current!.ID, removed: s.current });
      options.onStepFinished?.({ kind: 'prune', name: s.name, action: 'remove' });
    } catch (err) {
      options.onStepFinished?.({ kind: 'prune', name: s.name, action: 'remove' }, err as Error);
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
}
