// Runs a TypeScript file (through tsx) in a child process under another uid/gid, e.g. nobody (65534), because root
// bypasses file permissions: that is the honest way to meet EACCES on a socket when the tests run as root.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';

const repoRoot = join(dirname(new URL(import.meta.url).pathname), '..', '..', '..');

export function runTsAsUser(file: string, args: string[], ids: { uid: number; gid: number }, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { cwd: repoRoot, uid: ids.uid, gid: ids.gid, timeout: timeoutMs, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' } },
      (err, stdout, stderr) => (err ? reject(new Error(`${file} as uid ${ids.uid} failed: ${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}
