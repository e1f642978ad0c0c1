import { isIP } from 'node:net';
import { defineRule } from '../../../rules/registry';
import type { ValuePath } from '../../../yaml/yamlDocument';
import { asMap, services, type StackCheck, type StackContext } from '../context';
import { reportNotAllowed, SWARM } from './common';

export const portRule = defineRule({
  code: 'stack-port',
  kinds: ['stack'],
  severity: 'error',
  description: 'A port stack deploy or swarm refuses: bad short syntax (protocol, number, range), number above 65535, ingress port with dnsrr, duplicate published port.',
  source: 'docker/go-connections nat/nat.go ParsePortSpec (via docker/cli loader.go toServicePortConfigs, v27.5.1); moby/swarmkit manager/controlapi/service.go validateEndpointSpec',
});

export const portValueRule = defineRule({
  code: 'stack-port-value',
  kinds: ['stack'],
  severity: 'warning',
  description: 'Long-syntax port `protocol` or `mode` that dockerd does not know: it silently becomes tcp / ingress.',
  source: 'moby daemon/cluster/convert/service.go ServiceSpecToGRPC (PortConfig_Protocol_value / PortConfig_PublishMode_value lookups, v27.5.1)',
});

export interface PortConfig {
  target: number;
  published: number;
  protocol: string;
  mode: 'ingress' | 'host';
}

const PORTS = SWARM.ports;

/** nat.ParsePortRange: `N` or `N-M`, each a uint16; extra `-` parts are ignored as in Go. */
function parsePortRange(s: string): [number, number] | undefined {
  const uint16 = (p: string | undefined) => (p !== undefined && /^\d+$/.test(p) && Number(p) <= PORTS.max ? Number(p) : undefined);
  if (!s.includes('-')) {
    const n = uint16(s);
    return n === undefined ? undefined : [n, n];
  }
  const [a, b] = s.split('-');
  const start = uint16(a);
  const end = uint16(b);
  return start === undefined || end === undefined || end < start ? undefined : [start, end];
}

/** nat.SplitProtoPort. */
function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if (parts[1] === '') return ['tcp', parts[0]];
  return [parts[1], parts[0]];
}

/** nat.ParsePortSpec + opts.ConvertPortToPortConfig: the swarm port configs of one short-syntax entry, or docker's error. */
export function parseShortPort(raw: string): { ports: PortConfig[] } | { error: string } {
  const parts = raw.split(':');
  const n = parts.length;
  const ip0 = n <= 2 ? '' : parts.slice(0, n - 2).join(':');
  const hostPort = n === 1 ? '' : parts[n - 2];
  const [proto, containerPort] = splitProtoPort(parts[n - 1]);
  let ip = ip0;
  if (ip.startsWith('[')) {
    const m = /^\[([^\]]*)\]$/.exec(ip);
    if (!m) return { error: `invalid IP address ${ip}: address ${ip}: missing ']' in address` };
    ip = m[1];
  }
  if (ip !== '' && !isIP(ip)) return { error: `invalid IP address: ${ip}` };
  if (containerPort === '') return { error: `no port specified: ${raw}<empty>` };
  const container = parsePortRange(containerPort);
  if (!container) return { error: `invalid containerPort: ${containerPort}` };
  let host: [number, number] = [0, 0];
  if (hostPort !== '') {
    const h = parsePortRange(hostPort);
    if (!h) return { error: `invalid hostPort: ${hostPort}` };
    host = h;
  }
  const [start, end] = container;
  if (hostPort !== '' && end - start !== host[1] - host[0] && end !== start) {
    return { error: `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}` };
  }
  const protocol = proto.toLowerCase();
  if (!PORTS.protocols.includes(protocol)) return { error: `invalid proto: ${proto}` };
  const ports: PortConfig[] = [];
  for (let i = 0; i <= end - start; i++) {
    // A single container port with a host range publishes every port of the range.
    const [pFrom, pTo] = hostPort === '' ? [0, 0] : start === end ? host : [host[0] + i, host[0] + i];
    for (let p = pFrom; p <= pTo; p++) ports.push({ target: start + i, published: p, protocol, mode: 'ingress' });
  }
  return { ports };
}

const inPortRange = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= PORTS.max;

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
    reportNotAllowed(ctx, portValueRule, [...path, 'protocol'], String(m.protocol), PORTS.protocols, `unknown protocol "${String(m.protocol)}" is silently published as tcp`);
  }
  const mode = typeof m.mode === 'string' ? m.mode.toLowerCase() : '';
  if (mode !== '' && !PORTS.modes.includes(mode)) {
    reportNotAllowed(ctx, portValueRule, [...path, 'mode'], String(m.mode), PORTS.modes, `unknown publish mode "${String(m.mode)}" is silently treated as ingress`);
  }
  return {
    target: inPortRange(m.target) ? m.target : 0,
    published: inPortRange(m.published) ? m.published : 0,
    protocol: PORTS.protocols.includes(protocol) ? protocol : 'tcp',
    mode: mode === 'host' ? 'host' : 'ingress',
  };
}

export const checkPorts: StackCheck = (ctx) => {
  for (const [name, svc] of services(ctx)) {
    if (!Array.isArray(svc.ports)) continue;
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
          ctx.report(portRule, ctx.valueRange(path), `${parsed.error} (short syntax is [[ip:]published:]target[/protocol], protocol tcp, udp or sctp, ports 0 to ${PORTS.max})`, { data: { value: entry } });
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
        ctx.report(portRule, ctx.valueRange(modePath), `EndpointSpec: port published with ingress mode can't be used with dnsrr mode (services.${name}.deploy.endpoint_mode is dnsrr): use \`mode: host\` in the long port syntax, or endpoint_mode vip`, {
          data: { endpointMode: 'dnsrr' },
        });
      }
      for (const c of configs) {
        if (c.published === 0) continue;
        const key = `${c.published}/${c.protocol}`;
        const first = seen.get(key);
        if (first !== undefined && first !== i) {
          ctx.report(portRule, ctx.valueRange(path), `EndpointSpec: duplicate published ports provided (${key} is already published by ports[${first}])`, { data: { published: c.published, protocol: c.protocol } });
          break;
        }
        seen.set(key, i);
      }
    });
  }
};
