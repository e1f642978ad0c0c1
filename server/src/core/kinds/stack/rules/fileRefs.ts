import { dirname, isAbsolute, join } from 'node:path';
import { defineRule } from '../../../rules/registry';
import { asMap, entries, type StackCheck, type StackContext } from '../context';
import { SWARM } from './common';

const READ_SOURCE = 'docker/cli cli/compose/convert/compose.go fileObjectConfig, loader.go loadFileObjectConfig (v27.5.1)';
const SIZE_SOURCE = 'moby/swarmkit api/validation/secrets.go ValidateSecretPayload, manager/controlapi/config.go validateConfigSpec (vendored in moby v27.5.1)';

export const fileMissingRule = defineRule({
  code: 'stack-file-missing',
  kinds: ['stack'],
  severity: 'warning',
  description: 'A top-level secret/config `file:` that does not exist on this machine; stack deploy reads it where it runs and fails without it.',
  source: READ_SOURCE,
});

export const fileSourceRule = defineRule({
  code: 'stack-file-source',
  kinds: ['stack'],
  severity: 'error',
  description:
    'A top-level secret/config with no `file`, `external` or `driver`, or whose `file` is a directory: stack deploy fails reading it ("is a directory").',
  source: READ_SOURCE,
});

export const fileEmptyRule = defineRule({
  code: 'stack-file-empty',
  kinds: ['stack'],
  severity: 'error',
  description: 'A secret/config `file:` that is empty: swarm refuses empty data ("… data must be larger than 0 …").',
  source: SIZE_SOURCE,
});

export const fileTooLargeRule = defineRule({
  code: 'stack-file-too-large',
  kinds: ['stack'],
  severity: 'error',
  description: 'A secret `file:` of 500KiB or more, or a config `file:` of 1000KiB or more ("… less than N bytes").',
  source: SIZE_SOURCE,
});

type Section = 'secrets' | 'configs';

/** Where stack deploy reads a secret/config `file:` from: relative to the stack file's folder. */
export function resolveObjectFile(stackFile: string, file: string): string {
  return isAbsolute(file) ? file : join(dirname(stackFile), file);
}

function checkObject(ctx: StackContext, section: Section, name: string, def: Record<string, unknown>): void {
  const kind = section === 'secrets' ? 'secret' : 'config';
  if (def.external === true || asMap(def.external)) return;
  if (section === 'secrets' && typeof def.driver === 'string' && def.driver !== '') return;
  const file = def.file;
  if (file !== undefined && typeof file !== 'string') return; // the schema reported the type
  if (!file) {
    ctx.report(
      fileSourceRule,
      ctx.keyRange([section, name]),
      `${kind} "${name}" has no file${section === 'secrets' ? ', driver' : ''} or external: stack deploy reads the stack directory as its content and fails ("is a directory"); add \`file: ./path\` or \`external: true\``,
      {
        data: { kind, name },
      },
    );
    return;
  }
  if (!ctx.filePath) return;
  const abs = resolveObjectFile(ctx.filePath, file);
  const path = [section, name, 'file'];
  const stat = ctx.fs.stat(abs);
  if (!stat) {
    const tilde = file.startsWith('~') ? '; `~` is not expanded here, use a relative or absolute path' : '';
    ctx.report(
      fileMissingRule,
      ctx.valueRange(path),
      `${kind} file ${file} not found (looked for ${abs}); stack deploy reads it on the machine it runs on and fails if it is missing there${tilde}`,
      {
        data: { kind, name, file, resolved: abs },
      },
    );
    return;
  }
  if (!stat.isFile) {
    ctx.report(fileSourceRule, ctx.valueRange(path), `${kind} file ${file} is a directory (${abs}); stack deploy fails reading it ("is a directory")`, {
      data: { kind, name, file, resolved: abs },
    });
    return;
  }
  const max = SWARM.fileObjects.maxBytes[section];
  if (stat.size === 0) {
    ctx.report(fileEmptyRule, ctx.valueRange(path), `${kind} data must be larger than 0 and less than ${max} bytes: ${file} is empty (${abs})`, {
      data: { kind, name, file, resolved: abs },
    });
  } else if (stat.size >= max) {
    ctx.report(
      fileTooLargeRule,
      ctx.valueRange(path),
      `${kind} data must be larger than 0 and less than ${max} bytes: ${file} has ${stat.size} bytes (${abs})`,
      {
        data: { kind, name, file, resolved: abs, size: stat.size, max },
      },
    );
  }
}

export const checkFileRefs: StackCheck = (ctx) => {
  for (const section of ['secrets', 'configs'] as const) {
    for (const [name, def] of entries(ctx.config[section])) {
      const m = asMap(def);
      if (m) checkObject(ctx, section, name, m);
    }
  }
};
