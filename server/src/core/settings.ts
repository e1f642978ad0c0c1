import type { Severity } from './types';

/** Every setting the core reads, in one typed object (the LSP and the CLI fill it in). */
export interface CoreSettings {
  /** Per rule code: a different severity, or 'off'. */
  ruleSeverity: Record<string, Severity | 'off'>;
  /** Globs (matched against the path and the file name) of YAML files validated in stack mode. */
  stackGlobs: string[];
  /** Files larger than this many bytes are not validated (an information diagnostic says so). */
  maxFileBytes: number;
  /** Environment used for `${VAR}` interpolation. stack deploy does not read `.env`. */
  env: Record<string, string | undefined>;
  /**
   * Compose mode: `env` already holds everything docker compose would see (the `.env` read into it, or
   * `--env-file` pointing elsewhere), so a variable missing from it is unset. Without it, that holds only
   * when the file's folder has no `.env`.
   */
  envComplete?: boolean;
  /** Platform whose dockerd flags decide the valid daemon.json keys. */
  daemonPlatform: 'linux' | 'windows';
  /** Nodes of the connected swarm (set by the client while connected), for placement advice. */
  swarmNodeCount?: number;
}

export const DEFAULT_STACK_GLOBS = ['**/*stack*.yml', '**/*stack*.yaml', '**/docker-stack*.yml'];

export function defaultSettings(overrides: Partial<CoreSettings> = {}): CoreSettings {
  return {
    ruleSeverity: {},
    stackGlobs: DEFAULT_STACK_GLOBS,
    maxFileBytes: 5 * 1024 * 1024,
    env: {},
    daemonPlatform: 'linux',
    ...overrides,
  };
}
