// A throwaway OpenSSH server on 127.0.0.1:<port> (Debian package openssh-server) with its own host key, one
// authorized client key and an ssh client config that trusts exactly that host key. Stopped by its own pid.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SSHD = '/usr/sbin/sshd';

export interface TempSshd {
  port: number;
  /** An ssh_config for `ssh -F`: the client key, known_hosts with the server's key, BatchMode. */
  clientConfig: string;
  /** The same, but with a key the server does not authorize (for auth failures). */
  unauthorizedConfig: string;
  stop(): Promise<void>;
}

export function sshdAvailable(): boolean {
  return existsSync(SSHD);
}

/**
 * Installs openssh-server when sshd is missing and this runs as root (the engine group's own setup step, the same
 * `docker-ci.sh packages` that `up` runs), so a fresh machine needs nothing beyond `npm test`. Returns why sshd is
 * still unavailable, or undefined when it is there.
 */
export function ensureSshd(): string | undefined {
  if (sshdAvailable()) return undefined;
  if (process.getuid?.() !== 0) return `needs ${SSHD}: run as root (the test installs openssh-server) or apt-get install openssh-server`;
  const script = fileURLToPath(new URL('../docker-ci.sh', import.meta.url));
  execFileSync('bash', [script, 'packages'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
  return sshdAvailable() ? undefined : `${script} packages did not install ${SSHD}`;
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'spengine-test', '-f', file], { stdio: 'ignore', timeout: 20_000 });
}

/** Starts sshd in `dir` (which must be private to the test) and waits until the port accepts connections. */
export async function startSshd(dir: string, port: number, user = 'root'): Promise<TempSshd> {
  mkdirSync(dir, { recursive: true });
  // sshd insists on its privilege separation directory; Debian's init script would create it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  const otherKey = join(dir, 'other_ed25519');
  for (const k of [hostKey, clientKey, otherKey]) keygen(k);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
  const sshdConfig = join(dir, 'sshd_config');
  writeFileSync(
    sshdConfig,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'StrictModes no',
      'UsePAM no',
      'LogLevel VERBOSE',
    ].join('\n') + '\n',
  );
  const writeClientConfig = (name: string, key: string): string => {
    const file = join(dir, name);
    const lines = [
      'Host 127.0.0.1',
      `  IdentityFile ${key}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${knownHosts}`,
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const clientConfig = writeClientConfig('ssh_config', clientKey);
  const unauthorizedConfig = writeClientConfig('ssh_config_unauthorized', otherKey);
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', sshdConfig], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sshd did not start on 127.0.0.1:${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    clientConfig,
    unauthorizedConfig,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}
