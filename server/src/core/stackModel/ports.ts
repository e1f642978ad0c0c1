import { isIP } from 'node:net';
import { SWARM } from './swarmValues';

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

/** A port number swarm accepts (0 to 65535). */
export const inPortRange = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= PORTS.max;

/** A long-syntax entry as dockerd converts it: unknown protocol/mode fall back to tcp / ingress, bad numbers to 0. */
export function longPortConfig(m: Record<string, unknown>): PortConfig {
  const protocol = typeof m.protocol === 'string' ? m.protocol.toLowerCase() : '';
  const mode = typeof m.mode === 'string' ? m.mode.toLowerCase() : '';
  return {
    target: inPortRange(m.target) ? m.target : 0,
    published: inPortRange(m.published) ? m.published : 0,
    protocol: PORTS.protocols.includes(protocol) ? protocol : 'tcp',
    mode: mode === 'host' ? 'host' : 'ingress',
  };
}

/** The port configs of one `ports` entry (short or long syntax), or undefined when it does not parse. */
export function portEntryConfigs(entry: unknown): PortConfig[] | undefined {
  if (typeof entry === 'string' || (typeof entry === 'number' && Number.isInteger(entry))) {
    const parsed = parseShortPort(String(entry));
    return 'error' in parsed ? undefined : parsed.ports;
  }
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? [longPortConfig(entry as Record<string, unknown>)] : undefined;
}
