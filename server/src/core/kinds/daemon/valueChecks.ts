import type { Node } from 'jsonc-parser';
import { nearest } from '../../text/nearest';
import { keyRangeOf, nodeRange, properties, property, rawText, stringValue, type DaemonContext } from './context';
import { isDNSSearchDomain, isIP, parseCIDR, type Prefix } from './goValues';
import { hostsWithSystemd, ignoredKey, invalidValue, unknownFeature } from './rules';

/**
 * The value checks dockerd 27 makes when it loads daemon.json (daemon/config Validate, ValidatePlatformConfig)
 * and when it applies it at start (bridge driver, registry service, cgroup driver). They run only on values
 * of the right JSON type; messages quote dockerd's own wording.
 */
type ValueCheck = (ctx: DaemonContext, node: Node, root: Node) => void;

function bad(ctx: DaemonContext, node: Node, key: string, message: string, extra: Record<string, unknown> = {}): void {
  ctx.report(invalidValue, nodeRange(ctx, node), `${message}; dockerd refuses to start`, { data: { key, ...extra } });
}

const items = (node: Node): Node[] => (node.type === 'array' ? (node.children ?? []) : []);

/** A string checked against one of the vocabularies the data file extracted from moby. */
function vocabulary(key: string, message: (v: string, allowed: string[]) => string): ValueCheck {
  return (ctx, node) => {
    const voc = ctx.data.values[key];
    const v = stringValue(node);
    if (!voc || v === undefined || v === '') return;
    const ok = voc.caseInsensitive ? voc.values.includes(v.toLowerCase()) : voc.values.includes(v);
    if (ok) return;
    const suggestion = nearest(v, voc.values);
    bad(ctx, node, key, `${message(v, voc.values)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, {
      allowed: voc.values,
      ...(suggestion ? { suggestion } : {}),
    });
  };
}

const quoted = (vs: string[]) => vs.map((v) => `"${v}"`).join(' or ');

function nonNegative(label: string): ValueCheck {
  return (ctx, node) => {
    if (node.type === 'number' && Number(rawText(ctx, node)) < 0) bad(ctx, node, label, `invalid ${label}: ${rawText(ctx, node)}`);
  };
}

// ------------------------------------------------------------------------------------------- labels
const RESERVED_LABEL = /^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/i;

const checkLabels: ValueCheck = (ctx, node) => {
  const seen = new Map<string, string>();
  for (const item of items(node)) {
    const v = stringValue(item);
    if (v === undefined) continue;
    if (!v.includes('=')) {
      bad(ctx, item, 'labels', `bad attribute format: ${v} (labels are "key=value")`);
      continue;
    }
    if (RESERVED_LABEL.test(v)) {
      bad(ctx, item, 'labels', `label ${v} is not allowed: the namespaces com.docker.*, io.docker.*, and org.dockerproject.* are reserved for internal use`);
      continue;
    }
    const [k, ...rest] = v.split('=');
    const val = rest.join('=');
    const prev = seen.get(k);
    if (prev !== undefined && prev !== val) bad(ctx, item, 'labels', `conflict labels for ${k}=${val} and ${k}=${prev}`);
    seen.set(k, val);
  }
};

// ------------------------------------------------------------------------------------------- network
const LINK_LOCAL: Prefix = { v6: true, bits: 64, addr: [0xfe80, 0, 0, 0, 0, 0, 0, 0] };

function samePrefixBits(a: number[], b: number[], bits: number, width: number): boolean {
  for (let i = 0; i < bits; i++) {
    const g = Math.floor(i / width);
    const shift = width - 1 - (i % width);
    if (((a[g] >> shift) & 1) !== ((b[g] >> shift) & 1)) return false;
  }
  return true;
}

/** libnetwork bridge.ValidateFixedCIDRV6 (v27.5.1). */
function fixedCidrV6Problem(v: string): string | undefined {
  const p = parseCIDR(v);
  if (!p) return `invalid fixed-cidr-v6: netip.ParsePrefix("${v}"): not a CIDR`;
  const v4in6 = p.v6 && p.addr.slice(0, 5).every((g) => g === 0) && p.addr[5] === 0xffff;
  if (!p.v6 || v4in6) return `invalid fixed-cidr-v6: '${v}' is not a valid IPv6 subnet`;
  if (p.addr[0] >> 8 === 0xff) return `invalid fixed-cidr-v6: multicast subnet '${v}' is not allowed`;
  const masked = p.bits === 64 && samePrefixBits(p.addr, LINK_LOCAL.addr, 64, 16);
  if (!masked && samePrefixBits(p.addr, LINK_LOCAL.addr, Math.min(64, p.bits), 16))
    return `invalid fixed-cidr-v6: '${v}' clashes with the Link-Local prefix 'fe80::/64'`;
  return undefined;
}

function cidr(key: string): ValueCheck {
  return (ctx, node) => {
    const v = stringValue(node);
    if (v && !parseCIDR(v))
      bad(
        ctx,
        node,
        key,
        `${key} "${v}" is not a CIDR (address/prefix-length, e.g. ${key === 'bip' ? '"172.17.0.1/16"' : '"172.17.1.0/24"'}): invalid CIDR address: ${v}`,
      );
  };
}

const checkPools: ValueCheck = (ctx, node) => {
  items(node).forEach((pool, i) => {
    if (pool.type !== 'object') return;
    const base = property(pool, 'base') ?? properties(pool).find(([k]) => k.toLowerCase() === 'base')?.[1];
    const size = property(pool, 'size') ?? properties(pool).find(([k]) => k.toLowerCase() === 'size')?.[1];
    const prefix = stringValue(base) !== undefined ? parseCIDR(stringValue(base)!) : undefined;
    const sizeN = size?.type === 'number' ? Number(rawText(ctx, size)) : 0;
    if (!base || !size || sizeN === 0) {
      bad(
        ctx,
        pool,
        'default-address-pools',
        `default-address-pools: network at index ${i} is not in canonical form: it needs "base" (a CIDR) and a non-zero "size"`,
      );
    } else if (prefix && prefix.bits > sizeN) {
      bad(
        ctx,
        size,
        'default-address-pools',
        `default-address-pools: network at index ${i} has a smaller prefix (/${prefix.bits}) than the target size of that pool (/${sizeN})`,
      );
    } else if (prefix && sizeN > (prefix.v6 ? 128 : 32)) {
      bad(ctx, size, 'default-address-pools', `default-address-pools: size /${sizeN} is longer than an ${prefix.v6 ? 'IPv6' : 'IPv4'} address`);
    }
  });
};

/** Cross-key checks of the default bridge (daemon/daemon_unix.go verifyDaemonSettings, initBridgeDriver). */
function checkBridge(ctx: DaemonContext, root: Node): void {
  const val = (k: string) => property(root, k);
  const str = (k: string) => stringValue(val(k)) ?? '';
  const bool = (k: string, dflt: boolean) => (val(k)?.type === 'boolean' ? (val(k)!.value as boolean) : dflt);
  if (str('bridge') !== '' && str('bip') !== '') {
    bad(ctx, val('bip')!, 'bip', 'You specified -b & --bip, mutually exclusive options. Please specify only one ("bridge" and "bip")');
  }
  if (!bool('icc', true)) {
    if (!bool('iptables', true))
      bad(
        ctx,
        val('icc')!,
        'icc',
        'You specified --iptables=false with --icc=false. ICC=false uses iptables to function. Please set --icc or --iptables to true',
      );
    else if (bool('ipv6', false) && !bool('ip6tables', true))
      bad(
        ctx,
        val('icc')!,
        'icc',
        'You specified --ip6tables=false with --icc=false. ICC=false uses ip6tables to function. Please set --icc or --ip6tables to true',
      );
  }
  // initBridgeDriver runs unless the default bridge is disabled ("bridge": "none", daemon.isBridgeNetworkDisabled).
  if (bool('ipv6', false) && str('fixed-cidr-v6') === '' && str('bridge') !== 'none') {
    bad(
      ctx,
      val('ipv6')!,
      'ipv6',
      'IPv6 is enabled for the default bridge, but no subnet is configured. Specify an IPv6 subnet using --fixed-cidr-v6 ("fixed-cidr-v6")',
    );
  }
  const proxyPath = val('userland-proxy-path');
  const p = stringValue(proxyPath);
  if (proxyPath && p && bool('userland-proxy', true) && !p.startsWith('/')) {
    bad(ctx, proxyPath, 'userland-proxy-path', `invalid userland-proxy-path: must be an absolute path: ${p}`);
  }
}

// ------------------------------------------------------------------------------------------- registries
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
/** distribution/reference DomainRegexp, anchored (registry.validHostPortRegex). */
const HOST_PORT = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);

/** registry.ValidateMirror (v27.5.1). */
function mirrorProblem(v: string): string | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(v)?.[1] ?? '';
  if (scheme !== 'http' && scheme !== 'https')
    return `invalid mirror: unsupported scheme "${scheme}" in "${v}" (write "https://${v.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '')}")`;
  if (/[?#]/.test(v)) return `invalid mirror: query or fragment at end of the URI "${v}"`;
  const authority = v.slice(scheme.length + 3).split('/')[0];
  if (authority.includes('@')) return 'invalid mirror: username/password not allowed in URI';
  return undefined;
}

/** Go net.SplitHostPort, falling back to the whole string as host (as registry.validateHostPort does). */
function splitHostPort(s: string): { host: string; port: string } {
  const bracket = /^\[([^\]]*)\]:([^:]*)$/.exec(s);
  if (bracket) return { host: bracket[1], port: bracket[2] };
  const parts = s.split(':');
  return parts.length === 2 ? { host: parts[0], port: parts[1] } : { host: s, port: '' };
}

/** registry loadInsecureRegistries: ValidateIndexName, scheme handling, CIDR or host[:port]. */
function insecureRegistryProblem(v: string): string | undefined {
  if (v.startsWith('-') || v.endsWith('-')) return `invalid index name (${v}). Cannot begin or end with a hyphen`;
  let r = v;
  if (/^https?:\/\//i.test(r)) r = r.replace(/^https?:\/\//i, '');
  else if (r.includes('://')) return `insecure registry ${v} should not contain '://'`;
  if (parseCIDR(r)) return undefined;
  const { host, port } = splitHostPort(r);
  if (!HOST_PORT.test(r) && !isIP(host)) return `insecure registry ${v} is not valid: invalid host "${host}"`;
  if (port !== '' && (!/^\d+$/.test(port) || Number(port) > 65535)) return `insecure registry ${v} is not valid: invalid port "${port}"`;
  return undefined;
}

function eachString(key: string, problem: (v: string) => string | undefined): ValueCheck {
  return (ctx, node) => {
    for (const item of items(node)) {
      const v = stringValue(item);
      const p = v === undefined ? undefined : problem(v);
      if (p) bad(ctx, item, key, p);
    }
  };
}

// ------------------------------------------------------------------------------------------- hosts
/** opts.ValidateHost (parseDaemonHost) for one -H value. */
function hostProblem(value: string): string | undefined {
  const h = value.trim();
  if (h === '') return undefined;
  const i = h.indexOf('://');
  const proto = i < 0 ? 'tcp' : h.slice(0, i);
  const addr = i < 0 ? h : h.slice(i + 3);
  switch (proto) {
    case 'tcp': {
      const rest = addr.replace(/^[^/]*/, '');
      if (rest !== '' && rest !== '/') return `invalid bind address (${value}): should not contain a path element`;
      return undefined;
    }
    case 'unix':
    case 'npipe':
      return addr.includes('://') ? `invalid bind address (${value}): invalid ${proto} address: ${addr}` : undefined;
    case 'fd':
      return undefined;
    default:
      return `invalid bind address (${value}): unsupported proto '${proto}'`;
  }
}

const checkHosts: ValueCheck = (ctx, node) => {
  eachString('hosts', hostProblem)(ctx, node, node);
  if (items(node).length > 0) {
    ctx.report(
      hostsWithSystemd,
      keyRangeOf(ctx, node),
      '"hosts" conflicts with the -H fd:// flag that the packaged docker.service passes: dockerd then refuses to start ("the following directives are specified both as a flag and in the configuration file: hosts"). Remove -H from the unit (systemctl edit docker) or configure hosts there.',
      { data: { key: 'hosts' } },
    );
  }
};

// ------------------------------------------------------------------------------------------- features
const checkFeatures: ValueCheck = (ctx, node) => {
  const known = ctx.data.features;
  for (const [name, , keyNode] of properties(node)) {
    const f = known[name];
    if (f?.rejected) {
      ctx.report(invalidValue, nodeRange(ctx, keyNode), `${f.rejected}; dockerd refuses to start`, { data: { key: 'features', feature: name } });
    } else if (!f) {
      const candidates = Object.keys(known).filter((k) => !known[k].rejected);
      const suggestion = nearest(name, candidates);
      ctx.report(
        unknownFeature,
        nodeRange(ctx, keyNode),
        `dockerd 27 does not read the feature "${name}" (known: ${candidates.join(', ')}); it is accepted but has no effect${suggestion ? `. Did you mean "${suggestion}"?` : ''}`,
        { tags: ['unnecessary'], data: { feature: name, ...(suggestion ? { suggestion } : {}) } },
      );
    }
  }
};

// ------------------------------------------------------------------------------------------- others
const checkExecOpts: ValueCheck = (ctx, node) => {
  const voc = ctx.data.values['exec-opts:native.cgroupdriver'];
  if (!voc) return;
  for (const item of items(node)) {
    const v = stringValue(item);
    const m = v === undefined ? null : /^\s*([^=]*?)\s*=\s*(.*?)\s*$/.exec(v);
    if (!m || m[1].toLowerCase() !== 'native.cgroupdriver') continue;
    if (m[2] !== '' && !voc.values.includes(m[2])) {
      bad(ctx, item, 'exec-opts', `native.cgroupdriver option ${m[2]} not supported (use ${quoted(voc.values)})`);
    }
  }
};

// ------------------------------------------------------------------------------------------- generic resources
const GR = 'could not parse GenericResource: ';
/** Go's strconv.ParseInt(v, 10, 64) succeeds. */
const isGoInt64 = (v: string) => /^[+-]?\d+$/.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n;

/**
 * swarmkit api/genericresource Parse (via daemon/config ParseGenericResources, called by Config.Validate): terms
 * are "name=value" (exactly one "="); the values of one name are either one integer (a discrete resource, not
 * negative) or only non-integers (a set of named resources). Reported on the term that breaks its name's values.
 */
const checkGenericResources: ValueCheck = (ctx, node) => {
  const byName = new Map<string, { value: string; item: Node }[]>();
  for (const item of items(node)) {
    const v = stringValue(item);
    if (v === undefined) continue;
    if (!v.includes('=')) {
      bad(ctx, item, 'node-generic-resources', `${GR}invalid node-generic-resource format \`${v}\` expected \`name=value\``);
      continue;
    }
    const parts = v.split('=');
    if (parts.length !== 2) {
      bad(ctx, item, 'node-generic-resources', `${GR}incorrect term ${v}, missing '=' or malformed expression`);
      continue;
    }
    const [name, value] = parts.map((p) => p.trim());
    byName.set(name, [...(byName.get(name) ?? []), { value, item }]);
  }
  for (const [name, terms] of byName) {
    const values = terms.map((t) => t.value);
    if (terms.length === 1) {
      if (isGoInt64(values[0]) && BigInt(values[0]) < 0n) bad(ctx, terms[0].item, 'node-generic-resources', `${GR}cannot ask for negative resource ${name}`);
      continue;
    }
    if (!values.some(isGoInt64)) continue;
    // The term at fault: the second one when the first two already mix (or are two counts), else the first count.
    const at = isGoInt64(values[0]) || isGoInt64(values[1]) ? 1 : values.findIndex(isGoInt64);
    bad(ctx, terms[at].item, 'node-generic-resources', `${GR}mixed discrete and named resources in expression '${name}=[${values.join(' ')}]'`);
  }
};

const checkWindowsMtu: ValueCheck = (ctx, node) => {
  if (ctx.platform !== 'windows' || node.type !== 'number') return;
  const n = Number(rawText(ctx, node));
  if (n !== 0 && n !== 1500) {
    ctx.report(
      ignoredKey,
      keyRangeOf(ctx, node),
      'MTU for the default network is not configurable on Windows, and this option will be ignored (dockerd logs a warning)',
      {
        tags: ['unnecessary'],
        data: { key: 'mtu' },
      },
    );
  }
};

export const VALUE_CHECKS: Record<string, ValueCheck> = {
  'log-level': vocabulary('log-level', (v) => `invalid logging level: ${v}`),
  'log-format': vocabulary('log-format', (v) => `invalid log format: ${v}`),
  'default-ipc-mode': vocabulary('default-ipc-mode', (v, a) => `default IPC mode setting (${v}) is invalid; use ${quoted(a)}`),
  'default-cgroupns-mode': vocabulary('default-cgroupns-mode', (v, a) => `default cgroup namespace mode (${v}) is invalid; use ${quoted(a)}`),
  labels: checkLabels,
  'dns-search': eachString('dns-search', (v) => (isDNSSearchDomain(v) ? undefined : `${v} is not a valid domain`)),
  mtu: (ctx, node, root) => {
    nonNegative('default MTU')(ctx, node, root);
    checkWindowsMtu(ctx, node, root);
  },
  'max-concurrent-downloads': nonNegative('max concurrent downloads'),
  'max-concurrent-uploads': nonNegative('max concurrent uploads'),
  'max-download-attempts': nonNegative('max download attempts'),
  'node-generic-resources': checkGenericResources,
  hosts: checkHosts,
  bip: cidr('bip'),
  'fixed-cidr': cidr('fixed-cidr'),
  'fixed-cidr-v6': (ctx, node) => {
    const v = stringValue(node);
    const p = v ? fixedCidrV6Problem(v) : undefined;
    if (p) bad(ctx, node, 'fixed-cidr-v6', p);
  },
  'default-address-pools': checkPools,
  'registry-mirrors': eachString('registry-mirrors', mirrorProblem),
  'insecure-registries': eachString('insecure-registries', insecureRegistryProblem),
  'allow-nondistributable-artifacts': eachString('allow-nondistributable-artifacts', (v) =>
    v.startsWith('-') || v.endsWith('-') ? `invalid index name (${v}). Cannot begin or end with a hyphen` : undefined,
  ),
  features: checkFeatures,
  'exec-opts': checkExecOpts,
};

/** Checks that relate several keys of the file. */
export function checkCrossKeys(ctx: DaemonContext, root: Node): void {
  if (ctx.platform === 'linux') checkBridge(ctx, root);
}
