// `swarm-pilot secret|config create|rm|rotate`: content comes from a file or stdin (`-`) and goes to the Engine only.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createObject, findObject, objectUses, removeObject, rotateObject, type FileObjectKind } from '../swarm';
import { cliAction, confirmer, CONNECTION_OPTIONS, helpShown, positiveNumber, UsageError } from './deployShared';
import type { AsyncCliIo } from './io';

export const fileObjectUsage = (kind: FileObjectKind) => `Usage: swarm-pilot ${kind} create [OPTIONS] NAME FILE|-
       swarm-pilot ${kind} rm [--remove-uses] [OPTIONS] NAME
       swarm-pilot ${kind} rotate [OPTIONS] NAME FILE|-

create   creates the ${kind} from FILE, or from stdin with -
rm       removes it; refused while a service uses it (named), unless --remove-uses takes it out of them first
rotate   a ${kind}'s data cannot change: creates NAME_v<N+1> with the new content, updates every service that
         uses NAME to it (same target, uid/gid, mode), follows them to convergence, rolls them back on failure
         (keeping NAME), and removes NAME when all converged
Exit status: 0 done, 1 refused or failed (the reason is printed), 2 usage error.

Options:
  -l, --label KEY=VALUE    label of a new ${kind} (create; repeatable)
  --remove-uses            rm: remove it from the services that use it, then remove it
  --timeout SECONDS        rotate: limit for each service to converge (default 180)
  -y, --yes                do not ask (rm with uses, rotate)
  -H, --host HOST          daemon to use (like docker --host)
  --context NAME           docker context to use
  -h, --help               this help`;

/** The new content: a file's bytes, or stdin's with `-`. Never printed. */
async function readContent(source: string, io: AsyncCliIo): Promise<Buffer> {
  if (source !== '-') return readFileSync(source);
  const chunks: Buffer[] = [];
  for await (const c of io.stdin ?? process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

export function runFileObjectCommand(kind: FileObjectKind, argv: string[], io: AsyncCliIo): Promise<number> {
  const usage = fileObjectUsage(kind);
  return cliAction(io, usage, async (connect) => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...CONNECTION_OPTIONS,
        label: { type: 'string', short: 'l', multiple: true },
        'remove-uses': { type: 'boolean' },
        timeout: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
      },
    });
    if (helpShown(values, io, usage)) return 0;
    const [action, name, source, ...extra] = positionals;
    const wantsSource = action === 'create' || action === 'rotate';
    if (!['create', 'rm', 'rotate'].includes(action ?? '')) throw new UsageError(action ? `unknown ${kind} action '${action}'` : `no ${kind} action given`);
    if (!name || (wantsSource && !source) || extra.length || (!wantsSource && source))
      throw new UsageError(`${kind} ${action} takes NAME${wantsSource ? ' and FILE (or - for stdin)' : ''}`);
    const timeout = positiveNumber('timeout', values.timeout, false) ?? 180;
    const client = connect(values);
    if (action === 'create') {
      const labels = Object.fromEntries((values.label ?? []).map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)]));
      const id = await createObject(client, kind, name, await readContent(source, io), labels);
      io.stdout(`${id}\n`);
      return 0;
    }
    if (action === 'rm') {
      if (values['remove-uses']) {
        const uses = objectUses(await client.listServices(), kind, (await findObject(client, kind, name)).ID);
        if (
          uses.length &&
          !(await confirmer(
            io,
            !!values.yes,
            `Remove ${name} from ${uses.map((u) => u.service).join(', ')} (their tasks restart) and remove it?`,
            'remove it',
          )())
        )
          return 1;
      }
      const r = await removeObject(client, kind, name, { removeUses: values['remove-uses'] });
      io.stdout(`${r.usesRemoved.length ? `removed from ${r.usesRemoved.join(', ')}; ` : ''}${kind} ${r.name} removed\n`);
      return 0;
    }
    const data = await readContent(source, io);
    const uses = objectUses(await client.listServices(), kind, (await findObject(client, kind, name)).ID);
    io.stdout(
      `Rotating ${kind} ${name}: ${uses.length ? `${uses.length} service(s) restart their tasks: ${uses.map((u) => u.service).join(', ')}` : 'no service uses it'}\n`,
    );
    if (!(await confirmer(io, !!values.yes, `Rotate ${name}?`, 'rotate')())) return 1;
    const result = await rotateObject(client, kind, name, data, { signal: io.signal, timeoutMs: timeout * 1000, onProgress: (m) => io.stdout(`${m}\n`) });
    (result.ok ? io.stdout : io.stderr)(`${result.ok ? '' : 'swarm-pilot: '}${result.message}\n`);
    return result.ok ? 0 : 1;
  });
}
