// Parsing of Docker daemon addresses the way the docker CLI does it
// (docker/cli v27.5.1 opts/hosts.go parseDockerDaemonHost + cli/connhelper/ssh/ssh.go ParseURL).
import { EngineError } from './engineErrors';

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
export const DEFAULT_NAMED_PIPE = '//./pipe/docker_engine';
const DEFAULT_HTTP_HOST = 'localhost';
const DEFAULT_HTTP_PORT = 2375;
const DEFAULT_TLS_HTTP_PORT = 2376;

/** Where the engine listens, split into what a client needs to dial it. */
export type DockerAddress =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'npipe'; pipePath: string }
  | { kind: 'tcp'; host: string; port: number; pathPrefix: string }
  | { kind: 'ssh'; user?: string; host: string; port?: number; socketPath?: string };

/** The CLI's default host: the unix socket (named pipe on Windows), or tcp://localhost:2376 when TLS is on. */
export function defaultDockerHost(defaultToTLS: boolean, platform: NodeJS.Platform): string {
  if (defaultToTLS) return `tcp://${DEFAULT_HTTP_HOST}:${DEFAULT_TLS_HTTP_PORT}`;
  return platform === 'win32' ? `npipe://${DEFAULT_NAMED_PIPE}` : `unix://${DEFAULT_UNIX_SOCKET}`;
}

/**
 * Normalises a host string like `docker -H` does (opts.ParseHost): empty → default, `host:port` → tcp,
 * tcp without port → 2375, unix/npipe without path → default path. Throws EngineError('endpoint-invalid').
 */
export function normalizeDockerHost(value: string, defaultToTLS: boolean, platform: NodeJS.Platform): string {
  const host = value.trim();
  if (host === '') return defaultDockerHost(defaultToTLS, platform);
  const sep = host.indexOf('://');
  const proto = sep >= 0 ? host.slice(0, sep) : 'tcp';
  const rest = sep >= 0 ? host.slice(sep + 3) : host;
  switch (proto) {
    case 'tcp':
      return normalizeTcp(rest, value);
    case 'unix':
      return simpleProto('unix', rest, DEFAULT_UNIX_SOCKET, value);
    case 'npipe':
      return simpleProto('npipe', rest, DEFAULT_NAMED_PIPE, value);
    case 'ssh':
      parseSshUrl(host);
      return host;
    case 'fd':
      throw invalid(value, 'fd:// is a listen address of the daemon (socket activation); a client cannot connect to it');
    default:
      throw invalid(value, `invalid bind address format: ${value} (expected unix://, tcp://, ssh:// or npipe://)`);
  }
}

function simpleProto(proto: string, addr: string, def: string, original: string): string {
  if (addr.includes('://')) throw invalid(original, `invalid proto, expected ${proto}: ${addr}`);
  return `${proto}://${addr === '' ? def : addr}`;
}

function normalizeTcp(addr: string, original: string): string {
  if (addr === '') return `tcp://${DEFAULT_HTTP_HOST}:${DEFAULT_HTTP_PORT}`;
  if (addr.includes('://')) throw invalid(original, `invalid proto, expected tcp: ${original}`);
  let u: URL;
  try {
    u = new URL(`tcp://${addr.endsWith(']:') ? addr + DEFAULT_HTTP_PORT : addr}`);
  } catch {
    throw invalid(original, `invalid bind address format: ${original}`);
  }
  if (u.username || u.password || u.search || u.hash) throw invalid(original, `invalid bind address format: ${original}`);
  const hostname = u.hostname === '' ? DEFAULT_HTTP_HOST : u.hostname;
  const port = u.port === '' ? DEFAULT_HTTP_PORT : Number(u.port);
  const path = u.pathname === '/' ? '' : u.pathname;
  return `tcp://${hostname}:${port}${path}`;
}

/** Parses a normalised host string into the address a client dials. Throws EngineError('endpoint-invalid'). */
export function parseDockerAddress(host: string): DockerAddress {
  const sep = host.indexOf('://');
  if (sep < 0) throw invalid(host, `unable to parse docker host \`${host}\``);
  const proto = host.slice(0, sep);
  const rest = host.slice(sep + 3);
  switch (proto) {
    case 'unix':
      if (rest === '') throw invalid(host, `unix:// needs a socket path: ${host}`);
      return { kind: 'unix', socketPath: rest };
    case 'npipe':
      return { kind: 'npipe', pipePath: rest || DEFAULT_NAMED_PIPE };
    case 'tcp': {
      const u = new URL(`tcp://${rest}`);
      const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
      if (!hostname || u.port === '') throw invalid(host, `invalid TCP address ${host}: host and port are required`);
      return { kind: 'tcp', host: hostname, port: Number(u.port), pathPrefix: u.pathname === '/' ? '' : u.pathname };
    }
    case 'ssh':
      return parseSshUrl(host);
    default:
      throw invalid(host, `protocol not supported: ${proto}`);
  }
}

/** `ssh://[user@]host[:port][/socket/path]` with the CLI's rules: no password, no query, no fragment. */
export function parseSshUrl(url: string): Extract<DockerAddress, { kind: 'ssh' }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid(url, `ssh host connection is not valid: cannot parse ${url}`);
  }
  if (u.protocol !== 'ssh:') throw invalid(url, `ssh host connection is not valid: expected scheme ssh, got "${u.protocol.replace(/:$/, '')}"`);
  if (u.password) throw invalid(url, 'ssh host connection is not valid: plain-text password is not supported');
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  if (!host) throw invalid(url, 'ssh host connection is not valid: no host specified');
  if (u.search) throw invalid(url, `ssh host connection is not valid: extra query after the host: "${u.search.slice(1)}"`);
  if (u.hash) throw invalid(url, `ssh host connection is not valid: extra fragment after the host: "${u.hash.slice(1)}"`);
  const out: Extract<DockerAddress, { kind: 'ssh' }> = { kind: 'ssh', host };
  if (u.username) out.user = decodeURIComponent(u.username);
  if (u.port) out.port = Number(u.port);
  if (u.pathname && u.pathname !== '/') out.socketPath = decodeURIComponent(u.pathname);
  return out;
}

function invalid(host: string, message: string): EngineError {
  return new EngineError({ kind: 'endpoint-invalid', message, detail: message, endpoint: host });
}
