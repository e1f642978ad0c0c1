import { defineRule } from '../../../rules/registry';
import type { ValuePath } from '../../../yaml/yamlDocument';
import { asMap, type StackCheck, type StackContext } from '../context';
import { inPortRange, longPortConfig, parseShortPort, type PortConfig } from '../../../stackModel/ports';
import { reportNotAllowed, SWARM } from './common';

export const portRule = defineRule({
  code: 'stack-port',
  kinds: ['stack'],
  severity: 'error',
  description:
    'A port stack deploy or swarm refuses: bad short syntax (protocol, number, range), number above 65535, ingress port with dnsrr, duplicate published port.',
  source:
    'docker/go-connections nat/nat.go ParsePortSpec (via docker/cli loader.go toServicePortConfigs, v27.5.1); moby/swarmkit manager/controlapi/service.go validateEndpointSpec',
});

export const portValueRule = defineRule({
  code: 'stack-port-value',
  kinds: ['stack'],
  severity: 'warning',
  description: 'Long-syntax port `protocol` or `mode` that dockerd does not know: it silently becomes tcp / ingress.',
  source: 'moby daemon/cluster/convert/service.go ServiceSpecToGRPC (PortConfig_Protocol_value / PortConfig_PublishMode_value lookups, v27.5.1)',
});

const PORTS = SWARM.ports;

/** A long-syntax entry's port config (unknown protocol/mode fall back like dockerd's enum lookups), reporting what is wrong. */
function longPort(ctx: StackContext, path: ValuePath, m: Record<string, unknown>): PortConfig {
  for (const key of ['target', 'published'] as const) {
    const v = m[key];
    if (typeof v === 'number' && Number.isInteger(v) && !inPortRange(v)) {
      ctx.report(portRule, ctx.valueRange([...path, key]), `${key} port ${v} is out of range: port numbers are 0 to ${PORTS.max}`, { data: { value: v } });
    }
  }
  const protocol = typeof m.protocol === 'string' ? m.protocol.toLowerCase() : '';
  if (protocol !== '' && !PORTS.protocols.includes(protocol)) {
    reportNotAllowed(
      ctx,
      portValueRule,
      [...path, 'protocol'],
      String(m.protocol),
      PORTS.protocols,
      `unknown protocol "${String(m.protocol)}" is silently published as tcp`,
    );
  }
  const mode = typeof m.mode === 'string' ? m.mode.toLowerCase() : '';
  if (mode !== '' && !PORTS.modes.includes(mode)) {
    reportNotAllowed(
      ctx,
      portValueRule,
      [...path, 'mode'],
      String(m.mode),
      PORTS.modes,
      `unknown publish mode "${String(m.mode)}" is silently treated as ingress`,
    );
  }
  return longPortConfig(m);
}

export const checkPorts: StackCheck = (ctx) => {
  ctx.eachService('ports', (name, svc) => {
    if (!Array.isArray(svc.ports)) return;
    const endpoint = asMap(svc.deploy)?.endpoint_mode;
    const dnsrr = typeof endpoint === 'string' && endpoint.toLowerCase() === 'dnsrr';
    const seen = new Map<string, number>();
    svc.ports.forEach((entry, i) => {
      const path = ['services', name, 'ports', i];
      let configs: PortConfig[];
      let modePath: ValuePath = path;
      if (typeof entry === 'string' || (typeof entry === 'number' && Number.isInteger(entry))) {
        const parsed = parseShortPort(String(entry));
        if ('error' in parsed) {
          ctx.report(
            portRule,
            ctx.valueRange(path),
            `${parsed.error} (short syntax is [[ip:]published:]target[/protocol], protocol tcp, udp or sctp, ports 0 to ${PORTS.max})`,
            { data: { value: entry } },
          );
          return;
        }
        configs = parsed.ports;
      } else {
        const m = asMap(entry);
        if (!m) return;
        configs = [longPort(ctx, path, m)];
        if (typeof m.mode === 'string') modePath = [...path, 'mode'];
      }
      if (dnsrr && configs.some((c) => c.mode === 'ingress')) {
        ctx.report(
          portRule,
          ctx.valueRange(modePath),
          `EndpointSpec: port published with ingress mode can't be used with dnsrr mode (services.${name}.deploy.endpoint_mode is dnsrr): use \`mode: host\` in the long port syntax, or endpoint_mode vip`,
          {
            data: { endpointMode: 'dnsrr' },
          },
        );
      }
      for (const c of configs) {
        if (c.published === 0) continue;
        const key = `${c.published}/${c.protocol}`;
        const first = seen.get(key);
        if (first !== undefined && first !== i) {
          ctx.report(portRule, ctx.valueRange(path), `EndpointSpec: duplicate published ports provided (${key} is already published by ports[${first}])`, {
            data: { published: c.published, protocol: c.protocol },
          });
          break;
        }
        seen.set(key, i);
      }
    });
  });
};
