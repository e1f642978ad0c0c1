import { collectStackReferences } from '../../../navigation/stackReferences';
import type { StackContext } from '../context';

/** Top-level volume keys some service mounts (only those reach a node: stack deploy creates no volume itself). */
export function mountedVolumeKeys(ctx: StackContext): Set<string> {
  return new Set(
    collectStackReferences(ctx.config)
      .refs.filter((r) => r.section === 'volumes')
      .map((r) => r.name),
  );
}
