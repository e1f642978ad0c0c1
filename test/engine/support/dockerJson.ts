// `docker … --format json` output (one JSON object a line) as objects, through the shared CLI runner.
import { dockerOk, type DockerOptions } from '../docker';

export async function dockerJsonLines<T = Record<string, string>>(args: string[], opts: DockerOptions = {}): Promise<T[]> {
  const out = await dockerOk(args, opts);
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
