// The plan of a deploy, computed before anything changes: which services are created, updated (and how) or left
// alone, which networks, secrets and configs are created, what --prune removes, and the checks only the live swarm
// can answer (manager, constraints vs nodes, max replicas per node, image architecture, external objects, secret /
// config contents changed under the same name). Image resolution (`--resolve-image`) happens here too — it only
// reads the registry — so the plan shows the exact specs apply will post.
import type { CallOptions, SwarmService } from '../engine';
import {
  familiarString,
  imageWithTag,
  isUserDefinedNetwork,
  LABEL_IMAGE,
  parseNormalizedNamed,
  resolveReferences,
  type DesiredObject,
  type DesiredService,
  type DesiredStack,
  type ServiceSpecBody,
} from './convert';
import type { EngineOps, SwarmObject } from './engineOps';
import {
  externalChecks,
  imageArchCheck,
  placementChecks,
  volumeDriverChecks,
  volumeDriversOf,
  type ImagePlatforms,
  type LiveCheckCode,
  type LiveCheckProblem,
} from './liveChecks';
import { PREVIOUS_FILES_LABEL, PREVIOUS_REVISION_LABEL, REVISION_LABEL } from './revisions';
import { restartsTasks, serviceChanges, type SpecChange } from './specDiff';
import type { LiveState } from './state';

export type ResolveImage = 'always' | 'changed' | 'never';

export interface PlanProblem {
  severity: 'error' | 'warning';
  code: LiveCheckCode | 'not-manager' | 'network-name-taken' | 'content-changed' | 'content-missing' | 'image-not-resolved';
  message: string;
  service?: string;
  object?: string;
  at?: LiveCheckProblem['at'];
}

export interface ServicePlan {
  key: string;
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'remove' | 'orphan';
  /** Existing service (update, unchanged, remove, orphan). */
  current?: SwarmService;
  /** The body apply posts (IDs of objects created by this deploy are filled in at apply time). */
  spec?: ServiceSpecBody;
  changes: SpecChange[];
  /** The update starts a rolling update (task template or ports changed). */
  restarts: boolean;
  /** X-Registry-Auth header (with --with-registry-auth). */
  registryAuth?: string;
}

export interface ObjectPlan {
  kind: 'network' | 'secret' | 'config';
  name: string;
  /** verify: a secret whose content can only be checked by updating it (docker's way). */
  action: 'create' | 'exists' | 'verify' | 'update-labels' | 'external';
  /** The compose key that asked for it (secrets and configs). */
  key?: string;
  /** Set when the content changed and a versioned name is used instead. */
  versionOf?: string;
  desired?: DesiredObject;
  current?: SwarmObject;
  networkBody?: DesiredStack['networks'][number];
}

export interface StackPlan {
  stack: string;
  /** The desired state after versioning (what the revision records). */
  desired: DesiredStack;
  services: ServicePlan[];
  objects: ObjectPlan[];
  problems: PlanProblem[];
  warnings: string[];
  /** No problem of severity error. */
  ok: boolean;
  /** Something would change. */
  changes: boolean;
  live: LiveState;
  /** Options the plan was made with. */
  prune: boolean;
  resolveImage: ResolveImage;
}

export interface RevisionLabels {
  id: string;
  previousId?: string;
  /** encodeFilesLabel of the previous revision's files. */
  previousFiles?: string;
}

export interface PlanOptions {
  prune?: boolean;
  resolveImage?: ResolveImage;
  /** Give configs/secrets whose content changed a new name `<name>-<sha256[0:8]>` instead of failing. */
  versionChanged?: boolean;
  /** sha256 of secret contents as last deployed (from the revision store), by secret name. */
  knownSecretHashes?: Record<string, string>;
  /** Labels to add to every service (revision tracking); undefined: none. */
  revisionLabels?: (desired: DesiredStack) => RevisionLabels | undefined;
  /** X-Registry-Auth per image (with --with-registry-auth). */
  registryAuth?: (image: string) => { header?: string; warning?: string };
  call?: CallOptions;
}

const versionedName = (name: string, sha256: string) => `${name}-${sha256.slice(0, 8)}`;

/** image@digest as the Go client pins it (imageWithDigestString), keeping the tag. */
function withDigest(image: string, digest: string): string {
  try {
    const ref = parseNormalizedNamed(image);
    return ref.digest ? image : familiarString({ ...ref, digest });
  } catch {
    return image;
  }
}

function digestWarning(image: string): string {
  return `image ${image} could not be accessed on a registry to record\nits digest. Each node will access ${image} independently,\npossibly leading to different nodes running different\nversions of the image.\n`;
}

export async function planStack(ops: EngineOps, desiredIn: DesiredStack, live: LiveState, options: PlanOptions = {}): Promise<StackPlan> {
  const resolveImage = options.resolveImage ?? 'always';
  const problems: PlanProblem[] = [];
  const warnings: string[] = [];
  const objects: ObjectPlan[] = [];
  const desired = structuredClone(desiredIn);
  const ns = desired.namespace;

  if (live.info.swarm.state !== 'active' || !live.info.swarm.isManager) {
    problems.push({
      severity: 'error',
      code: 'not-manager',
      message: 'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again',
    });
  }

  // Networks: external ones must exist in swarm scope (looked up when the list leaves them out); the stack's are
  // created unless the stack has them.
  const byName = new Map(live.networks.map((n) => [n.Name, n]));
  for (const name of desired.externalNetworks) {
    if (isUserDefinedNetwork(name) && !byName.has(name)) {
      try {
        byName.set(name, await ops.inspectNetwork(name, options.call));
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    }
    objects.push({ kind: 'network', name, action: 'external' });
  }
  const existing_ = {
    networks: [...byName.values()].map((n) => ({ name: n.Name, scope: n.Scope })),
    secrets: live.secrets.map((o) => o.Spec.Name),
    configs: live.configs.map((o) => o.Spec.Name),
  };
  problems.push(...externalChecks(desired, existing_).filter((p) => p.code.startsWith('external-network')));
  for (const body of desired.networks) {
    const existing = byName.get(body.Name);
    const ours = existing?.Labels?.['com.docker.stack.namespace'] === ns;
    if (existing && !ours)
      problems.push({
        severity: 'error',
        code: 'network-name-taken',
        object: body.Name,
        message: `network ${body.Name} already exists and does not belong to stack ${ns}; docker would fail to create it`,
      });
    objects.push({ kind: 'network', name: body.Name, action: existing ? 'exists' : 'create', networkBody: body });
  }

  // Secrets and configs: created, kept, relabelled, or — content changed — versioned or refused.
  const renames = new Map<string, string>();
  for (const kind of ['secret', 'config'] as const) {
    const list = kind === 'secret' ? desired.secrets : desired.configs;
    const live_ = kind === 'secret' ? live.secrets : live.configs;
    const liveByName = new Map(live_.map((o) => [o.Spec.Name, o]));
    for (const obj of list) {
      const current = liveByName.get(obj.spec.Name);
      if (!current) {
        if (obj.withheld) {
          problems.push({
            severity: 'error',
            code: 'content-missing',
            object: obj.spec.Name,
            message: `${kind} ${obj.spec.Name} no longer exists on the swarm, and its content is not kept in revisions: create it again (docker ${kind} create) before rolling back`,
          });
        }
        objects.push({ kind, name: obj.spec.Name, action: 'create', key: obj.key, desired: obj });
        continue;
      }
      const known = kind === 'config' ? current.Spec.Data !== undefined : options.knownSecretHashes?.[obj.spec.Name] !== undefined;
      const same = kind === 'config' ? (current.Spec.Data ?? '') === (obj.spec.Data ?? '') : options.knownSecretHashes?.[obj.spec.Name] === obj.sha256;
      if (known && !same && obj.sha256) {
        if (!options.versionChanged) {
          problems.push({
            severity: 'error',
            code: 'content-changed',
            object: obj.spec.Name,
            message: `the content of ${kind} ${obj.spec.Name} changed, and swarm refuses to update a ${kind}'s data ("only updates to Labels are allowed"): deploy with --version-changed to create ${versionedName(obj.spec.Name, obj.sha256)} and point the services at it, or give it a new \`name:\` in the file`,
          });
          objects.push({ kind, name: obj.spec.Name, action: 'exists', key: obj.key, desired: obj, current });
          continue;
        }
        const newName = versionedName(obj.spec.Name, obj.sha256);
        renames.set(`${kind}\u0000${obj.spec.Name}`, newName);
        const versioned = liveByName.get(newName);
        const original = obj.spec.Name;
        obj.spec = { ...obj.spec, Name: newName };
        objects.push({ kind, name: newName, action: versioned ? 'exists' : 'create', key: obj.key, versionOf: original, desired: obj, current: versioned });
        continue;
      }
      const labelsSame = JSON.stringify(sortKeys(current.Spec.Labels ?? {})) === JSON.stringify(sortKeys(obj.spec.Labels));
      // Swarm never returns a secret's data: without a recorded hash the content is checked the way docker does,
      // by posting the update (refused when the data differs) before any service is touched.
      const verify = kind === 'secret' && !known && !obj.withheld && obj.spec.Data !== undefined;
      objects.push({ kind, name: obj.spec.Name, action: labelsSame ? (verify ? 'verify' : 'exists') : 'update-labels', key: obj.key, desired: obj, current });
    }
    const externals = kind === 'secret' ? desired.externalSecrets : desired.externalConfigs;
    for (const name of externals) objects.push({ kind, name, action: 'external' });
  }
  problems.push(...externalChecks(desired, existing_).filter((p) => !p.code.startsWith('external-network')));
  for (const s of desired.services) {
    const c = s.spec.TaskTemplate.ContainerSpec;
    for (const r of c?.Secrets ?? []) r.SecretName = renames.get(`secret\u0000${r.SecretName}`) ?? r.SecretName;
    for (const r of c?.Configs ?? []) r.ConfigName = renames.get(`config\u0000${r.ConfigName}`) ?? r.ConfigName;
  }

  // Services.
  const labels = options.revisionLabels?.(desired);
  const existing = new Map(live.services.map((s) => [s.Spec?.Name ?? '', s]));
  const ids = objectIds(live, objects);
  const services: ServicePlan[] = [];
  const firstName = desired.services[0]?.name;
  for (const d of desired.services) {
    const current = existing.get(d.name);
    const labelled = structuredClone(d.spec);
    if (labels) {
      labelled.Labels[REVISION_LABEL] = labels.id;
      if (labels.previousId) labelled.Labels[PREVIOUS_REVISION_LABEL] = labels.previousId;
      if (labels.previousFiles && d.name === firstName) labelled.Labels[PREVIOUS_FILES_LABEL] = labels.previousFiles;
    }
    const spec = resolveReferences(labelled, ids.secrets, ids.configs, false);
    const auth = options.registryAuth?.(d.image);
    if (auth?.warning) warnings.push(auth.warning);
    await resolveImageFor(ops, spec, d, current, resolveImage, auth?.header, warnings, options.call);
    if (current) spec.TaskTemplate.ForceUpdate = current.Spec?.TaskTemplate?.ForceUpdate ?? 0;
    if (!current) {
      services.push({ key: d.key, name: d.name, action: 'create', spec, changes: [], restarts: true, registryAuth: auth?.header });
      continue;
    }
    const changes = serviceChanges(current.Spec, spec, live.networkNames);
    services.push({
      key: d.key,
      name: d.name,
      action: changes.length ? 'update' : 'unchanged',
      current,
      spec,
      changes,
      restarts: restartsTasks(changes),
      registryAuth: auth?.header,
    });
  }
  const wanted = new Set(desired.services.map((s) => s.name));
  for (const s of live.services) {
    const name = s.Spec?.Name ?? '';
    if (!wanted.has(name))
      services.push({
        key: name.startsWith(`${ns}_`) ? name.slice(ns.length + 1) : name,
        name,
        action: options.prune ? 'remove' : 'orphan',
        current: s,
        changes: [],
        restarts: false,
      });
  }

  problems.push(...placementChecks(withSpec(services), live.nodes));
  const drivers = volumeDriversOf(live.info);
  if (drivers) problems.push(...volumeDriverChecks(desired.services, drivers, ns));
  await imageArchChecks(ops, services, live, problems, options.call);

  const ok = !problems.some((p) => p.severity === 'error');
  const changes =
    services.some((s) => s.action === 'create' || s.action === 'update' || s.action === 'remove') ||
    objects.some((o) => o.action === 'create' || o.action === 'update-labels' || o.action === 'verify');
  return { stack: ns, desired, services, objects, problems, warnings: [...new Set(warnings)], ok, changes, live, prune: !!options.prune, resolveImage };
}

const sortKeys = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/** IDs of the secrets and configs that already exist under the names the services will reference. */
function objectIds(live: LiveState, objects: ObjectPlan[]): { secrets: Map<string, string>; configs: Map<string, string> } {
  const secrets = new Map(live.secrets.map((o) => [o.Spec.Name, o.ID]));
  const configs = new Map(live.configs.map((o) => [o.Spec.Name, o.ID]));
  for (const o of objects) if (o.action === 'create') (o.kind === 'secret' ? secrets : o.kind === 'config' ? configs : new Map()).delete(o.name);
  return { secrets, configs };
}

/**
 * deployServices' image handling: `always` asks the registry on every deploy, `changed` when the image differs from
 * the com.docker.stack.image label, and `never` (and `changed` without a change) keeps the image the service runs
 * when the label still matches, so a digest pinned earlier is not dropped.
 */
async function resolveImageFor(
  ops: EngineOps,
  spec: ServiceSpecBody,
  d: DesiredService,
  current: SwarmService | undefined,
  mode: ResolveImage,
  auth: string | undefined,
  warnings: string[],
  call?: CallOptions,
): Promise<void> {
  const c = spec.TaskTemplate.ContainerSpec;
  if (!c?.Image) return;
  const label = current?.Spec?.Labels?.[LABEL_IMAGE];
  const query = current ? mode === 'always' || (mode === 'changed' && d.image !== label) : mode !== 'never';
  if (!query) {
    if (current && d.image === label) c.Image = (current.Spec as ServiceSpecBody | undefined)?.TaskTemplate?.ContainerSpec?.Image ?? c.Image;
    return;
  }
  try {
    const dist = await ops.distributionInspect(c.Image, auth, call);
    c.Image = withDigest(c.Image, dist.Descriptor.digest);
    const platforms = (dist.Platforms ?? []).map((p) => ({
      Architecture: (p.architecture ?? '').toLowerCase() === 'arm' ? '' : (p.architecture ?? ''),
      OS: p.os ?? '',
    }));
    if (platforms.length) spec.TaskTemplate.Placement = { ...(spec.TaskTemplate.Placement ?? {}), Platforms: platforms };
  } catch {
    warnings.push(digestWarning(c.Image));
  }
}

/** The plan's services with a spec (create, update, unchanged) for the shared live checks. */
const withSpec = (services: ServicePlan[]) => services.filter((s): s is ServicePlan & { spec: ServiceSpecBody } => !!s.spec);

/**
 * The image's architectures against the eligible nodes' ones: the registry's platforms when `--resolve-image` asked it
 * (recorded on the spec as the platforms swarm filters by), else the connected daemon's local image, when it has it.
 * The plan asks the registry no more than the resolve mode does.
 */
async function imageArchChecks(ops: EngineOps, services: ServicePlan[], live: LiveState, problems: PlanProblem[], call?: CallOptions): Promise<void> {
  if (!live.nodes.length) return;
  const cache = new Map<string, Promise<string | undefined>>();
  const archOf = (image: string) => {
    if (!cache.has(image))
      cache.set(
        image,
        ops.inspectImage(image, call).then(
          (i) => i?.Architecture || undefined,
          () => undefined,
        ),
      );
    return cache.get(image)!;
  };
  await Promise.all(
    withSpec(services).map(async (s) => {
      if (s.action !== 'create' && s.action !== 'update') return;
      const image = s.spec.TaskTemplate.ContainerSpec?.Image;
      const fromRegistry = (s.spec.TaskTemplate.Placement?.Platforms ?? []).map((p) => p.Architecture).filter(Boolean);
      const platforms: ImagePlatforms | string | undefined = fromRegistry.length
        ? { archs: fromRegistry, source: 'registry' }
        : image
          ? await archOf(imageWithTag(image))
          : undefined;
      const problem = platforms ? imageArchCheck(s, platforms, live.nodes) : undefined;
      if (problem) problems.push(problem);
    }),
  );
}
