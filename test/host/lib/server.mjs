// Starts the VS Code server bundled in code-server on 127.0.0.1 in its own process group.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY, NODE24, NODE24_DIR, VSCODE_SERVER_MAIN } from './paths.mjs';
import { killGroup, trackGroup } from './processGroups.mjs';

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening`);
    try {
      const r = await fetch(url, { redirect: 'manual' });
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * flavor 'vscode': the bare VS Code server (server-main.js), with the smoke-test driver so that
 *   extension tests can run and report back; used by the tests.
 * flavor 'code-server': code-server itself (auth none); used by `npm start`.
 * Returns { port, url, pid, log, stop() }. The server runs under setsid; stop() kills its whole group.
 */
export async function startServer({ sandbox, flavor = 'vscode', env = {}, port, installExtensions = [], workspace, name = 'server', workspaceTrust = false }) {
  port ??= await freePort();
  const log = join(sandbox.logs, `${name}.log`);
  const baseEnv = { ...sandbox.env(), PATH: `${join(NODE24_DIR, 'bin')}:${process.env.PATH}`, npm_config_nodedir: NODE24_DIR, ...env };
  delete baseEnv.NODE_OPTIONS;
  delete baseEnv.VSCODE_IPC_HOOK_CLI;
  // Started from `npm start`/`npm test`: npm's configuration and its Node 20 are not the server's (it runs on Node 24).
  for (const k of Object.keys(baseEnv)) if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD') delete baseEnv[k];

  let args;
  if (flavor === 'vscode') {
    const common = ['--extensions-dir', sandbox.extensions, '--user-data-dir', sandbox.userData, '--server-data-dir', sandbox.serverData];
    for (const vsix of installExtensions) {
      // The server's CLI mode installs and exits.
      await runToEnd(NODE24, [VSCODE_SERVER_MAIN, ...common, '--accept-server-license-terms', '--install-extension', vsix, '--force'], baseEnv, log);
    }
    args = [
      VSCODE_SERVER_MAIN,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      // Workspace trust is off except for the phase that tests restricted mode.
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-telemetry',
      ...common,
    ];
  } else {
    const config = join(sandbox.dir, 'code-server.yaml');
    writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    args = [
      CODE_SERVER_ENTRY,
      '--config',
      config,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--extensions-dir',
      sandbox.extensions,
      '--user-data-dir',
      sandbox.userData,
      ...(workspace ? [workspace] : []),
    ];
  }
  const fd = openSync(log, 'a');
  const child = spawn(NODE24, args, { cwd: sandbox.dir, env: baseEnv, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  trackGroup(child.pid);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => killGroup(child.pid);
  try {
    await waitForHttp(`${url}/`, child, 60_000);
  } catch (err) {
    await stop();
    throw new Error(`${err.message}\n--- ${log}\n${tail(log)}`);
  }
  return { port, url, pid: child.pid, log, stop };
}

function runToEnd(cmd, args, env, log) {
  return new Promise((resolve, reject) => {
    const fd = openSync(log, 'a');
    const child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    trackGroup(child.pid);
    const timer = setTimeout(() => killGroup(child.pid, 0), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      void killGroup(child.pid, 0);
      if (code === 0) resolve();
      else reject(new Error(`${args.slice(-3).join(' ')} exited with ${code}\n${tail(log)}`));
    });
  });
}

export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
