// The services a stack runs, rendered back as a stack file (what `docker stack deploy` would need to recreate them),
// for "Compare with Running": the convert step in reverse for the fields a stack file sets, with the Engine's defaults
// and the deploy-time labels left out, and the keys in the order of the file it is compared with. Pure.
import { isDeepStrictEqual } from 'node:util';
import { Document, isAlias, isMap, isScalar, parseDocument, visit, type Node, type YAMLMap } from 'yaml';
import type { SwarmService } from '../engine';
import { imageWithTag, LABEL_IMAGE, type ServiceSpecBody } from './convert';

type Obj = Record<string, unknown>;

const SECOND = 1_000_000_000;
const DEPLOY_LABEL = /^com\.(docker\.stack|swarm-pilot)\./;

/** Nanoseconds as a Go duration (`1m30s`, `500ms`), as a stack file writes them. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const units: [string, number][] = [
    ['h', 3600 * SECOND],
    ['m', 60 * SECOND],
    ['s', SECOND],
    ['ms', 1_000_000],
    ['us', 1000],
    ['ns', 1],
  ];
  let rest = ns;
  let out = '';
  for (const [u, size] of units) {
    const n = Math.floor(rest / size);
    if (n) out += `${n}${u}`;
    rest -= n * size;
  }
  return out;
}

/** Drops undefined, empty objects and empty lists. */
function compact(o: Obj): Obj | undefined {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || (Array.isArray(v) && !v.length) || (v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length)) continue;
    out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

const userLabels = (labels: Record<string, string> | undefined) =>
  compact(Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !DEPLOY_LABEL.test(k))));
const duration = (ns: number | undefined, dflt?: number) => (ns === undefined || ns === dflt ? undefined : goDuration(ns));

function updateConfig(u: ServiceSpecBody['UpdateConfig']): Obj | undefined {
  if (!u) return undefined;
  return compact({
    parallelism: u.Parallelism === 1 ? undefined : u.Parallelism,
    delay: duration(u.Delay || undefined),
    failure_action: u.FailureAction && u.FailureAction !== 'pause' ? u.FailureAction : undefined,
    monitor: duration(u.Monitor || undefined, 5 * SECOND),
    max_failure_ratio: u.MaxFailureRatio || undefined,
    order: u.Order && u.Order !== 'stop-first' ? u.Order : undefined,
  });
}

/** The image as the file most likely wrote it: the stack label when the running image is it (digest pinned or not). */
function imageOf(spec: ServiceSpecBody): string | undefined {
  const running = spec.TaskTemplate.ContainerSpec?.Image;
  const label = spec.Labels?.[LABEL_IMAGE];
  if (!running) return label || undefined;
  const bare = running.replace(/@sha256:[0-9a-f]+$/, '');
  return label && imageWithTag(label) === bare ? label : bare;
}

/** One service's stack-file form. `scope` strips the `<stack>_` prefix of the stack's own objects. */
function renderService(spec: ServiceSpecBody, scope: (name: string) => string, networkName: (id: string) => string): Obj {
  const t = spec.TaskTemplate;
  const c = t.ContainerSpec ?? {};
  const mode = spec.Mode;
  const r = t.Resources;
  const resources = (x: { NanoCPUs?: number; MemoryBytes?: number; Pids?: number } | undefined) =>
    x &&
    compact({ cpus: x.NanoCPUs ? String(x.NanoCPUs / 1e9) : undefined, memory: x.MemoryBytes ? `${x.MemoryBytes}` : undefined, pids: x.Pids || undefined });
  const restart = t.RestartPolicy;
  const hc = c.Healthcheck;
  return (
    compact({
      image: imageOf(spec),
      entrypoint: c.Command,
      command: c.Args,
      environment: c.Env && Object.fromEntries(c.Env.map((e) => (e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : [e, null]))),
      labels: userLabels(c.Labels),
      hostname: c.Hostname,
      user: c.User,
      working_dir: c.Dir,
      init: c.Init ?? undefined,
      stop_grace_period: duration(c.StopGracePeriod, 10 * SECOND),
      healthcheck:
        hc &&
        compact({
          test: hc.Test,
          interval: duration(hc.Interval || undefined),
          timeout: duration(hc.Timeout || undefined),
          retries: hc.Retries || undefined,
          start_period: duration(hc.StartPeriod || undefined),
        }),
      volumes: c.Mounts?.map((m) =>
        `${m.Type === 'volume' && m.Source ? scope(m.Source) : (m.Source ?? '')}:${m.Target}${m.ReadOnly ? ':ro' : ''}`.replace(/^:/, ''),
      ),
      networks: t.Networks?.map((n) => scope(networkName(n.Target ?? ''))),
      secrets: c.Secrets?.map((s) => scope(s.SecretName ?? '')),
      configs: c.Configs?.map((s) => scope(s.ConfigName ?? '')),
      ports: spec.EndpointSpec?.Ports?.map((p) =>
        compact({
          target: p.TargetPort,
          published: p.PublishedPort,
          protocol: p.Protocol && p.Protocol !== 'tcp' ? p.Protocol : undefined,
          mode: p.PublishMode === 'host' ? 'host' : undefined,
        }),
      ),
      logging: t.LogDriver && compact({ driver: t.LogDriver.Name, options: t.LogDriver.Options }),
      deploy: compact({
        mode: mode.Global ? 'global' : mode.ReplicatedJob ? 'replicated-job' : mode.GlobalJob ? 'global-job' : undefined,
        replicas: mode.Replicated ? (mode.Replicated.Replicas ?? 1) : mode.ReplicatedJob?.TotalCompletions,
        endpoint_mode: spec.EndpointSpec?.Mode === 'dnsrr' ? 'dnsrr' : undefined,
        labels: userLabels(spec.Labels),
        placement:
          t.Placement &&
          compact({
            constraints: t.Placement.Constraints,
            preferences: t.Placement.Preferences?.map((p) => ({ spread: p.Spread?.SpreadDescriptor })),
            max_replicas_per_node: t.Placement.MaxReplicas || undefined,
          }),
        resources: r && compact({ limits: resources(r.Limits), reservations: resources(r.Reservations) }),
        restart_policy:
          restart &&
          compact({
            condition: restart.Condition && restart.Condition !== 'any' ? restart.Condition : undefined,
            delay: duration(restart.Delay, 5 * SECOND),
            max_attempts: restart.MaxAttempts || undefined,
            window: duration(restart.Window || undefined),
          }),
        update_config: updateConfig(spec.UpdateConfig),
        rollback_config: updateConfig(spec.RollbackConfig),
      }),
    }) ?? {}
  );
}

/** `o`'s keys in the order `like` has them (the file's), the others after in their own order; recursively. */
export function orderLike(o: unknown, like: unknown): unknown {
  if (!o || typeof o !== 'object' || Array.isArray(o) || !like || typeof like !== 'object' || Array.isArray(like)) return o;
  const src = o as Obj;
  const ref = like as Obj;
  const keys = [...Object.keys(ref).filter((k) => k in src), ...Object.keys(src).filter((k) => !(k in ref))];
  return Object.fromEntries(keys.map((k) => [k, orderLike(src[k], ref[k])]));
}

export interface RenderOptions {
  /** The stack's network IDs → names. */
  networkNames: ReadonlyMap<string, string>;
  /** The parsed file (plain YAML value): its key order is followed, its sections other than services are kept. */
  like?: unknown;
  /** A comment block put first (the field-level differences). */
  header?: string[];
  /** The file's text: values equal to the file's are written as the file writes them (`[a, b]`, quotes). */
  likeText?: string;
}

const keyOfPair = (k: unknown) => (isScalar(k) ? k.value : k);

function hasAlias(node: Node): boolean {
  let found = false;
  visit(node, {
    Alias: () => {
      found = true;
      return visit.BREAK;
    },
  });
  return isAlias(node) || found;
}

/** Replaces `out`'s values that equal the file's by (copies of) the file's nodes, so a text diff shows only real differences. */
function keepFileStyle(out: YAMLMap, outDoc: Document, file: YAMLMap, fileDoc: Document): void {
  for (const pair of out.items) {
    const theirs = file.items.find((p) => keyOfPair(p.key) === keyOfPair(pair.key))?.value as Node | undefined;
    const ours = pair.value as Node | undefined;
    if (!theirs || !ours) continue;
    if (isMap(ours) && isMap(theirs)) keepFileStyle(ours, outDoc, theirs, fileDoc);
    else if (!hasAlias(theirs) && isDeepStrictEqual(ours.toJS(outDoc), theirs.toJS(fileDoc))) pair.value = theirs.clone();
  }
}

/** The stack's services as a stack file. */
export function renderLiveStack(stack: string, services: readonly SwarmService[], options: RenderOptions): string {
  const file = (options.like && typeof options.like === 'object' ? options.like : {}) as Obj;
  // Objects the file names explicitly (`name: host`) go back to the file's key; the stack's own lose the prefix.
  const keyOf = new Map<string, string>();
  for (const section of ['networks', 'secrets', 'configs', 'volumes'])
    for (const [k, v] of Object.entries((file[section] ?? {}) as Obj)) if (v && typeof (v as Obj).name === 'string') keyOf.set((v as Obj).name as string, k);
  const scope = (name: string) => keyOf.get(name) ?? (name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name);
  const out: Obj = {};
  const fileServices = (file.services && typeof file.services === 'object' ? file.services : {}) as Obj;
  for (const s of [...services].sort((a, b) => (a.Spec?.Name ?? '').localeCompare(b.Spec?.Name ?? ''))) {
    const key = scope(s.Spec?.Name ?? s.ID ?? '');
    const service = renderService(s.Spec as unknown as ServiceSpecBody, scope, (id) => options.networkNames.get(id) ?? id);
    // Only on the stack's default network: what a service without `networks:` gets.
    if (isDeepStrictEqual(service.networks, ['default']) && !(fileServices[key] as Obj | undefined)?.networks) delete service.networks;
    out[key] = service;
  }
  // Only services are compared: the file's other top-level sections are taken as they are.
  const doc = new Document(orderLike({ ...file, services: out }, file));
  const fileDoc = options.likeText === undefined ? undefined : parseDocument(options.likeText);
  if (fileDoc && !fileDoc.errors.length && isMap(doc.contents) && isMap(fileDoc.contents)) keepFileStyle(doc.contents, doc, fileDoc.contents, fileDoc);
  const header = (options.header ?? []).map((l) => `# ${l}`.trimEnd()).join('\n');
  return `${header ? `${header}\n` : ''}${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}
