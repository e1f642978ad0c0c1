// Runs the `swarm-pilot` CLI from source as a user does (a child process with stdin closed, not a terminal).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../unit/helpers';
import { cleanEnv } from '../docker';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI with `args`, killed after `timeoutMs`. */
export function cli(args: string[], timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'client/src/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
