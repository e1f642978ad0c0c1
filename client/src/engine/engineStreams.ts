// Decoders for the daemon's streaming answers: newline-delimited JSON (events) and the multiplexed log format.
import type { Readable } from 'node:stream';

/** Yields one parsed JSON value per line; ends quietly when `signal` aborts. */
export async function* jsonLines<T>(stream: Readable, signal?: AbortSignal): AsyncGenerator<T> {
  let buf = '';
  for await (const chunk of quietOnAbort(stream, signal)) {
    buf += chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      if (signal?.aborted) return;
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
  const rest = buf.trim();
  if (rest && !signal?.aborted) yield JSON.parse(rest) as T;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** One line without its newline (a final partial line is yielded as is). */
  line: string;
}

/**
 * Demultiplexes `/services/{id}/logs` and container logs: frames of [type, 0, 0, 0, size(uint32 BE)] + payload.
 * A stream that does not start with a valid header (TTY services) is passed through as stdout.
 */
export async function* logLines(stream: Readable, signal?: AbortSignal): AsyncGenerator<LogLine> {
  let buf = Buffer.alloc(0);
  let raw = false;
  const partial: Record<LogLine['stream'], string> = { stdout: '', stderr: '' };
  function* emit(kind: LogLine['stream'], text: string): Generator<LogLine> {
    const parts = (partial[kind] + text).split('\n');
    partial[kind] = parts.pop() ?? '';
    for (const line of parts) {
      if (signal?.aborted) return;
      yield { stream: kind, line: line.replace(/\r$/, '') };
    }
  }
  for await (const chunk of quietOnAbort(stream, signal)) {
    if (raw) {
      yield* emit('stdout', chunk.toString('utf8'));
      continue;
    }
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 8) {
      if (signal?.aborted) return;
      const type = buf[0];
      if (type !== 0 && type !== 1 && type !== 2) {
        raw = true;
        yield* emit('stdout', buf.toString('utf8'));
        buf = Buffer.alloc(0);
        break;
      }
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      const payload = buf.subarray(8, 8 + size).toString('utf8');
      buf = buf.subarray(8 + size);
      yield* emit(type === 2 ? 'stderr' : 'stdout', payload);
    }
  }
  for (const kind of ['stdout', 'stderr'] as const) if (partial[kind]) yield { stream: kind, line: partial[kind] };
}

/** Iterates a stream's chunks; an abort of `signal` (which destroys the stream) ends the iteration without error. */
async function* quietOnAbort(stream: Readable, signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (signal?.aborted) {
    stream.destroy();
    return;
  }
  const onAbort = () => stream.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
  } catch (err) {
    if (signal?.aborted) return;
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!stream.destroyed) stream.destroy();
  }
}
