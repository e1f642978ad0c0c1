// Which daemon a fleet target may reach from VS Code. The fleet file is a workspace file, and a workspace must not
// point Swarm Pilot at a daemon (the rule `swarmPilot.connections` follows: user settings only). So a target is
// reached only through a connection the user configured: a docker context, or a `swarmPilot.connections` entry of the
// user settings, matched by the target's context, its host or its name, and with that connection's own TLS/SSH
// settings, never the file's. The CLI keeps reading the file's connections (it runs where the user chose to run it).
// Pure: the connection list comes in (ConnectionManager.list() in the extension).
import { normalizeDockerHost, type ConnectionEntry, type ResolvedEndpoint } from '../engine';
import type { FleetTarget } from '../fleet';

export const NOT_ALLOWED_HINT = 'not allowed: add it to swarmPilot.connections in your user settings';

export type TargetConnection =
  | {
      allowed: true;
      /** The connection picker's entry id (clicking the target makes it the active connection). */
      entryId: string;
      /** The endpoint to use, with the id the CLI's fleet gives this target (see below). */
      endpoint: ResolvedEndpoint;
      /** How it matched, for the tooltip: `docker context line-1`, `user setting "line 2" (same host)`. */
      via: string;
    }
  | { allowed: false; reason: string };

const hostOf = (host: string): string => {
  try {
    return normalizeDockerHost(host, false, process.platform);
  } catch {
    return host;
  }
};

const describe = (e: ConnectionEntry, how: string) =>
  `${e.source === 'setting' ? `user setting "${e.label}"` : e.source === 'context-store' ? `docker context ${e.label}` : `docker ${e.label}`} (${how})`;

/** The user connection a target may use, or why it may not be reached. */
export function targetConnection(target: FleetTarget, entries: readonly ConnectionEntry[]): TargetConnection {
  const candidates: [ConnectionEntry | undefined, string][] = [];
  if (target.context) candidates.push([entries.find((e) => e.id === `context:${target.context}`), 'same context']);
  if (target.host) {
    const want = hostOf(target.host);
    candidates.push([entries.find((e) => e.endpoint && e.endpoint.host === want), 'same host']);
  }
  candidates.push([entries.find((e) => e.label === target.name), 'same name']);
  const [entry, how] = candidates.find(([e]) => e) ?? [];
  if (!entry) return { allowed: false, reason: `${target.context ? `no docker context ${target.context}; ` : ''}${NOT_ALLOWED_HINT}` };
  if (!entry.endpoint) return { allowed: false, reason: `${describe(entry, how!)} does not resolve: ${entry.error?.message ?? 'unknown error'}` };
  // The id the CLI's fleet gives this target's connection (`setting:<context or host>`): revisions are stored per
  // connection id, so a rollout started here and `swarm-pilot fleet rollback` (or the reverse) find the same history.
  const id = `setting:${target.context || target.host || entry.endpoint.host}`;
  return { allowed: true, entryId: entry.id, endpoint: { ...entry.endpoint, id }, via: describe(entry, how!) };
}
