// Every process group this harness starts is recorded here and killed on exit, Ctrl+C or a crash.
// Children are started with `detached: true` (setsid): killing the group also ends the VS Code server's
// file watcher, extension host, language server and the rest of its tree.
const groups = new Set();

export function trackGroup(pid) {
  if (pid) groups.add(pid);
}

/** SIGTERM the group, wait up to `graceMs`, then SIGKILL whatever is left. */
export async function killGroup(pid, graceMs = 3000) {
  if (!pid || !groups.has(pid)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && alive(pid)) await new Promise((r) => setTimeout(r, 100));
  signal(pid, 'SIGKILL');
  groups.delete(pid);
}

const exitHooks = new Set();

/** Runs `fn` (synchronously) when the process ends after the groups are killed; returns an unregister function. */
export function onExit(fn) {
  exitHooks.add(fn);
  return () => exitHooks.delete(fn);
}

export function killAllGroupsNow() {
  for (const pid of groups) signal(pid, 'SIGKILL');
  groups.clear();
  for (const fn of exitHooks) {
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
  exitHooks.clear();
}

function signal(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    /* already gone */
  }
}

function alive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

let installed = false;
/** Kill every tracked group when this process ends, however it ends. */
export function installExitHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', killAllGroupsNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      killAllGroupsNow();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(err);
    killAllGroupsNow();
    process.exit(1);
  });
}
