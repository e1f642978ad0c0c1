import loaderProps from '../../../../../schemas/docker-cli-loader-properties.json';
import { defineRule } from '../../rules/registry';
import { type StackCheck } from './context';

const SOURCE = 'docker/cli cli/compose/types/types.go, loader.go (v27.5.1)';

export const forbiddenKey = defineRule({
  code: 'stack-forbidden-key',
  kinds: ['stack'],
  severity: 'error',
  description: 'Service key that `docker stack deploy` refuses ("Configuration contains forbidden properties").',
  source: SOURCE,
});

export const unsupportedKey = defineRule({
  code: 'stack-unsupported-key',
  kinds: ['stack'],
  severity: 'warning',
  description: 'Service key that swarm ignores ("Ignoring unsupported options"); `restart` is only a fallback restart policy.',
  source: SOURCE,
});

export const deprecatedKey = defineRule({
  code: 'stack-deprecated-key',
  kinds: ['stack'],
  severity: 'warning',
  description: 'Service key that stack deploy drops as deprecated (`container_name`, `expose`).',
  source: SOURCE,
});

export const silentlyIgnoredKey = defineRule({
  code: 'stack-ignored-key',
  kinds: ['stack'],
  severity: 'warning',
  description: 'Service key that stack deploy drops without any message (`depends_on`, service `tmpfs`).',
  source: 'docker/cli cli/compose/convert/service.go (v27.5.1)',
});

export const FORBIDDEN: Record<string, string> = loaderProps.forbidden;
const UNSUPPORTED = new Set(loaderProps.unsupported);
const DEPRECATED: Record<string, string> = loaderProps.deprecated;
const SILENT: Record<string, string> = loaderProps.silentlyIgnored;

/** Per-key advice for unsupported keys, beyond "swarm ignores it". */
const UNSUPPORTED_HINT: Record<string, string> = {
  restart: 'use deploy.restart_policy; swarm only reads `restart` when deploy.restart_policy is absent',
  build: 'build and push the image first, then reference it with `image:`',
  privileged: 'swarm services cannot run privileged',
};

export const checkLoaderKeys: StackCheck = (ctx) => {
  ctx.eachService('loader-keys', (name, svc) => {
    for (const key of Object.keys(svc)) {
      const path = ['services', name, key];
      if (key in FORBIDDEN) {
        ctx.report(forbiddenKey, ctx.keyRange(path), `services.${name}.${key} is forbidden in a stack file: ${FORBIDDEN[key]}`, {
          data: { key, service: name },
        });
      } else if (UNSUPPORTED.has(key)) {
        const hint = UNSUPPORTED_HINT[key];
        ctx.report(
          unsupportedKey,
          ctx.keyRange(path),
          `services.${name}.${key} is ignored by swarm (stack deploy: "Ignoring unsupported options: ${key}")${hint ? `; ${hint}` : ''}`,
          {
            tags: ['unnecessary'],
            data: { key, service: name },
          },
        );
      } else if (key in DEPRECATED) {
        ctx.report(deprecatedKey, ctx.keyRange(path), `services.${name}.${key} is ignored by stack deploy as deprecated: ${DEPRECATED[key]}`, {
          tags: ['deprecated'],
          data: { key, service: name },
        });
      } else if (key in SILENT) {
        ctx.report(silentlyIgnoredKey, ctx.keyRange(path), `services.${name}.${key} is silently ignored by swarm: ${SILENT[key]}`, {
          tags: ['unnecessary'],
          data: { key, service: name },
        });
      }
    }
  });
};
