import { defineRule } from '../../../rules/registry';
import { scopedName } from '../../../stackModel/names';
import { portEntryConfigs } from '../../../stackModel/ports';
import { services, type StackCheck } from '../context';

export const publishedPortConflictRule = defineRule({
  code: 'stack-published-port-conflict',
  kinds: ['stack'],
  severity: 'error',
  description: 'Two services of the stack publishing the same port and protocol, one of them in ingress mode (two host-mode publishers may share a port).',
  source: 'moby/swarmkit manager/controlapi/service.go checkPortConflicts (vendored in moby v27.5.1)',
});

interface Publisher {
  service: string;
  mode: 'ingress' | 'host';
}

/** One published port of a service, as the conflict check needs it. */
interface Published {
  index: number;
  published: number;
  protocol: string;
  mode: 'ingress' | 'host';
  /** The long syntax's `published:` key carries the port (else the whole short entry). */
  longForm: boolean;
  /** `published/protocol`, the conflict key. */
  key: string;
}

/** Per-service summaries, kept while the service's loaded value is the same object (an edit elsewhere). */
const summaries = new WeakMap<object, Published[]>();

function publishedPorts(svc: Record<string, unknown>): Published[] {
  let list = summaries.get(svc);
  if (list) return list;
  list = [];
  if (Array.isArray(svc.ports)) {
    svc.ports.forEach((entry, index) => {
      const longForm = typeof entry === 'object' && entry !== null && 'published' in entry;
      for (const c of portEntryConfigs(entry) ?? []) {
        if (c.published !== 0) list!.push({ index, published: c.published, protocol: c.protocol, mode: c.mode, longForm, key: `${c.published}/${c.protocol}` });
      }
    });
  }
  summaries.set(svc, list);
  return list;
}

export const checkPublishedPorts: StackCheck = (ctx) => {
  // published/protocol → the first service publishing it in each mode.
  const byPort = new Map<string, Publisher[]>();
  const list = services(ctx);
  // Runs over every service on each keystroke: no per-service allocation unless the service publishes ports.
  for (let i = 0; i < list.length; i++) {
    const name = list[i][0];
    const ports = publishedPorts(list[i][1]);
    let reported: Set<string> | undefined;
    for (const c of ports) {
      const key = c.key;
      const publishers = byPort.get(key);
      const other = publishers?.find((p) => p.service !== name && (p.mode === 'ingress' || c.mode === 'ingress'));
      if (other && !reported?.has(key)) {
        (reported ??= new Set()).add(key);
        const as = other.mode === 'ingress' ? 'an ingress port' : 'a host-published port';
        const otherName = scopedName(ctx.stackName ?? '<stack>', other.service);
        ctx.report(
          publishedPortConflictRule,
          ctx.valueRange(c.longForm ? ['services', name, 'ports', c.index, 'published'] : ['services', name, 'ports', c.index]),
          `port '${c.published}' is already in use by service '${otherName}' as ${as} (services ${other.service} and ${name} both publish ${key}; the Engine refuses the second one it creates and the stack is left half-deployed: publish another port, or use \`mode: host\` in both)`,
          { data: { published: c.published, protocol: c.protocol, service: other.service } },
        );
      }
      if (!publishers) byPort.set(key, [{ service: name, mode: c.mode }]);
      else if (!publishers.some((p) => p.service === name && p.mode === c.mode)) publishers.push({ service: name, mode: c.mode });
    }
  }
};
