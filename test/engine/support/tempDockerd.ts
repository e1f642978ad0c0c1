// An extra dockerd of the test's own: own data-root, exec-root, pidfile and unix socket under a temp dir,
// `bridge: none`, `iptables: false`, never joined to the swarm. Optionally also on tcp://127.0.0.1:<port> with TLS.
// It runs as a child of the test process (so it is reaped at once) and is stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface DockerdTls {
  ca: string;
  cert: string;
  key: string;
}

export interface DockerdConfig {
  /** Also listen on tcp://127.0.0.1:<tcpPort>. */
  tcpPort?: number;
  /** With tcpPort: --tlsverify with these files. */
  tls?: DockerdTls;
}

export class TempDockerd {
  readonly socketPath: string;
  private child?: ChildProcess;
  private config: DockerdConfig;

  /** `dir` must be short (unix socket paths are limited to 107 bytes) and belong to the test. */
  constructor(
    readonly dir: string,
    config: DockerdConfig = {},
  ) {
    this.socketPath = join(dir, 'docker.sock');
    this.config = config;
  }

  get logFile(): string {
    return join(this.dir, 'dockerd.log');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts dockerd (optionally with a new config) and waits until its unix socket answers /_ping. */
  async start(config?: DockerdConfig, timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error('dockerd already running');
    if (config) this.config = config;
    const file = this.writeConfig();
    for (const pidFile of [join(this.dir, 'docker.pid'), join(this.dir, 'exec', 'containerd', 'containerd.pid')]) {
      if (existsSync(pidFile) && !alive(Number(readFileSync(pidFile, 'utf8').trim()))) rmSync(pidFile, { force: true });
    }
    const log = openSync(this.logFile, 'a');
    // The proxy points at a closed loopback port: any registry access fails at once instead of leaving the machine.
    const proxy = 'http://127.0.0.1:9';
    const env: NodeJS.ProcessEnv = { ...process.env, HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy, NO_PROXY: '', no_proxy: '' };
    delete env.DOCKER_HOST;
    const child = spawn('/usr/sbin/dockerd', ['--config-file', file], { env, detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, sig) => reject(new Error(`dockerd exited early (${code ?? sig}); see ${this.logFile}:\n${tail(this.logFile)}`))),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await Promise.race([pingUnix(this.socketPath), exited])) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`dockerd did not answer on ${this.socketPath} within ${timeoutMs} ms:\n${tail(this.logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM by pid, SIGKILL after `timeoutMs`; resolves once the process is gone. */
  async stop(timeoutMs = 20_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await gone;
    clearTimeout(timer);
  }

  /** Stops the daemon and deletes its directory (unmounting anything dockerd left mounted below it). */
  async destroy(): Promise<void> {
    await this.stop();
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1])
      .filter((m): m is string => !!m && m.startsWith(this.dir + '/'))
      .sort()
      .reverse();
    for (const m of mounts) {
      try {
        execFileSync('umount', ['-l', m], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        /* already gone */
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private writeConfig(): string {
    mkdirSync(this.dir, { recursive: true });
    const c = this.config;
    const hosts = [`unix://${this.socketPath}`, ...(c.tcpPort ? [`tcp://127.0.0.1:${c.tcpPort}`] : [])];
    const cfg: Record<string, unknown> = {
      bridge: 'none',
      iptables: false,
      'ip-masq': false,
      'ip-forward': false,
      'storage-driver': 'vfs',
      'exec-opts': ['native.cgroupdriver=cgroupfs'],
      'data-root': join(this.dir, 'data'),
      'exec-root': join(this.dir, 'exec'),
      pidfile: join(this.dir, 'docker.pid'),
      hosts,
      'registry-mirrors': [],
      'log-driver': 'json-file',
    };
    if (c.tls) Object.assign(cfg, { tlsverify: true, tlscacert: c.tls.ca, tlscert: c.tls.cert, tlskey: c.tls.key });
    const file = join(this.dir, 'daemon.json');
    writeFileSync(file, JSON.stringify(cfg, null, 2));
    return file;
  }
}

function pingUnix(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function alive(pid: number): boolean {
  if (!pid) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}
