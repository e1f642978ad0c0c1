import { defineRule } from '../../rules/registry';
import type { ValuePath } from '../../yaml/yamlDocument';
import { asMap, entries, services, type StackCheck } from '../stack/context';

// The checks compose-go v2 makes beside the compose-spec schema (docker compose 2.40.3 builds on compose-go
// 2.9.1): validation/validation.go (file objects, device requests), format/volume.go (short volume syntax),
// paths/resolve.go (bind source), types/hostList.go and types/device.go (mapstructure decoding), and
// loader/validate.go checkConsistency (network_mode with networks, platforms, secret sources).
const SOURCE =
  'compose-spec/compose-go v2.9.1 validation/validation.go, loader/validate.go, format/volume.go, paths/resolve.go, types/hostList.go, types/device.go';
const INVALID = 'invalid compose project';

export const composeExclusiveKeysRule = defineRule({
  code: 'compose-exclusive-keys',
  kinds: ['compose'],
  severity: 'error',
  description:
    'Keys docker compose refuses together: `network_mode` with `networks`, a device request’s `count` with `device_ids`, more than one of `file`/`environment`/`content`.',
  source: SOURCE,
});

export const composePlatformRule = defineRule({
  code: 'compose-platform',
  kinds: ['compose'],
  severity: 'error',
  description: 'A service `platform` missing from its `build.platforms` ("service.build.platforms MUST include service.platform").',
  source: SOURCE,
});

export const composeFileObjectSourceRule = defineRule({
  code: 'compose-file-object-source',
  kinds: ['compose'],
  severity: 'error',
  description: 'A secret without `file` or `environment` (a config also without `content`) that is not `external`: docker compose has nothing to read it from.',
  source: SOURCE,
});

export const composeVolumeSpecRule = defineRule({
  code: 'compose-volume-spec',
  kinds: ['compose'],
  severity: 'error',
  description: 'A volume docker compose cannot parse: an empty section or too many colons in the short syntax, a `bind` mount without `source`.',
  source: SOURCE,
});

export const composeDecodeRule = defineRule({
  code: 'compose-decode',
  kinds: ['compose'],
  severity: 'error',
  description:
    'A value the schema allows but docker compose cannot decode: an `extra_hosts` entry without an IP, a device `count` that is neither a number nor "all".',
  source: SOURCE,
});

const DECODING = 'decoding failed due to the following error(s):';
const EXTENSION = /^x-/;

const checkNetworkMode: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    const networks = Array.isArray(svc.networks) ? svc.networks.length : entries(svc.networks).length;
    if (typeof svc.network_mode !== 'string' || svc.network_mode === '' || networks === 0) continue;
    ctx.report(
      composeExclusiveKeysRule,
      ctx.keyRange(['services', name, 'networks']),
      `service ${name} declares mutually exclusive \`network_mode\` and \`networks\`: ${INVALID}`,
    );
  }
};

const checkPlatforms: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    const platforms = asMap(svc.build)?.platforms;
    if (!Array.isArray(platforms) || platforms.length === 0 || typeof svc.platform !== 'string' || svc.platform === '') continue;
    if (platforms.includes(svc.platform)) continue;
    ctx.report(
      composePlatformRule,
      ctx.valueRange(['services', name, 'platform']),
      `service.build.platforms MUST include service.platform "${svc.platform}": ${INVALID}`,
    );
  }
};

/** validation.go checkFileObject, then checkConsistency's own test for secrets. */
const checkFileObjects: StackCheck = (ctx) => {
  for (const [section, keys] of [
    ['secrets', ['file', 'environment']],
    ['configs', ['file', 'environment', 'content']],
  ] as const) {
    for (const [name, value] of entries(ctx.config[section])) {
      const obj = asMap(value);
      if (!obj || EXTENSION.test(name)) continue;
      const set = keys.filter((k) => Object.hasOwn(obj, k));
      const path: ValuePath = [section, name];
      if (set.length > 1)
        ctx.report(composeExclusiveKeysRule, ctx.keyRange([...path, set[1]]), `${section}.${name}: ${keys.join('|')} attributes are mutually exclusive`);
      if (set.length > 0) continue;
      if (!Object.hasOwn(obj, 'driver') && !Object.hasOwn(obj, 'external'))
        ctx.report(composeFileObjectSourceRule, ctx.keyRange(path), `${section}.${name}: one of ${keys.join('|')} must be set`);
      else if (section === 'secrets' && (obj.external === undefined || obj.external === false))
        ctx.report(composeFileObjectSourceRule, ctx.keyRange(path), `secret "${name}" must declare either \`file\` or \`environment\`: ${INVALID}`);
    }
  }
};

/** The device requests of a service, with compose's dotted path (validation) and decoder path. */
function deviceRequests(name: string, svc: Record<string, unknown>): { req: Record<string, unknown>; path: ValuePath; dotted: string; decoded: string }[] {
  const lists: [unknown, ValuePath, string][] = [
    [
      asMap(asMap(asMap(svc.deploy)?.resources)?.reservations)?.devices,
      ['services', name, 'deploy', 'resources', 'reservations', 'devices'],
      'deploy.resources.reservations.devices',
    ],
    [svc.gpus, ['services', name, 'gpus'], 'gpus'],
  ];
  return lists.flatMap(([list, path, key]) =>
    Array.isArray(list)
      ? list.flatMap((item, i) => {
          const req = asMap(item);
          return req ? [{ req, path: [...path, i], dotted: `services.${name}.${key}.[]`, decoded: `services[${name}].${key}[${i}]` }] : [];
        })
      : [],
  );
}

const checkDevices: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    for (const { req, path, dotted, decoded } of deviceRequests(name, svc)) {
      if (Object.hasOwn(req, 'count') && Object.hasOwn(req, 'device_ids'))
        ctx.report(composeExclusiveKeysRule, ctx.keyRange([...path, 'device_ids']), `${dotted}: "count" and "device_ids" attributes are exclusive`);
      const count = req.count;
      if (typeof count === 'string' && count.toLowerCase() !== 'all' && !/^[+-]?[0-9]+$/.test(count))
        ctx.report(
          composeDecodeRule,
          ctx.valueRange([...path, 'count']),
          `${DECODING} '${decoded}.count' invalid value ${JSON.stringify(count)}, the only value allowed is 'all' or a number`,
        );
    }
  }
};

const checkExtraHosts: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    if (!Array.isArray(svc.extra_hosts)) continue;
    svc.extra_hosts.forEach((entry, i) => {
      const s = String(entry);
      // NewHostsList: "=" first, then ":"; the host may contain neither.
      const sep = s.includes('=') ? '=' : s.includes(':') ? ':' : undefined;
      const where = `${DECODING} 'services[${name}].extra_hosts'`;
      const path: ValuePath = ['services', name, 'extra_hosts', i];
      if (sep === undefined) ctx.report(composeDecodeRule, ctx.valueRange(path), `${where} invalid additional host, missing IP: ${s}`);
      else {
        const host = s.slice(0, s.indexOf(sep));
        if (host === '' || /[:=]/.test(host)) ctx.report(composeDecodeRule, ctx.valueRange(path), `${where} bad host name '${host}'`);
      }
    });
  }
};

/** format/volume.go ParseVolume's errors for a short volume spec, or undefined when it parses. */
export function shortVolumeError(spec: string): string | undefined {
  if (spec.length === 0) return 'invalid empty volume spec';
  if (spec.length <= 2) return undefined;
  let buffer = '';
  let source: string | undefined;
  let target: string | undefined;
  let depth = 0;
  const END = '\u0000';
  const chars = [...spec, END];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '$' && chars[i + 1] === '{') {
      depth++;
      buffer += c;
    } else if (c === '}' && depth > 0) {
      depth--;
      buffer += c;
    } else if (c === ':' && [...buffer].length === 1 && /\p{L}/u.test(buffer)) {
      buffer += c; // a Windows drive letter
    } else if ((c === ':' || c === END) && depth === 0) {
      if (buffer === '') return `invalid spec: ${spec}: empty section between colons`;
      if (source === undefined && c === END) target = buffer;
      else if (source === undefined) source = buffer;
      else if (target === undefined) target = buffer;
      else if (c === ':') return `invalid spec: ${spec}: too many colons`;
      buffer = '';
    } else buffer += c;
  }
  return undefined;
}

const checkVolumes: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    if (!Array.isArray(svc.volumes)) continue;
    svc.volumes.forEach((v, i) => {
      const path: ValuePath = ['services', name, 'volumes', i];
      const error = typeof v === 'string' ? shortVolumeError(v) : undefined;
      if (error) ctx.report(composeVolumeSpecRule, ctx.valueRange(path), error);
      const long = asMap(v);
      if (long?.type === 'bind' && !Object.hasOwn(long, 'source'))
        ctx.report(composeVolumeSpecRule, ctx.keyRange([...path, 'type']), 'invalid mount config for type "bind": field Source must not be empty');
    });
  }
};

export const COMPOSE_CONSISTENCY_CHECKS: StackCheck[] = [checkNetworkMode, checkPlatforms, checkFileObjects, checkDevices, checkExtraHosts, checkVolumes];
