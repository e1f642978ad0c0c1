// The CLI's only contact with the process's stdio and environment: runCli and the deploy commands take a CliIo,
// so tests run them in-process; processIo() is the real one (used by main() for bin/swarm-pilot.js).

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  stderrIsTty: boolean;
}

export interface AsyncCliIo extends CliIo {
  /** Answers the confirmation prompt (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Whether a person can answer (default process.stdin.isTTY). */
  stdinIsTty?: boolean;
  /** Cancels the deploy (the CLI wires SIGINT to it). */
  signal?: AbortSignal;
}

/** The process's stdout, stderr and environment. */
export function processIo(): CliIo {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    stderrIsTty: Boolean(process.stderr.isTTY),
  };
}
