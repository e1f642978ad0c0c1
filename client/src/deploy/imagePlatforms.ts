// The architectures an image exists for, as the live image check needs them: the registry's answer through the
// manager (`GET /distribution/{name}/json`: the daemon asks the registry with the X-Registry-Auth docker would send),
// else, when the registry does not answer (offline, unknown, refused), the manager's local image store.
import type { CallOptions } from '../engine';
import { imageWithTag } from './convert';
import type { EngineOps } from './engineOps';
import type { ImagePlatforms } from './liveChecks';

/** The platforms' architectures, without the `unknown` of attestation manifests. */
const archsOf = (platforms: readonly { architecture?: string }[] | null | undefined) => [
  ...new Set((platforms ?? []).map((p) => p.architecture ?? '').filter((a) => a && a !== 'unknown')),
];

export async function imagePlatforms(ops: EngineOps, image: string, registryAuth?: string, call?: CallOptions): Promise<ImagePlatforms | undefined> {
  const ref = imageWithTag(image);
  try {
    const archs = archsOf((await ops.distributionInspect(ref, registryAuth, call)).Platforms);
    if (archs.length) return { archs, source: 'registry' };
  } catch {
    // The registry did not answer: the manager's own copy, if it has one.
  }
  const local = await ops.inspectImage(ref, call).catch(() => undefined);
  return local?.Architecture ? { archs: [local.Architecture], source: 'local' } : undefined;
}
