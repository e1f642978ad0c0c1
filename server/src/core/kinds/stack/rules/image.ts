import { defineRule } from '../../../rules/registry';
import { type StackCheck } from '../context';
import { SWARM } from './common';

export const imageRule = defineRule({
  code: 'stack-image',
  kinds: ['stack'],
  severity: 'error',
  description: 'An image reference docker cannot parse (swarm refuses the service).',
  source: SWARM.imageReference.source,
});

/** A warning, not an error: an override file used with a second `-c` file often leaves `image` to the base file. */
export const missingImageRule = defineRule({
  code: 'stack-missing-image',
  kinds: ['stack'],
  severity: 'warning',
  description: 'Service without `image`: stack deploy cannot build images, so it refuses the file unless another `-c` file sets it.',
  source: SWARM.imageReference.source,
});

const ref = SWARM.imageReference;
const domain = `${ref.domainComponent}(?:\\.${ref.domainComponent})*(?::${ref.port})?`;
const name = `(?:${domain}/)?${ref.pathComponent}(?:/${ref.pathComponent})*`;
/** distribution/reference's ReferenceRegexp, anchored, plus a bare image ID (ParseAnyReference). */
const REFERENCE = new RegExp(`^(${name})(?::(${ref.tag}))?(?:@(${ref.digest}))?$`);
const IDENTIFIER = new RegExp(`^${ref.identifier}$`);

/** The parts of a valid named reference (not an image ID), or undefined. */
export function parseImageReference(image: string): { name: string; tag?: string; digest?: string } | undefined {
  const m = REFERENCE.exec(image);
  return m ? { name: m[1], tag: m[2], digest: m[3] } : undefined;
}

export function imageReferenceProblem(image: string): string | undefined {
  if (IDENTIFIER.test(image)) return undefined;
  const m = REFERENCE.exec(image);
  if (!m) return /[A-Z]/.test(image.split(/[:@]/)[0]) ? 'repository name must be lowercase' : 'invalid reference format';
  if (m[1].length > ref.maxNameLength) return `repository name must not be more than ${ref.maxNameLength} characters`;
  return undefined;
}

export const checkImages: StackCheck = (ctx) => {
  ctx.eachService('image', (svcName, svc) => {
    const image = svc.image;
    if (image === '' || image === null) {
      ctx.report(
        imageRule,
        ctx.valueRange(['services', svcName, 'image']),
        `invalid image reference for service ${svcName}: no image specified (swarm: "${ref.missing}")`,
      );
      return;
    }
    if (image === undefined) {
      const at = ctx.keyRange(['services', svcName]);
      ctx.report(
        missingImageRule,
        at,
        `service ${svcName} has no image: stack deploy does not build images and refuses the service ("${ref.missing}") unless another -c file sets it; build and push an image, then set \`image:\``,
      );
      return;
    }
    if (typeof image !== 'string') return;
    const problem = imageReferenceProblem(image);
    if (problem)
      ctx.report(imageRule, ctx.valueRange(['services', svcName, 'image']), `invalid image reference for service ${svcName}: ${problem}: "${image}"`);
  });
};
