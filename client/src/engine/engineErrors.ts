// Errors of the engine module: one class with a `kind` the UI can switch on and a message that says in words what
// failed. The original error text is always kept (`detail`, and in `message` when the human text does not hold it).

export type EngineErrorKind =
  | 'daemon-not-running' // ECONNREFUSED / ENOENT on the socket
  | 'permission-denied' // EACCES / EPERM on the socket
  | 'tls-verify-failed' // the daemon's certificate: wrong name/IP, unknown CA, expired
  | 'tls-handshake-refused' // the daemon (or whatever listens) broke off the TLS handshake
  | 'timeout' // no answer within the per-request timeout
  | 'not-swarm-manager' // 503 "This node is not a swarm manager" on a worker
  | 'not-in-swarm' // 503 on a daemon that is not part of a swarm
  | 'api-version-too-old' // the daemon's API is older than Swarm Pilot supports
  | 'ssh-failed' // ssh:// transport: ssh could not connect / authenticate / run `docker system dial-stdio`
  | 'http-status' // any other non-2xx answer of the daemon
  | 'no-previous-spec' // rollback of a service that was never updated
  | 'endpoint-invalid' // the endpoint cannot be resolved (bad URL, missing context, unreadable TLS files, npipe on Linux)
  | 'host-unreachable' // DNS failure, no route
  | 'connection-lost' // the connection broke mid-request (reset, hang-up)
  | 'cancelled' // the caller aborted
  | 'unknown';

/** What the UI can offer next to the message. */
export type EngineErrorAction = 'retry' | 'edit-connection';

export interface EngineErrorInit {
  kind: EngineErrorKind;
  /** Human message (may already contain the detail). */
  message: string;
  /** The original error message, unchanged. */
  detail: string;
  /** The endpoint's host string, e.g. unix:///var/run/docker.sock. */
  endpoint?: string;
  /** e.g. "GET /nodes". */
  operation?: string;
  statusCode?: number;
  code?: string;
  timeoutSeconds?: number;
  cause?: unknown;
}

export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly kind: EngineErrorKind;
  readonly detail: string;
  readonly endpoint?: string;
  readonly operation?: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly timeoutSeconds?: number;
  readonly actions: readonly EngineErrorAction[];

  constructor(init: EngineErrorInit) {
    const detail = init.detail.trim();
    const message = detail && !init.message.includes(detail) ? `${init.message} (${detail})` : init.message;
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.detail = detail;
    this.endpoint = init.endpoint;
    this.operation = init.operation;
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.timeoutSeconds = init.timeoutSeconds;
    this.actions = actionsFor(init.kind);
  }
}

function actionsFor(kind: EngineErrorKind): EngineErrorAction[] {
  switch (kind) {
    case 'cancelled':
      return [];
    case 'http-status':
    case 'no-previous-spec':
    case 'unknown':
      return ['retry'];
    default:
      return ['retry', 'edit-connection'];
  }
}

/** What the classifier knows about the request that failed. */
export interface ErrorContext {
  endpoint: string;
  /** How the endpoint is reached; TLS errors and resets read differently per transport. */
  transport?: 'unix' | 'npipe' | 'tcp' | 'tls' | 'ssh';
  operation?: string;
  timeoutSeconds?: number;
  /** The request was aborted because its timeout fired. */
  timedOut?: boolean;
  /** The caller's AbortSignal fired. */
  cancelled?: boolean;
  /** Where the CA used for verification came from (shown on unknown-CA errors). */
  caSource?: string;
}

interface ErrorLike {
  message?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
  statusCode?: number;
  json?: unknown;
  reason?: string;
  host?: string;
  cert?: { subjectaltname?: string; subject?: Record<string, string | string[]> };
  stderr?: string;
  exitCode?: number | null;
}

const TLS_UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
]);
const TLS_TIME = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** Turns anything thrown by dockerode/docker-modem/node into an EngineError. */
export function classifyEngineError(err: unknown, ctx: ErrorContext): EngineError {
  if (err instanceof EngineError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  const detail = e.message ?? String(err);
  const base = {
    detail,
    endpoint: ctx.endpoint,
    operation: ctx.operation,
    code: e.code,
    statusCode: e.statusCode,
    timeoutSeconds: ctx.timeoutSeconds,
    cause: err,
  };
  const at = `the Docker daemon at ${ctx.endpoint}`;
  const op = ctx.operation ? ` (${ctx.operation})` : '';

  if (ctx.timedOut) {
    return new EngineError({ ...base, kind: 'timeout', message: `No answer from ${at} after ${fmtSeconds(ctx.timeoutSeconds)}${op}.` });
  }
  if (ctx.cancelled) return new EngineError({ ...base, kind: 'cancelled', message: `Request to ${at} was cancelled${op}.` });

  if (typeof e.statusCode === 'number') return classifyStatus(e, ctx, base);

  const code = e.code ?? '';
  if (code === 'ESSH') {
    const stderr = (e.stderr ?? '').trim();
    return new EngineError({
      ...base,
      kind: 'ssh-failed',
      message: `SSH connection for ${ctx.endpoint} failed${e.exitCode != null ? ` (ssh exited with ${e.exitCode})` : ''}: ${stderr || detail}`,
    });
  }
  if (code === 'ENOENT' && (ctx.transport === 'unix' || ctx.transport === 'npipe' || e.syscall === 'connect')) {
    const sock = e.address ? ` ${e.address}` : '';
    return new EngineError({
      ...base,
      kind: 'daemon-not-running',
      message: `Cannot connect to ${at}: the socket${sock} does not exist. Is the Docker daemon running?`,
    });
  }
  if (code === 'ECONNREFUSED') {
    return new EngineError({
      ...base,
      kind: 'daemon-not-running',
      message: `Cannot connect to ${at}: connection refused. Is the Docker daemon running and listening there?`,
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    const where = e.address ? ` ${e.address}` : '';
    return new EngineError({
      ...base,
      kind: 'permission-denied',
      message: `Permission denied on the Docker socket${where} (${ctx.endpoint}). Add your user to the "docker" group (sudo usermod -aG docker $USER, then log in again) or use a context your user may access.`,
    });
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const validFor = certNames(e.cert);
    const name = e.host ?? '';
    return new EngineError({
      ...base,
      kind: 'tls-verify-failed',
      message: `TLS verification failed for ${ctx.endpoint}: the daemon's certificate is not valid for "${name}"${validFor ? `; it is valid for ${validFor}` : ''}.`,
    });
  }
  if (TLS_UNKNOWN_CA.has(code)) {
    const ca = ctx.caSource ? ` (CA from ${ctx.caSource})` : ' (no CA configured: system roots)';
    return new EngineError({
      ...base,
      kind: 'tls-verify-failed',
      message: `TLS verification failed for ${ctx.endpoint}: the daemon's certificate is signed by an unknown authority${ca}.`,
    });
  }
  if (TLS_TIME.has(code)) {
    return new EngineError({
      ...base,
      kind: 'tls-verify-failed',
      message: `TLS verification failed for ${ctx.endpoint}: the daemon's certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'}.`,
    });
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return new EngineError({
      ...base,
      kind: 'tls-handshake-refused',
      message: `TLS handshake with ${ctx.endpoint} failed: whatever listens there does not speak TLS (a plain HTTP port?).`,
    });
  }
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || (ctx.transport === 'tls' && /secure TLS connection|handshake/i.test(detail))) {
    const alert = /alert ([a-z ]+)/i.exec(detail.replace(/_/g, ' '))?.[1]?.trim().toLowerCase();
    return new EngineError({
      ...base,
      kind: 'tls-handshake-refused',
      message: `The daemon at ${ctx.endpoint} refused the TLS handshake${alert ? ` (alert: ${alert})` : ''}. Check the client certificate and key (DOCKER_CERT_PATH or the context's TLS material).`,
    });
  }
  if (code === 'ETIMEDOUT') {
    return new EngineError({ ...base, kind: 'timeout', message: `Connecting to ${at} timed out${op}.` });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return new EngineError({
      ...base,
      kind: 'host-unreachable',
      message: `Cannot reach ${at}: ${code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host name not found' : 'no route to the host'}.`,
    });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || /socket hang up/i.test(detail)) {
    if (ctx.transport === 'tls' && /before secure TLS connection/i.test(detail)) {
      return new EngineError({
        ...base,
        kind: 'tls-handshake-refused',
        message: `The daemon at ${ctx.endpoint} closed the connection during the TLS handshake.`,
      });
    }
    return new EngineError({ ...base, kind: 'connection-lost', message: `The connection to ${at} broke off${op}.` });
  }
  if (code === 'ABORT_ERR' || (err as Error)?.name === 'AbortError') {
    return new EngineError({ ...base, kind: 'cancelled', message: `Request to ${at} was cancelled${op}.` });
  }
  return new EngineError({ ...base, kind: 'unknown', message: `Request to ${at} failed${op}.` });
}

function classifyStatus(e: ErrorLike, ctx: ErrorContext, base: Omit<EngineErrorInit, 'kind' | 'message'>): EngineError {
  const status = e.statusCode as number;
  const daemonMessage = daemonMessageOf(e);
  const b = { ...base, detail: daemonMessage || base.detail };
  if ((status === 503 || status === 406) && /not a swarm manager|not part of a swarm/i.test(daemonMessage)) {
    if (/swarm init|swarm join|not part of a swarm/i.test(daemonMessage)) {
      return new EngineError({ ...b, kind: 'not-in-swarm', message: `The Docker daemon at ${ctx.endpoint} is not part of a swarm: ${daemonMessage}` });
    }
    return new EngineError({
      ...b,
      kind: 'not-swarm-manager',
      message: `The Docker daemon at ${ctx.endpoint} is not a swarm manager; connect to a manager node: ${daemonMessage}`,
    });
  }
  if (status === 400 && /HTTP request to an HTTPS server/i.test(daemonMessage)) {
    return new EngineError({
      ...b,
      kind: 'http-status',
      message: `The Docker daemon at ${ctx.endpoint} expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or use a context with TLS material. The daemon said: ${daemonMessage}`,
    });
  }
  const tooNew = /client version (\S+) is too new\. Maximum supported API version is (\S+)/i.exec(daemonMessage);
  if (status === 400 && tooNew) {
    return new EngineError({
      ...b,
      kind: 'api-version-too-old',
      message: `The Docker daemon at ${ctx.endpoint} supports API ${tooNew[2]} at most; Swarm Pilot asked for ${tooNew[1]}: ${daemonMessage}`,
    });
  }
  if (status === 400 && /does not have a previous spec/i.test(daemonMessage)) {
    return new EngineError({
      ...b,
      kind: 'no-previous-spec',
      message: `Nothing to roll back to: ${daemonMessage}. A service has a previous spec only after it has been updated once.`,
    });
  }
  return new EngineError({
    ...b,
    kind: 'http-status',
    message: `The Docker daemon at ${ctx.endpoint} answered ${status}${ctx.operation ? ` to ${ctx.operation}` : ''}: ${daemonMessage || 'no message'}`,
  });
}

/** The daemon's own message from a docker-modem error ("(HTTP code 503) unexpected - <message> "). */
export function daemonMessageOf(e: { message?: string; json?: unknown }): string {
  const j = e.json;
  if (j && typeof j === 'object' && !Buffer.isBuffer(j) && typeof (j as { message?: unknown }).message === 'string')
    return (j as { message: string }).message.trim();
  if (typeof j === 'string' && j.trim()) return j.trim();
  if (Buffer.isBuffer(j) && j.length) return j.toString('utf8').trim();
  const m = /^\(HTTP code \d+\) [^-]*- ([\s\S]*)$/.exec(e.message ?? '');
  return (m ? m[1] : (e.message ?? '')).trim();
}

function certNames(cert: ErrorLike['cert']): string {
  if (!cert) return '';
  if (cert.subjectaltname) return cert.subjectaltname;
  const cn = cert.subject?.CN;
  return cn ? `CN=${Array.isArray(cn) ? cn.join(',') : cn}` : '';
}

function fmtSeconds(s: number | undefined): string {
  if (s === undefined) return 'the timeout';
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
