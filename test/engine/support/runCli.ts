// The `swarm-pilot` CLI as a user runs it: a child process from source, stdin closed (not a terminal), the caller's
// DOCKER_* variables dropped, killed after `timeoutMs`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../unit/helpers';
import { cleanEnv } from '../docker';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `onStdout` sees each chunk as it comes (to act in the middle of a run, e.g. kill a daemon). */
export function runCli(args: string[], timeoutMs = 120_000, onStdout?: (chunk: string) => void): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'client/src/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(String(d));
    });
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
