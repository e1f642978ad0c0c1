import { defineRule } from '../../../rules/registry';
import type { ValuePath } from '../../../yaml/yamlDocument';
import { entries, type StackCheck, type StackContext } from '../context';
import { ramInBytes } from '../../../stackModel/sizes';
import { SWARM, valueAt } from './common';

export const byteSizeRule = defineRule({
  code: 'stack-byte-size',
  kinds: ['stack'],
  severity: 'error',
  description: 'A byte size (`deploy.resources.*.memory`, cluster volume capacity) that go-units RAMInBytes refuses ("invalid suffix", "invalid size").',
  source: 'docker/cli cli/compose/loader/loader.go transformSize → docker/go-units size.go RAMInBytes (v0.5.0)',
});

export const memoryMinimumRule = defineRule({
  code: 'stack-memory-minimum',
  kinds: ['stack'],
  severity: 'error',
  description: 'A memory limit or reservation above 0 but below 4MiB ("Must be at least 4MiB").',
  source: 'moby/swarmkit manager/controlapi/service.go validateResources (vendored in moby v27.5.1)',
});

const SIZE_HELP = 'a number with an optional b, k, m, g, t or p suffix (binary multiples), e.g. 512m or 1.5g';

function checkSize(ctx: StackContext, value: unknown, path: ValuePath): number | undefined {
  if (typeof value !== 'string') return undefined;
  const r = ramInBytes(value);
  if ('bytes' in r) return r.bytes;
  ctx.report(byteSizeRule, ctx.valueRange(path), `${r.error} (${path.join('.')} must be ${SIZE_HELP})`, { data: { value } });
  return undefined;
}

export const checkByteSizes: StackCheck = (ctx) => {
  ctx.eachService('byte-sizes', (name, svc) => {
    for (const rel of SWARM.byteSizeFields.servicePaths) {
      const path = ['services', name, ...rel];
      const bytes = checkSize(ctx, valueAt(svc, rel), path);
      if (bytes !== undefined && bytes > 0 && bytes < SWARM.memoryMinimum.bytes) {
        ctx.report(memoryMinimumRule, ctx.valueRange(path), `invalid memory value ${bytes}: Must be at least 4MiB (${path.join('.')})`, {
          data: { value: bytes, minimum: SWARM.memoryMinimum.bytes },
        });
      }
    }
  });
  for (const [name, vol] of entries(ctx.config.volumes)) {
    for (const rel of SWARM.byteSizeFields.volumePaths) checkSize(ctx, valueAt(vol, rel), ['volumes', name, ...rel]);
  }
};
