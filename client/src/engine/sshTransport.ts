// ssh:// endpoints the way the docker CLI reaches them (cli/connhelper): run the system `ssh` with
// `docker system dial-stdio` on the remote host and speak HTTP over its stdin/stdout. Using the system ssh keeps
// ~/.ssh/config, known_hosts, keys and the agent exactly as the CLI sees them.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { DockerAddress } from './dockerHost';

type SshAddress = Extract<DockerAddress, { kind: 'ssh' }>;

/** The argv for `ssh` (connhelper.go + ssh.Spec.Args), plus BatchMode so that no prompt can hang an editor. */
export function sshCommandArgs(addr: SshAddress, extraArgs: readonly string[], connectTimeoutSeconds: number): string[] {
  const args = [...extraArgs];
  const joined = args.join(' ');
  if (!joined.includes('ConnectTimeout')) args.push('-o', `ConnectTimeout=${Math.max(1, Math.ceil(connectTimeoutSeconds))}`);
  if (!joined.includes('BatchMode')) args.push('-o', 'BatchMode=yes');
  if (!args.includes('-T')) args.push('-T');
  if (addr.user) args.push('-l', addr.user);
  if (addr.port !== undefined) args.push('-p', String(addr.port));
  args.push('--', addr.host, 'docker');
  if (addr.socketPath) args.push('--host', `unix://${addr.socketPath}`);
  args.push('system', 'dial-stdio');
  return args;
}

/** Error of the ssh transport; `code` is 'ESSH' so the classifier reports `ssh-failed` with ssh's own words. */
export class SshTransportError extends Error {
  readonly code = 'ESSH';
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message);
  }
}

const STDERR_LIMIT = 8192;

/** A Duplex over one `ssh … docker system dial-stdio` process, with the socket methods http expects as no-ops. */
class CommandConnection extends Duplex {
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';
  private gotData = false;
  /** ssh's 'close' was seen: stderr is complete and the stream has been ended or destroyed with ssh's reason. */
  private sshClosed = false;

  constructor(command: string, args: string[]) {
    super();
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.gotData = true;
      if (!this.push(chunk)) this.child.stdout.pause();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_LIMIT) this.stderr += chunk.toString('utf8');
    });
    this.child.on('error', (err) => this.destroy(new SshTransportError(`cannot run ${command}: ${err.message}`, this.stderr, null)));
    // 'close' comes after the process exited and its stdio ended: only then is stderr complete.
    this.child.on('close', (code) => {
      this.sshClosed = true;
      if (this.destroyed) return;
      if (code !== 0 && !this.gotData) {
        const first = this.stderr.trim().split('\n').filter(Boolean).pop() ?? `${command} exited with ${code}`;
        this.destroy(new SshTransportError(first, this.stderr, code));
      } else {
        this.push(null);
      }
    });
    this.child.stdin.on('error', () => {
      /* EPIPE when ssh died; the 'close' handler reports why */
    });
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.child.stdin.write(chunk, (err) => {
      if (!err) return cb();
      // EPIPE: ssh has exited, and its stderr may not be read yet. Its 'close' reports why in ssh's own words
      // ("Connection refused"); the write error stands only if that did not already end the stream.
      const report = () => cb(this.destroyed ? null : err);
      if (this.sshClosed) report();
      else this.child.once('close', () => setImmediate(report));
    });
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.child.stdin.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    cb(err);
  }

  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/**
 * http.Agent whose connections are ssh processes. No keep-alive: each request runs its own `ssh` (the daemon
 * closes the connection after the answer). Use ControlMaster in ~/.ssh/config to make that cheap.
 */
export class SshAgent extends Agent {
  constructor(
    private readonly address: SshAddress,
    private readonly extraArgs: readonly string[],
    private readonly connectTimeoutSeconds: number,
    private readonly command = 'ssh',
  ) {
    super({ keepAlive: false } satisfies AgentOptions);
  }

  override createConnection(_options: ClientRequestArgs): Duplex {
    return new CommandConnection(this.command, sshCommandArgs(this.address, this.extraArgs, this.connectTimeoutSeconds)) as unknown as Socket;
  }
}
