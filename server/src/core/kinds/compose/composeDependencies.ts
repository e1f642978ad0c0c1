import { defineRule } from '../../rules/registry';
import type { ValuePath } from '../../yaml/yamlDocument';
import { asMap, entries, services, type StackCheck, type StackContext } from '../stack/context';

// compose-go v2 loader/normalize.go turns `links`, `service:` namespaces and `volumes_from` into depends_on
// entries; checkConsistency then refuses an undefined one and graph/cycle.go CheckCycle a cycle (profiles
// are not applied first: a cycle through a disabled service is refused too).
const SOURCE = 'compose-spec/compose-go v2 loader/normalize.go, loader/validate.go checkConsistency, graph/cycle.go (docker compose 2.40.3)';

export const composeDependencyCycleRule = defineRule({
  code: 'compose-dependency-cycle',
  kinds: ['compose'],
  severity: 'error',
  description:
    'Services that depend on each other in a circle (`depends_on`, `links`, `network_mode: service:…`, `volumes_from`): "dependency cycle detected".',
  source: SOURCE,
});

/** One depends_on edge as compose-go derives it, with where the file says it. */
export interface DependencyEdge {
  from: string;
  to: string;
  /** false only for a `depends_on` entry with `required: false`. */
  required: boolean;
  path: ValuePath;
  /** Report on the key (depends_on map entries) or the value (list items, strings). */
  at: 'key' | 'value';
}

const NAMESPACES = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

/** Every service's dependencies, first declaration of a target wins (as normalize does). */
export function dependencyEdges(ctx: StackContext): DependencyEdge[] {
  const edges: DependencyEdge[] = [];
  for (const [name, svc] of services(ctx)) {
    const seen = new Set<string>();
    const add = (to: string, path: ValuePath, at: DependencyEdge['at'], required = true) => {
      if (seen.has(to)) return;
      seen.add(to);
      edges.push({ from: name, to, required, path, at });
    };
    const base: ValuePath = ['services', name];
    if (Array.isArray(svc.depends_on)) svc.depends_on.forEach((d, i) => add(String(d), [...base, 'depends_on', i], 'value'));
    else for (const [d, v] of entries(svc.depends_on)) add(d, [...base, 'depends_on', d], 'key', asMap(v)?.required !== false);
    if (Array.isArray(svc.links))
      svc.links.forEach((l, i) => {
        const parts = String(l).split(':');
        add(parts.length === 2 ? parts[0] : String(l), [...base, 'links', i], 'value');
      });
    for (const ns of NAMESPACES) {
      const v = svc[ns];
      if (typeof v === 'string' && v.startsWith('service:')) add(v.slice('service:'.length), [...base, ns], 'value');
    }
    if (Array.isArray(svc.volumes_from))
      svc.volumes_from.forEach((v, i) => {
        if (typeof v === 'string' && !v.startsWith('container:')) add(v.split(':')[0], [...base, 'volumes_from', i], 'value');
      });
  }
  return edges;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The first cycle graph.CheckCycle finds (vertices and children visited in name order), as its path. */
export function firstCycle(edges: DependencyEdge[], names: string[]): string[] | undefined {
  const children = new Map<string, string[]>();
  for (const e of edges) if (names.includes(e.to)) children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  for (const list of children.values()) list.sort(byName);
  // A vertex searched to the end without a cycle has none through it: not searched again (the Go search is
  // exponential on wide graphs; the first cycle found is the same).
  const done = new Set<string>();
  const search = (path: string[]): string[] | undefined => {
    const last = path[path.length - 1];
    for (const child of children.get(last) ?? []) {
      const i = path.indexOf(child);
      if (i >= 0) return [...path.slice(i), child];
      if (done.has(child)) continue;
      const found = search([...path, child]);
      if (found) return found;
    }
    done.add(last);
    return undefined;
  };
  for (const name of [...names].sort(byName)) {
    const found = search([name]);
    if (found) return found;
  }
  return undefined;
}

export const checkDependencyCycles: StackCheck = (ctx) => {
  const edges = dependencyEdges(ctx);
  const cycle = firstCycle(
    edges,
    services(ctx).map(([n]) => n),
  );
  if (!cycle) return;
  // On the edge that leaves the cycle's first service, where the reader can break it.
  const edge = edges.find((e) => e.from === cycle[0] && e.to === cycle[1]);
  if (!edge) return;
  const range = edge.at === 'key' ? ctx.keyRange(edge.path) : ctx.valueRange(edge.path);
  ctx.report(composeDependencyCycleRule, range, `dependency cycle detected: ${cycle.join(' -> ')}`);
};
