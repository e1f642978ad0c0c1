import { type StackCheck } from '../context';
import { parseImageReference } from '../rules/image';
import { adviceRule } from './common';

export const mutableTagRule = adviceRule(
  'stack-image-latest',
  'Advice: an image without a tag or with `:latest`: nodes may run different builds, and a rollback cannot return to the previous one.',
  'Docker docs: `docker stack deploy --resolve-image`, image tags and digests',
);

export const unpinnedImageRule = adviceRule(
  'stack-image-digest',
  'Advice: an image not pinned by digest: a node that is offline or cannot reach the registry at deploy time cannot resolve the tag, and a re-pushed tag changes what runs.',
  'docker/cli cli/command/stack/swarm/deploy_composefile.go (--resolve-image pins digests only when the registry answers)',
);

export const checkImagePinning: StackCheck = (ctx) => {
  ctx.eachService('readiness-images', (name, svc) => {
    if (typeof svc.image !== 'string') return;
    const ref = parseImageReference(svc.image);
    if (!ref || ref.digest) return;
    const at = ctx.valueRange(['services', name, 'image']);
    if (!ref.tag || ref.tag === 'latest') {
      ctx.report(
        mutableTagRule,
        at,
        `service ${name}: image ${svc.image} ${ref.tag ? 'uses :latest' : 'has no tag (means :latest)'}: nodes can end up on different builds and rollbacks cannot go back; use a version tag or a digest`,
      );
    } else {
      ctx.report(
        unpinnedImageRule,
        at,
        `service ${name}: image ${svc.image} is not pinned by digest (@sha256:…): nodes that cannot reach the registry at deploy time cannot resolve it`,
      );
    }
  });
};
