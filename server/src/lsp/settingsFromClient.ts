import { type CoreSettings, DEFAULT_STACK_GLOBS, defaultSettings, type Severity } from '../core';

/** The `swarmPilot.*` settings as the client sends them (all optional, possibly malformed). */
export interface ClientSettings {
  stackGlobs?: unknown;
  maxFileSize?: unknown;
  rules?: unknown;
  daemon?: { platform?: unknown };
  /** Not a user setting: the client adds the connected swarm's node count to the configuration it returns. */
  swarmNodeCount?: unknown;
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Reads settings in one place and falls back to defaults for anything malformed. */
export function coreSettingsFrom(client: ClientSettings | undefined, env: Record<string, string | undefined>): CoreSettings {
  const c = client ?? {};
  const globs = Array.isArray(c.stackGlobs) && c.stackGlobs.every((g) => typeof g === 'string') ? (c.stackGlobs as string[]) : DEFAULT_STACK_GLOBS;
  const maxMb = typeof c.maxFileSize === 'number' && c.maxFileSize > 0 ? c.maxFileSize : 5;
  const ruleSeverity: Record<string, Severity | 'off'> = {};
  if (c.rules && typeof c.rules === 'object') {
    for (const [code, sev] of Object.entries(c.rules as Record<string, unknown>)) {
      if (typeof sev === 'string' && SEVERITIES.has(sev)) ruleSeverity[code] = sev as Severity | 'off';
    }
  }
  const platform = c.daemon?.platform === 'windows' ? 'windows' : 'linux';
  const nodes = Number.isInteger(c.swarmNodeCount) && (c.swarmNodeCount as number) > 0 ? (c.swarmNodeCount as number) : undefined;
  return defaultSettings({
    stackGlobs: globs,
    maxFileBytes: maxMb * 1024 * 1024,
    ruleSeverity,
    env,
    daemonPlatform: platform,
    ...(nodes ? { swarmNodeCount: nodes } : {}),
  });
}
