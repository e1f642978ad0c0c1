// Throwaway directories for one VS Code server: HOME, XDG dirs, user data, server data, extensions.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExit } from './processGroups.mjs';

export function makeSandbox(name, { keep = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `swarm-pilot-${name}-`));
  const d = (p) => {
    const abs = join(dir, p);
    mkdirSync(abs, { recursive: true });
    return abs;
  };
  const sb = {
    dir,
    home: d('home'),
    userData: d('user-data'),
    serverData: d('server-data'),
    extensions: d('extensions'),
    logs: d('logs'),
    /** Environment for the server and the browser: nothing may write into the real home. */
    env() {
      return {
        ...process.env,
        HOME: sb.home,
        XDG_CONFIG_HOME: join(sb.home, '.config'),
        XDG_CACHE_HOME: join(sb.home, '.cache'),
        XDG_DATA_HOME: join(sb.home, '.local', 'share'),
        XDG_STATE_HOME: join(sb.home, '.local', 'state'),
        XDG_RUNTIME_DIR: d('runtime'),
        TMPDIR: d('tmp'),
        VSCODE_CLI_DATA_DIR: d('cli-data'),
      };
    },
    /** Copies a folder into the sandbox (tests may write settings into it) and adds workspace settings. */
    workspace(src, settings = {}) {
      const ws = join(dir, 'workspace');
      cpSync(src, ws, { recursive: true });
      mkdirSync(join(ws, '.vscode'), { recursive: true });
      writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
      return ws;
    },
    cleanup() {
      unregister();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
  // Also removed if the run is interrupted (Ctrl+C) or crashes.
  const unregister = onExit(() => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  });
  return sb;
}

/** Settings that keep the workbench quiet and deterministic in tests and screenshots. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  // extensions.autoUpdate / autoCheckUpdates are application-scoped: VS Code refuses them in workspace settings
  // (an error notification in every screenshot); the sandbox's extensions dir never has updates anyway.
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.watcherExclude': { '**/node_modules/**': true },
};
