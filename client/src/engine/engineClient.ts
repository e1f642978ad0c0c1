// One Docker Engine connection: a dockerode instance built from a resolved endpoint, a timeout on every request,
// API version negotiation, error classification, and the typed calls the views and the deploy engine use.
import Docker from 'dockerode';
import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { MAX_API_VERSION, MIN_API_VERSION, negotiateApiVersion, type NegotiatedApi } from './apiVersion';
import type { ResolvedEndpoint } from './endpointResolution';
import { classifyEngineError, EngineError, type ErrorContext } from './engineErrors';
import { jsonLines, logLines, type LogLine } from './engineStreams';
import type {
  DockerEvent,
  EngineInfo,
  EventFilters,
  NodeFilters,
  NodeSpec,
  PingResult,
  ServiceFilters,
  ServiceSpec,
  SwarmNode,
  SwarmService,
  SwarmTask,
  TaskFilters,
} from './engineTypes';
import { SshAgent } from './sshTransport';

export const DEFAULT_TIMEOUT_SECONDS = 15;

export interface EngineClientOptions {
  /** Per-request timeout (connect + answer; for streams: until the answer starts). Default 15 s. */
  timeoutSeconds?: number;
  /** Oldest API accepted (default 1.41 = Engine 20.10). */
  minApiVersion?: string;
  /** Newest API requested (default 1.47 = Engine 27). */
  maxApiVersion?: string;
  /** The ssh binary for ssh:// endpoints (default "ssh"). */
  sshCommand?: string;
  /** User-Agent header. */
  userAgent?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutSeconds?: number;
}

export interface ServiceLogOptions extends CallOptions {
  follow?: boolean;
  tail?: number | 'all';
  since?: number;
  timestamps?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  /** Prefix each line with the swarm attributes (com.docker.swarm.task.id=…,…), as `docker service logs` asks. */
  details?: boolean;
}

export interface EventsOptions {
  filters?: EventFilters;
  /** Unix seconds (or a docker duration/timestamp string). */
  since?: number | string;
  until?: number | string;
  /** Aborting ends the stream; the iteration then finishes without error. */
  signal?: AbortSignal;
  /** Timeout until the daemon starts answering (default: the client's). */
  timeoutSeconds?: number;
}

/** A running GET /events: iterate it; `close()` (or the caller's signal) ends it. Reconnecting is up to the caller. */
export interface EventStream extends AsyncIterable<DockerEvent> {
  close(): void;
}

export interface UpdateResult {
  warnings: string[];
}

type RunContext = Pick<ErrorContext, 'operation'>;

/** docker-modem's request entry point (its typings do not list `version`). */
interface Modem {
  dial(options: Record<string, unknown>, cb: (err: Error | null, res: unknown) => void): void;
  version?: string;
}

export class EngineClient {
  readonly endpoint: ResolvedEndpoint;
  readonly timeoutSeconds: number;
  /** The dockerode instance; after negotiation its requests carry /v<api>/. Prefer the methods below or `call`. */
  readonly docker: Docker;
  private readonly agent: HttpAgent;
  private readonly options: EngineClientOptions;
  private negotiated?: NegotiatedApi;
  private negotiating?: Promise<NegotiatedApi>;

  constructor(endpoint: ResolvedEndpoint, options: EngineClientOptions = {}) {
    this.endpoint = endpoint;
    this.options = options;
    this.timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    this.agent = makeAgent(endpoint, this.timeoutSeconds, options.sshCommand);
    this.docker = newDockerode(dockerodeOptions(endpoint, this.agent, options.userAgent));
  }

  /** The pinned API version, once negotiated. */
  get apiVersion(): string | undefined {
    return this.negotiated?.apiVersion;
  }

  /**
   * Pings the daemon, picks the API version and pins it. Cached after success; retried after a failure. The
   * negotiation is shared by concurrent callers: `signal` stops this caller's wait, not the negotiation.
   */
  negotiate(opts: CallOptions = {}): Promise<NegotiatedApi> {
    if (this.negotiated) return Promise.resolve(this.negotiated);
    if (!this.negotiating) {
      this.negotiating = this.negotiateNow({ timeoutSeconds: opts.timeoutSeconds }).finally(() => {
        this.negotiating = undefined;
      });
    }
    const shared = this.negotiating;
    const signal = opts.signal;
    if (!signal) return shared;
    return new Promise((resolve, reject) => {
      const onAbort = () =>
        reject(classifyEngineError(signal.reason ?? new Error('aborted'), { ...this.errorContext({ operation: 'GET /_ping' }), cancelled: true }));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async negotiateNow(opts: CallOptions): Promise<NegotiatedApi> {
    const ping = await this.ping(opts);
    let server = { apiVersion: ping.apiVersion, minApiVersion: undefined as string | undefined };
    if (!ping.apiVersion) {
      const v = await this.run({ operation: 'GET /version' }, opts, (signal) =>
        withOptions<Docker.DockerVersion>(this.docker, 'version', { abortSignal: signal }),
      );
      server = { apiVersion: v.ApiVersion, minApiVersion: (v as { MinAPIVersion?: string }).MinAPIVersion };
    }
    const result = negotiateApiVersion(server, this.endpoint.host, {
      min: this.options.minApiVersion ?? MIN_API_VERSION,
      max: this.options.maxApiVersion ?? MAX_API_VERSION,
    });
    (this.docker.modem as unknown as Modem).version = `v${result.apiVersion}`;
    this.negotiated = result;
    return result;
  }

  /** GET /_ping with its headers (API-Version, OSType, Swarm). Works before negotiation. */
  ping(opts: CallOptions = {}): Promise<PingResult> {
    return this.run({ operation: 'GET /_ping' }, opts, async (signal) => {
      const res = await this.dialStream('/_ping', undefined, signal);
      res.resume();
      const h = res.headers;
      const one = (k: string) => (Array.isArray(h[k]) ? (h[k] as string[])[0] : (h[k] as string | undefined));
      const result: PingResult = {};
      if (one('api-version')) result.apiVersion = one('api-version');
      if (one('ostype')) result.osType = one('ostype');
      if (one('docker-experimental')) result.experimental = one('docker-experimental') === 'true';
      if (one('swarm')) result.swarm = one('swarm');
      if (one('server')) result.server = one('server');
      return result;
    });
  }

  /**
   * Runs any dockerode call with negotiation, the timeout and error classification — for calls without a helper
   * (createService, createNetwork …). Pass `signal` on to dockerode as `abortSignal`.
   */
  async call<T>(operation: string, fn: (docker: Docker, signal: AbortSignal) => Promise<T>, opts: CallOptions = {}): Promise<T> {
    await this.negotiate(opts);
    return this.run({ operation }, opts, (signal) => fn(this.docker, signal));
  }

  async version(opts: CallOptions = {}): Promise<Docker.DockerVersion> {
    return this.call('GET /version', (d, signal) => withOptions<Docker.DockerVersion>(d, 'version', { abortSignal: signal }), opts);
  }

  async info(opts: CallOptions = {}): Promise<EngineInfo> {
    const raw = (await this.call('GET /info', (d, signal) => withOptions<Record<string, unknown>>(d, 'info', { abortSignal: signal }), opts)) as Record<
      string,
      unknown
    >;
    const swarm = (raw.Swarm ?? {}) as Record<string, unknown>;
    const cluster = swarm.Cluster as { ID?: string } | undefined;
    const info: EngineInfo = {
      name: String(raw.Name ?? ''),
      serverVersion: String(raw.ServerVersion ?? ''),
      os: String(raw.OperatingSystem ?? raw.OSType ?? ''),
      apiVersion: this.apiVersion ?? '',
      swarm: {
        state: String(swarm.LocalNodeState ?? 'inactive'),
        nodeId: String(swarm.NodeID ?? ''),
        nodeAddr: String(swarm.NodeAddr ?? ''),
        isManager: swarm.ControlAvailable === true,
      },
      raw,
    };
    if (cluster?.ID) info.swarm.clusterId = cluster.ID;
    if (typeof swarm.Managers === 'number') info.swarm.managers = swarm.Managers;
    if (typeof swarm.Nodes === 'number') info.swarm.nodes = swarm.Nodes;
    if (typeof swarm.Error === 'string' && swarm.Error) info.swarm.error = swarm.Error;
    return info;
  }

  /** info(), then an EngineError('not-in-swarm' | 'not-swarm-manager') unless this daemon is an active manager. */
  async requireManager(opts: CallOptions = {}): Promise<EngineInfo> {
    const info = await this.info(opts);
    const host = this.endpoint.host;
    if (info.swarm.state !== 'active') {
      const detail = `Swarm.LocalNodeState is "${info.swarm.state}"${info.swarm.error ? `: ${info.swarm.error}` : ''}`;
      throw new EngineError({
        kind: 'not-in-swarm',
        message: `The Docker daemon at ${host} is not part of an active swarm (run "docker swarm init" or "docker swarm join").`,
        detail,
        endpoint: host,
        operation: 'GET /info',
      });
    }
    if (!info.swarm.isManager) {
      const detail = `node ${info.swarm.nodeId} is a worker (Swarm.ControlAvailable is false)`;
      throw new EngineError({
        kind: 'not-swarm-manager',
        message: `The Docker daemon at ${host} is a swarm worker, not a manager; connect to a manager node.`,
        detail,
        endpoint: host,
        operation: 'GET /info',
      });
    }
    return info;
  }

  async listNodes(filters?: NodeFilters, opts: CallOptions = {}): Promise<SwarmNode[]> {
    return this.call('GET /nodes', (d, signal) => d.listNodes({ ...(filters ? { filters } : {}), abortSignal: signal } as object), opts);
  }

  async inspectNode(id: string, opts: CallOptions = {}): Promise<SwarmNode> {
    return this.call(`GET /nodes/${id}`, (d, signal) => d.getNode(id).inspect({ abortSignal: signal } as object), opts);
  }

  /** Re-inspects the node for its current version, applies `change` to a copy of its spec and sends the full spec. */
  async updateNode(id: string, change: (spec: NodeSpec) => NodeSpec, opts: CallOptions = {}): Promise<void> {
    await this.withFreshVersion(
      () => this.inspectNode(id, opts),
      (node) =>
        this.call(
          `POST /nodes/${id}/update`,
          (d, signal) => d.getNode(node.ID).update({ _query: { version: node.Version.Index }, _body: change(structuredClone(node.Spec)), abortSignal: signal }),
          opts,
        ),
    );
  }

  /** GET /services; `status` (default true) adds ServiceStatus {RunningTasks, DesiredTasks, CompletedTasks}. */
  async listServices(options: { status?: boolean; filters?: ServiceFilters } & CallOptions = {}): Promise<SwarmService[]> {
    const query = { status: options.status ?? true, ...(options.filters ? { filters: options.filters } : {}) };
    return this.call('GET /services', (d, signal) => d.listServices({ ...query, abortSignal: signal }), options);
  }

  async inspectService(id: string, opts: CallOptions = {}): Promise<SwarmService> {
    return this.call(`GET /services/${id}`, (d, signal) => d.getService(id).inspect({ abortSignal: signal }) as Promise<SwarmService>, opts);
  }

  /**
   * Re-inspects the service for its current version, applies `change` to a copy of its spec and posts it
   * (`_query: {version}`, `_body: spec`). A stale version ("update out of sequence", a 500) is retried twice.
   */
  async updateService(id: string, change: (spec: ServiceSpec) => ServiceSpec, opts: CallOptions & { registryAuth?: object } = {}): Promise<UpdateResult> {
    return this.postServiceUpdate(id, (svc) => change(structuredClone(svc.Spec ?? {})), {}, opts);
  }

  /**
   * Rolls a service back to its previous spec (`rollback=previous` with the current spec as body, as the CLI).
   * A service that was never updated fails with EngineError('no-previous-spec') carrying the daemon's message.
   */
  async rollbackService(id: string, opts: CallOptions = {}): Promise<UpdateResult> {
    return this.postServiceUpdate(id, (svc) => svc.Spec ?? {}, { rollback: 'previous' }, opts);
  }

  async listTasks(filters?: TaskFilters, opts: CallOptions = {}): Promise<SwarmTask[]> {
    return this.call('GET /tasks', (d, signal) => d.listTasks({ ...(filters ? { filters } : {}), abortSignal: signal }), opts);
  }

  /** GET /services/{id}/logs as lines. Resolves once the daemon answers; `signal` ends a followed stream. */
  serviceLogs(id: string, options: ServiceLogOptions = {}): Promise<AsyncIterable<LogLine>> {
    return this.logs('services', id, options);
  }

  /** GET /tasks/{id}/logs: one task's container, also after it exited (while the container exists). */
  taskLogs(id: string, options: ServiceLogOptions = {}): Promise<AsyncIterable<LogLine>> {
    return this.logs('tasks', id, options);
  }

  private async logs(kind: 'services' | 'tasks', id: string, options: ServiceLogOptions): Promise<AsyncIterable<LogLine>> {
    const query: Record<string, unknown> = {
      stdout: options.stdout ?? true,
      stderr: options.stderr ?? true,
      follow: options.follow ?? false,
      timestamps: options.timestamps ?? false,
      tail: options.tail === undefined ? 'all' : String(options.tail),
    };
    if (options.since !== undefined) query.since = options.since;
    if (options.details) query.details = true;
    const op = `GET /${kind}/${id}/logs`;
    const { stream, signal } = await this.openStream(op, `/${kind}/${encodeURIComponent(id)}/logs?`, query, options);
    return this.classifyIteration(logLines(stream, signal), op);
  }

  /**
   * GET /events (e.g. filters {type: ['service', 'node']}). Resolves once the daemon answers, so an event caused
   * after this returns is seen. Ends on close()/abort, or when the daemon closes the stream.
   */
  async events(options: EventsOptions = {}): Promise<EventStream> {
    const query: Record<string, unknown> = {};
    if (options.filters) query.filters = options.filters;
    if (options.since !== undefined) query.since = options.since;
    if (options.until !== undefined) query.until = options.until;
    const own = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, own.signal]) : own.signal;
    const { stream } = await this.openStream('GET /events', '/events?', query, { signal, timeoutSeconds: options.timeoutSeconds });
    const iterable = this.classifyIteration(jsonLines<DockerEvent>(stream, signal), 'GET /events');
    // close() also ends the response itself: an abort reaches it only through AbortSignal.any, and a stream left open
    // keeps the process alive (seen: the deploy watcher's event streams outliving their deploys).
    const close = () => {
      own.abort();
      stream.destroy();
    };
    if (signal.aborted) stream.destroy();
    return { [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator](), close };
  }

  /** Frees pooled connections. The client can still be used afterwards (new connections are made). */
  close(): void {
    this.agent.destroy();
  }

  // ------------------------------------------------------------------ internals

  private async postServiceUpdate(
    id: string,
    body: (svc: SwarmService) => ServiceSpec,
    query: Record<string, string>,
    opts: CallOptions & { registryAuth?: object },
  ): Promise<UpdateResult> {
    const res = await this.withFreshVersion(
      () => this.inspectService(id, opts),
      (svc) =>
        this.call(
          `POST /services/${id}/update${query.rollback ? '?rollback=previous' : ''}`,
          (d, signal) => {
            const o = { _query: { version: svc.Version?.Index, ...query }, _body: body(svc), abortSignal: signal };
            const service = d.getService(svc.ID) as unknown as { update(...args: object[]): Promise<unknown> };
            return opts.registryAuth ? service.update(opts.registryAuth, o) : service.update(o);
          },
          opts,
        ),
    );
    const warnings = (res as { Warnings?: string[] | null } | undefined)?.Warnings;
    return { warnings: Array.isArray(warnings) ? warnings : [] };
  }

  /** inspect → write with that version; on "update out of sequence" (stale version) inspect again, up to 3 tries. */
  private async withFreshVersion<O, R>(inspect: () => Promise<O>, write: (obj: O) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const obj = await inspect();
      try {
        return await write(obj);
      } catch (err) {
        if (attempt >= 3 || !(err instanceof EngineError) || !/update out of sequence/i.test(err.detail)) throw err;
      }
    }
  }

  /** Runs one request with the timeout and the caller's signal; any failure becomes an EngineError. */
  private async run<T>(ctx: RunContext, opts: CallOptions, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const seconds = opts.timeoutSeconds ?? this.timeoutSeconds;
    const ctl = new AbortController();
    let timedOut = false;
    const errCtx = (): ErrorContext => ({ ...this.errorContext(ctx), timeoutSeconds: seconds, timedOut, cancelled: !timedOut && !!opts.signal?.aborted });
    if (opts.signal?.aborted) throw classifyEngineError(opts.signal.reason ?? new Error('aborted'), { ...errCtx(), cancelled: true });
    let rejectNow: (e: unknown) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => (rejectNow = reject));
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort(new Error(`timeout after ${seconds} s`));
      rejectNow(new Error(`timeout after ${seconds} s`));
    }, seconds * 1000);
    const onAbort = () => {
      ctl.abort(opts.signal?.reason);
      rejectNow(opts.signal?.reason ?? new Error('aborted'));
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // The race guards against a request that ignores its AbortSignal: the caller still gets the timeout.
      return await Promise.race([fn(ctl.signal), stopped]);
    } catch (err) {
      throw classifyEngineError(err, errCtx());
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Opens a streaming GET; the timeout covers the wait for the answer, the caller's signal the whole stream. */
  private async openStream(
    operation: string,
    path: string,
    query: Record<string, unknown>,
    opts: CallOptions,
  ): Promise<{ stream: Readable; signal: AbortSignal }> {
    await this.negotiate(opts);
    const streamCtl = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, streamCtl.signal]) : streamCtl.signal;
    const stream = await this.run({ operation }, opts, (reqSignal) =>
      this.dialStream(path, query, AbortSignal.any([reqSignal, signal])).catch((err) => {
        streamCtl.abort();
        throw err;
      }),
    );
    return { stream, signal };
  }

  private dialStream(path: string, query: Record<string, unknown> | undefined, signal: AbortSignal): Promise<IncomingMessage> {
    const modem = this.docker.modem as unknown as Modem;
    return new Promise((resolve, reject) => {
      modem.dial(
        {
          path,
          method: 'GET',
          isStream: true,
          abortSignal: signal,
          statusCodes: { 200: true, 404: 'not found', 500: 'server error', 503: 'node is not part of a swarm' },
          ...(query ? { options: { ...query } } : {}),
        },
        (err, res) => (err ? reject(err) : resolve(res as IncomingMessage)),
      );
    });
  }

  /** Wraps an async iterable so that stream errors surface as EngineErrors. */
  private classifyIteration<T>(source: AsyncGenerator<T>, operation: string): AsyncIterable<T> {
    const ctx = this.errorContext({ operation });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* source;
        } catch (err) {
          throw classifyEngineError(err, ctx);
        }
      },
    };
  }

  private errorContext(ctx: RunContext): ErrorContext {
    const a = this.endpoint.address;
    const transport = a.kind === 'tcp' ? (this.endpoint.tls ? 'tls' : 'tcp') : a.kind;
    return { endpoint: this.endpoint.host, transport, operation: ctx.operation, caSource: this.endpoint.tls?.ca ? this.endpoint.tls.source : undefined };
  }
}

/** Creates a client; nothing is sent until the first call (which negotiates the API version). */
export function createEngineClient(endpoint: ResolvedEndpoint, options: EngineClientOptions = {}): EngineClient {
  return new EngineClient(endpoint, options);
}

function makeAgent(ep: ResolvedEndpoint, timeoutSeconds: number, sshCommand?: string): HttpAgent {
  const a = ep.address;
  if (a.kind === 'ssh') return new SshAgent(a, ep.sshArgs, timeoutSeconds, sshCommand);
  if (a.kind === 'tcp' && ep.tls) {
    return new HttpsAgent({
      keepAlive: true,
      rejectUnauthorized: !ep.tls.skipVerify,
      ca: ep.tls.ca,
      cert: ep.tls.cert,
      key: ep.tls.key,
    }) as unknown as HttpAgent;
  }
  return new HttpAgent({ keepAlive: true });
}

/**
 * Every transport field is set explicitly (undefined included): docker-modem merges its own defaults, which it reads
 * from process.env (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH …), under the options.
 */
function dockerodeOptions(ep: ResolvedEndpoint, agent: HttpAgent, userAgent?: string): Record<string, unknown> {
  const a = ep.address;
  const common = {
    agent,
    version: undefined,
    timeout: undefined,
    headers: { 'User-Agent': userAgent ?? 'swarm-pilot' },
    username: undefined,
    sshOptions: undefined,
  };
  switch (a.kind) {
    case 'unix':
      return { ...common, socketPath: a.socketPath, host: undefined, port: undefined, protocol: 'http', ca: undefined, cert: undefined, key: undefined };
    case 'npipe':
      return { ...common, socketPath: a.pipePath, host: undefined, port: undefined, protocol: 'http', ca: undefined, cert: undefined, key: undefined };
    case 'tcp':
      return {
        ...common,
        socketPath: undefined,
        host: a.host,
        port: a.port,
        protocol: ep.tls ? 'https' : 'http',
        ca: ep.tls?.ca,
        cert: ep.tls?.cert,
        key: ep.tls?.key,
      };
    case 'ssh':
      // HTTP over the ssh process's stdio: the host name only fills the Host header.
      return { ...common, socketPath: undefined, host: 'docker.example.com', port: 80, protocol: 'http', ca: undefined, cert: undefined, key: undefined };
  }
}

/** Calls a dockerode method with an options object its typings leave out (all of them accept `abortSignal`). */
function withOptions<T>(target: object, method: string, options: object): Promise<T> {
  return (target as Record<string, (o: object) => Promise<T>>)[method](options);
}

/** docker-modem throws while merging its defaults when process.env.DOCKER_HOST is malformed; keep it out of the way. */
function newDockerode(opts: Record<string, unknown>): Docker {
  const saved = process.env.DOCKER_HOST;
  delete process.env.DOCKER_HOST;
  try {
    return new Docker(opts as Docker.DockerOptions);
  } finally {
    if (saved !== undefined) process.env.DOCKER_HOST = saved;
  }
}
