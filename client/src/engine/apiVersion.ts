// Engine API version negotiation, as the Go client's NegotiateAPIVersionPing does it, with Swarm Pilot's range:
// the newest version we speak is pinned unless the daemon is older; a daemon older than the minimum is an error.
import { EngineError } from './engineErrors';

/** Engine 20.10 (the oldest engine Swarm Pilot supports). */
export const MIN_API_VERSION = '1.41';
/** Engine 27.x; newer engines still accept it (Engine 29 serves 1.44 and up). */
export const MAX_API_VERSION = '1.47';
/** What the Go client assumes when a daemon's ping has no API-Version header. */
const FALLBACK_SERVER_VERSION = '1.24';

export interface ServerApiInfo {
  /** API-Version header of /_ping, or ApiVersion of /version. */
  apiVersion?: string;
  /** MinAPIVersion of /version, when known. */
  minApiVersion?: string;
}

export interface NegotiatedApi {
  /** The version every request is pinned to ("1.41"). */
  apiVersion: string;
  serverApiVersion: string;
  serverMinApiVersion?: string;
  warnings: string[];
}

/** Compares "1.41"-style versions numerically: <0, 0, >0. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Picks the API version to pin. Throws EngineError('api-version-too-old') when the daemon is older than `min`. */
export function negotiateApiVersion(server: ServerApiInfo, endpoint: string, range: { min?: string; max?: string } = {}): NegotiatedApi {
  const min = range.min ?? MIN_API_VERSION;
  const max = range.max ?? MAX_API_VERSION;
  const serverApiVersion = server.apiVersion?.trim() || FALLBACK_SERVER_VERSION;
  const warnings: string[] = [];
  let apiVersion = compareApiVersions(serverApiVersion, max) < 0 ? serverApiVersion : max;
  if (server.minApiVersion && compareApiVersions(apiVersion, server.minApiVersion) < 0) {
    warnings.push(`The daemon requires API ${server.minApiVersion} or newer; Swarm Pilot was built for ${max} and uses ${server.minApiVersion}.`);
    apiVersion = server.minApiVersion;
  }
  if (compareApiVersions(apiVersion, min) < 0) {
    const detail = `server API version ${serverApiVersion} is older than the minimum ${min}`;
    throw new EngineError({
      kind: 'api-version-too-old',
      message: `The Docker daemon at ${endpoint} speaks API ${serverApiVersion}; Swarm Pilot needs API ${min} (Docker Engine 20.10) or newer.`,
      detail,
      endpoint,
    });
  }
  return { apiVersion, serverApiVersion, serverMinApiVersion: server.minApiVersion, warnings };
}
