// Where swarm can put a service's tasks: swarmkit's constraint matching (manager/constraint/constraint.go
// NodeMatches) and the scheduler's readiness and platform filters (manager/scheduler/filter.go), evaluated against
// the live node list for the plan's checks.
import { isIP } from 'node:net';
import { parseConstraint } from '../../../server/src/core/stackModel';
import type { SwarmNode } from '../engine';

export interface ConstraintResult {
  /** Nodes that satisfy every constraint (any state). */
  matching: SwarmNode[];
  /** Of those, the nodes the scheduler would use: status ready and availability active. */
  eligible: SwarmNode[];
  /** Constraints swarm cannot parse (the service create fails). */
  invalid: string[];
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** IPv4/IPv6 address as a bigint plus its bit length, for CIDR checks. */
function ipBits(ip: string): { value: bigint; bits: number } | undefined {
  const family = isIP(ip);
  if (family === 4) return { value: ip.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n), bits: 32 };
  if (family !== 6) return undefined;
  let [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  const toGroups = (s: string | undefined) => (s ? s.split(':').filter(Boolean) : []);
  if (v4) {
    const n = ipBits(v4)!.value;
    const replace = (s: string) => s.replace(v4, `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`);
    if (tail !== undefined) tail = replace(tail);
    else head = replace(head);
  }
  const h = toGroups(head);
  const t = toGroups(tail);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return { value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

function ipMatches(nodeAddr: string, exp: string): boolean | undefined {
  const node = ipBits(nodeAddr);
  const single = ipBits(exp);
  if (single) return !!node && node.bits === single.bits && node.value === single.value;
  const m = /^(.+)\/(\d+)$/.exec(exp);
  const net = m ? ipBits(m[1]) : undefined;
  if (!m || !net || Number(m[2]) > net.bits) return undefined;
  if (!node || node.bits !== net.bits) return false;
  const shift = BigInt(net.bits - Number(m[2]));
  return node.value >> shift === net.value >> shift;
}

/** NodeMatches for one node. */
export function nodeMatches(node: SwarmNode, constraints: readonly string[]): boolean {
  for (const expr of constraints) {
    const c = parseConstraint(expr);
    if (!c.ok) return false;
    const want = c.operator === '==';
    const match = (...whats: string[]) => whats.some((w) => eq(c.value, w)) === want;
    const key = c.key.toLowerCase();
    const desc = node.Description;
    let ok: boolean;
    if (key === 'node.id') ok = match(node.ID);
    else if (key === 'node.hostname') ok = match(desc?.Hostname ?? '');
    else if (key === 'node.ip') ok = ipMatches(node.Status?.Addr ?? '', c.value) === want && ipMatches(node.Status?.Addr ?? '', c.value) !== undefined;
    else if (key === 'node.role') ok = match(node.Spec.Role ?? '');
    else if (key === 'node.platform.os') ok = match(desc?.Platform?.OS ?? '');
    else if (key === 'node.platform.arch') ok = match(desc?.Platform?.Architecture ?? '');
    else if (key.startsWith('node.labels.') && key.length > 'node.labels.'.length) ok = match(node.Spec.Labels?.[c.key.slice('node.labels.'.length)] ?? '');
    else if (key.startsWith('engine.labels.') && key.length > 'engine.labels.'.length)
      ok = match(desc?.Engine?.Labels?.[c.key.slice('engine.labels.'.length)] ?? '');
    else ok = false;
    if (!ok) return false;
  }
  return true;
}

export function evaluateConstraints(nodes: readonly SwarmNode[], constraints: readonly string[]): ConstraintResult {
  const invalid = constraints.filter((c) => !parseConstraint(c).ok);
  const matching = invalid.length ? [] : nodes.filter((n) => nodeMatches(n, constraints));
  const eligible = matching.filter((n) => n.Status?.State === 'ready' && (n.Spec.Availability ?? 'active') === 'active');
  return { matching, eligible, invalid };
}

/** The scheduler's architecture aliases (manager/scheduler/filter.go PlatformFilter). */
export function normalizeArch(arch: string): string {
  const a = arch.toLowerCase();
  if (a === 'x86_64' || a === 'x86-64') return 'amd64';
  if (a === 'aarch64') return 'arm64';
  return a;
}

export const nodeName = (n: SwarmNode) => n.Description?.Hostname || n.ID;
