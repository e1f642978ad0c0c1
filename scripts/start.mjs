// `npm start`: the extension in a browser VS Code (code-server, auth none, 127.0.0.1 only) on examples/.
//   npm start [-- --port 8080] [-- --swarm]   (--swarm: start the local test swarm if no engine answers)
// Installs the host tooling on first use (test/host/install-host-tooling.sh: Debian chromium/libkrb5-dev,
// Node 24 and code-server under .cache/host/), builds dist/, links this checkout into a private extensions
// dir and prints the URL. Settings, HOME and XDG dirs live in .cache/host/start/ (kept between runs).
// Ctrl+C stops code-server and everything it started (its process group).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, INSTALL_SCRIPT, ROOT, toolingInstalled } from '../test/host/lib/paths.mjs';
import { installExitHandlers, killGroup } from '../test/host/lib/processGroups.mjs';
import { QUIET_SETTINGS } from '../test/host/lib/sandbox.mjs';
import { startServer } from '../test/host/lib/server.mjs';

const args = process.argv.slice(2);
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : process.env.PORT ? Number(process.env.PORT) : undefined;
const wantSwarm = args.includes('--swarm');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function run(title, cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`start: ${title} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (!toolingInstalled()) {
  console.log('start: installing the host tooling (once; about 3 minutes) …');
  run('installing the host tooling', 'bash', [INSTALL_SCRIPT]);
}
run('build', process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);

/** Whether a Docker Engine answers on the default socket (the extension's default connection). */
function dockerAnswers() {
  return (
    existsSync('/var/run/docker.sock') &&
    spawnSync('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}'], { encoding: 'utf8', timeout: 10_000 }).status === 0
  );
}
// --swarm starts the local test swarm (a manager and two workers on loopback, test/engine/docker-ci.sh) unless an
// engine already answers; only a swarm started here is stopped again on Ctrl+C.
let startedSwarm = false;
if (wantSwarm && !dockerAnswers()) {
  console.log('start: --swarm: starting a local 3-node test swarm on loopback (root; first run installs docker.io) …');
  const r = spawnSync('bash', [join(ROOT, 'test', 'engine', 'docker-ci.sh'), 'up'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, DOCKER_CI_WORKERS: '2' },
  });
  if (r.status !== 0) {
    console.error('start: the test swarm did not start; continuing with the validator only');
  } else startedSwarm = true;
}
const engineNote = dockerAnswers()
  ? 'The Swarm Pilot views show the Docker Engine on unix:///var/run/docker.sock.'
  : 'No Docker Engine answers on /var/run/docker.sock: the Swarm Pilot views will say so (`npm start -- --swarm` starts a local test swarm).';

// A persistent private profile: nothing goes into the real home.
const base = join(CACHE, 'start');
const d = (p) => {
  const abs = join(base, p);
  mkdirSync(abs, { recursive: true });
  return abs;
};
const home = d('home');
const sandbox = {
  dir: base,
  home,
  userData: d('user-data'),
  extensions: d('extensions'),
  logs: d('logs'),
  env: () => ({
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  }),
};
const settings = join(sandbox.userData, 'User', 'settings.json');
if (!existsSync(settings)) {
  mkdirSync(join(sandbox.userData, 'User'), { recursive: true });
  writeFileSync(settings, JSON.stringify(QUIET_SETTINGS, null, 2));
}
const link = join(sandbox.extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
try {
  if (lstatSync(link)) rmSync(link, { force: true });
} catch {
  /* no link yet */
}
symlinkSync(ROOT, link);

installExitHandlers();
const workspace = join(ROOT, 'examples');
const server = await startServer({ sandbox, flavor: 'code-server', port: portArg, workspace, name: 'code-server' });
console.log(`\nSwarm Pilot ${pkg.version} in code-server: ${server.url}/?folder=${encodeURI(workspace)}`);
console.log(`(listening on 127.0.0.1 only, no password; log: ${server.log})`);
console.log(engineNote);
console.log('After changing the extension: `npm run build`, then "Developer: Reload Window" in the browser. Ctrl+C stops.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await killGroup(server.pid);
  console.log('\nstart: stopped code-server and its processes');
  if (startedSwarm) {
    spawnSync('bash', [join(ROOT, 'test', 'engine', 'docker-ci.sh'), 'stop'], { cwd: ROOT, stdio: 'inherit' });
    console.log('start: stopped the test swarm it had started');
  }
  process.exit(0);
};
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Stay alive while the server runs; if it dies on its own, say so.
const timer = setInterval(() => {
  if (stopping) return;
  try {
    process.kill(server.pid, 0);
  } catch {
    clearInterval(timer);
    console.error(`start: code-server exited; see ${server.log}`);
    process.exit(1);
  }
}, 1000);
