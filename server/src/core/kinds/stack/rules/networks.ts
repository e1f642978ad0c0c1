import { isIP } from 'node:net';
import { defineRule } from '../../../rules/registry';
import { scopedName } from '../../../stackModel/names';
import { asMap, entries, services, type StackCheck, type StackContext } from '../context';
import { isExternal, listOrMapEntries } from './common';

export const networkScopeRule = defineRule({
  code: 'stack-network-scope',
  kinds: ['stack'],
  severity: 'error',
  description: 'A service attached to a network swarm services cannot use: a local-scope driver (bridge, macvlan, ipvlan) or the ingress network.',
  source:
    'moby daemon/cluster/networks.go populateNetworkID (v27.5.1); moby/swarmkit manager/controlapi/service.go validateNetworks (vendored in moby v27.5.1)',
});

export const networkConfigRule = defineRule({
  code: 'stack-network-config',
  kinds: ['stack'],
  severity: 'error',
  description:
    'A network stack deploy cannot create: the reserved predefined label, a bad or host-bits IPAM subnet, a non-boolean enable_ipv6 option, a predefined or built-in name.',
  source:
    'moby/swarmkit manager/controlapi/network.go validateNetworkSpec (vendored in moby v27.5.1); moby api/types/network/ipam.go ValidateIPAM, daemon/network.go createNetwork, api/server/router/network/network_routes.go postNetworkCreate (v27.5.1)',
});

const LOCAL_DRIVERS = ['bridge', 'macvlan', 'ipvlan'];
const PREDEFINED_LABEL = 'com.docker.swarm.predefined';
const PREDEFINED_NAMES = ['none', 'default'];
const BUILT_IN_NAMES = ['host', 'bridge', 'ingress'];
const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];

/** Keys of the networks some service is attached to (`default` for services that name none). */
function attachedNetworks(ctx: StackContext): Set<string> {
  const used = new Set<string>();
  for (const [, svc] of services(ctx)) {
    const nets = svc.networks;
    if (nets === undefined || nets === null) used.add('default');
    else if (Array.isArray(nets)) nets.forEach((n) => typeof n === 'string' && used.add(n));
    else for (const [k] of entries(nets)) used.add(k);
  }
  return used;
}

/** The IPv4 address as a 32-bit number, or undefined. */
function ipv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** ValidateIPAM's subnet check: netip.ParsePrefix, and for IPv4 no host bits. */
export function subnetProblem(subnet: string): string | undefined {
  const [addr, bits, extra] = subnet.split('/');
  const family = isIP(addr ?? '');
  const max = family === 6 ? 128 : 32;
  if (extra !== undefined || !family || bits === undefined || !/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > max)
    return `invalid subnet ${subnet}: invalid CIDR block notation`;
  if (family === 6) return undefined;
  const ip = ipv4(addr);
  if (ip === undefined) return `invalid subnet ${subnet}: invalid CIDR block notation`;
  const size = 2 ** (32 - Number(bits));
  const network = Math.floor(ip / size) * size;
  if (network === ip) return undefined;
  const dotted = [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join('.');
  return `invalid subnet ${subnet}: it should be ${dotted}/${bits}`;
}

function checkNetworkConfig(ctx: StackContext, key: string, def: Record<string, unknown>): void {
  const base = ['networks', key];
  for (const { key: label, path, at } of listOrMapEntries(def.labels, [...base, 'labels'])) {
    if (label !== PREDEFINED_LABEL) continue;
    ctx.report(
      networkConfigRule,
      at === 'key' ? ctx.keyRange(path) : ctx.valueRange(path),
      `label ${PREDEFINED_LABEL} is for internally created predefined networks and cannot be applied by users (remove the label)`,
    );
  }
  const configs = asMap(def.ipam)?.config;
  if (Array.isArray(configs)) {
    configs.forEach((c, i) => {
      const subnet = asMap(c)?.subnet;
      const problem = typeof subnet === 'string' ? subnetProblem(subnet) : undefined;
      if (problem)
        ctx.report(
          networkConfigRule,
          ctx.valueRange([...base, 'ipam', 'config', i, 'subnet']),
          `invalid network config: ${problem} (write the subnet as its network address and prefix length, e.g. 10.0.9.0/24)`,
          { data: { value: subnet } },
        );
    });
  }
  const ipv6 = asMap(def.driver_opts)?.['com.docker.network.enable_ipv6'];
  if (ipv6 !== undefined && ipv6 !== null && typeof ipv6 !== 'boolean' && !GO_BOOLS.includes(String(ipv6))) {
    ctx.report(
      networkConfigRule,
      ctx.valueRange([...base, 'driver_opts', 'com.docker.network.enable_ipv6']),
      `driver-opt "com.docker.network.enable_ipv6" is not a valid bool (use "true" or "false")`,
      { data: { value: ipv6 } },
    );
  }
  const name = typeof def.name === 'string' ? def.name : undefined;
  if (name !== undefined && PREDEFINED_NAMES.includes(name)) {
    ctx.report(
      networkConfigRule,
      ctx.valueRange([...base, 'name']),
      `operation is not permitted on predefined ${name} network (stack deploy would create it: choose another name, or use \`external: true\` to attach to the predefined one)`,
    );
  } else if (name !== undefined && BUILT_IN_NAMES.includes(name)) {
    ctx.report(
      networkConfigRule,
      ctx.valueRange([...base, 'name']),
      `network with name ${name} already exists (every swarm has it: add \`external: true\` to attach to it, or choose another name)`,
    );
  }
}

export const checkNetworks: StackCheck = (ctx) => {
  const used = attachedNetworks(ctx);
  for (const [key, raw] of entries(ctx.config.networks)) {
    const def = asMap(raw) ?? {};
    if (isExternal(def)) {
      const name = typeof def.name === 'string' && def.name !== '' ? def.name : key;
      if (name === 'ingress' && used.has(key)) {
        ctx.report(
          networkScopeRule,
          typeof def.name === 'string' ? ctx.valueRange(['networks', key, 'name']) : ctx.keyRange(['networks', key]),
          `Service cannot be explicitly attached to the ingress network "ingress" (services reach the ingress network through published ports; remove it from the services' \`networks\`)`,
        );
      }
      continue;
    }
    checkNetworkConfig(ctx, key, def);
    if (typeof def.driver === 'string' && LOCAL_DRIVERS.includes(def.driver) && used.has(key)) {
      const name = typeof def.name === 'string' && def.name !== '' ? def.name : scopedName(ctx.stackName ?? '<stack>', key);
      ctx.report(
        networkScopeRule,
        ctx.valueRange(['networks', key, 'driver']),
        `The network ${name} cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver. (stack deploy creates the ${def.driver} network on the manager, then the Engine refuses the service: use \`driver: overlay\`)`,
        { data: { driver: def.driver } },
      );
    }
  }
};
