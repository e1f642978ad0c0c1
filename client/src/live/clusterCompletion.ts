// Completion from the connected cluster, read from the explorer's cached snapshot only (no swarm request, no YAML
// parse: the cursor's key path comes from the indentation of the lines above it):
// * in `deploy.placement.constraints` items: `node.labels.` / `engine.labels.` → the label keys the nodes have,
//   `node.labels.KEY ==` (or `!=`) → the values KEY has on the nodes, `node.hostname ==` → hostnames, `node.id ==` →
//   ids, `node.role ==` → manager/worker, `node.platform.os|arch ==` → what the nodes run;
// * `name:` of a top-level network/secret/config entry with `external: true` → the names that exist on the swarm;
// * a service's `networks:` / `secrets:` / `configs:` references → the top-level entries declared external whose object
//   exists on the swarm.
// No `vscode`: unit tests drive it with synthetic snapshots.
import type { SwarmNode } from '../engine';
import type { SwarmSnapshot } from '../swarm';

export interface ClusterCompletion {
  label: string;
  /** What it is, e.g. `label value on vm, vm-w1`. */
  documentation: string;
  kind: 'value' | 'key' | 'reference';
  /** Offsets of the text the item replaces (the partial word before the cursor). */
  start: number;
  end: number;
}

type Section = 'networks' | 'secrets' | 'configs';
const SECTIONS = new Set<string>(['networks', 'secrets', 'configs']);

const indentOf = (line: string) => line.length - line.trimStart().length;
const keyOf = (line: string) => /^\s*(?:-\s+)?["']?([^"'\s:#][^"':#]*?)["']?\s*:(?:\s|$)/.exec(line)?.[1];
const blank = (line: string) => /^\s*(#.*)?$/.test(line);

/** The keys enclosing line `at` (outermost first), from the indentation of the lines above it. */
function keyPath(lines: string[], at: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let i = at - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i];
    if (blank(line)) continue;
    const ind = indentOf(line);
    if (ind >= limit) continue;
    const key = keyOf(line);
    // A list item line (`- name: x`) is a level of its own: its key is not a parent of the lines below it.
    if (/^\s*-\s/.test(line)) {
      limit = ind;
      continue;
    }
    if (key) path.unshift(key);
    limit = ind;
  }
  return path;
}

/** Top-level entries of a section with `external: true`: key → the swarm name (`name:`, else the key). */
export function declaredExternals(lines: string[], section: Section): Map<string, string> {
  const out = new Map<string, string>();
  const start = lines.findIndex((l) => new RegExp(`^${section}:\\s*(#.*)?$`).test(l));
  if (start < 0) return out;
  let entry: { key: string; indent: number; external: boolean; name?: string } | undefined;
  const flush = () => entry?.external && out.set(entry.key, entry.name ?? entry.key);
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (blank(line)) continue;
    const ind = indentOf(line);
    if (ind === 0) break;
    const key = keyOf(line);
    if (!entry || ind <= entry.indent) {
      flush();
      entry = key ? { key, indent: ind, external: false } : undefined;
      continue;
    }
    if (/^\s*external:\s*true\b/.test(line)) entry.external = true;
    const name = /^\s*name:\s*["']?([^"'\s#]+)/.exec(line)?.[1];
    if (name && ind > entry.indent) entry.name = name;
  }
  flush();
  return out;
}

const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();

/** What a constraint key reads on a node. */
function nodeValue(n: SwarmNode, key: string): string | undefined {
  if (key === 'node.hostname') return n.Description?.Hostname;
  if (key === 'node.id') return n.ID;
  if (key === 'node.role') return n.Spec.Role;
  if (key === 'node.platform.os') return n.Description?.Platform?.OS;
  if (key === 'node.platform.arch') return n.Description?.Platform?.Architecture;
  if (key.startsWith('node.labels.')) return n.Spec.Labels?.[key.slice('node.labels.'.length)];
  if (key.startsWith('engine.labels.')) return n.Description?.Engine?.Labels?.[key.slice('engine.labels.'.length)];
  return undefined;
}

const hostnames = (nodes: SwarmNode[]) => nodes.map((n) => n.Description?.Hostname ?? n.ID).join(', ');

function constraintCompletions(expr: string, end: number, nodes: SwarmNode[]): ClusterCompletion[] {
  const labelKey = /^(node|engine)\.labels\.([^\s=!]*)$/.exec(expr);
  if (labelKey) {
    const engine = labelKey[1] === 'engine';
    const keys = unique(nodes.flatMap((n) => Object.keys((engine ? n.Description?.Engine?.Labels : n.Spec.Labels) ?? {})));
    return keys.map((k) => {
      const on = nodes.filter((n) => nodeValue(n, `${labelKey[1]}.labels.${k}`) !== undefined);
      return { label: k, kind: 'key' as const, documentation: `${engine ? 'engine' : 'node'} label on ${hostnames(on)}`, start: end - labelKey[2].length, end };
    });
  }
  const value =
    /^((?:node|engine)\.labels\.[^\s=!]+|node\.hostname|node\.id|node\.role|node\.platform\.os|node\.platform\.arch)\s*(?:==|!=)\s*([^\s"']*)$/.exec(expr);
  if (!value) return [];
  const key = value[1];
  const values = key === 'node.role' ? ['manager', 'worker'] : unique(nodes.map((n) => nodeValue(n, key)));
  return values.map((v) => {
    const on = nodes.filter((n) => nodeValue(n, key) === v);
    return { label: v, kind: 'value' as const, documentation: on.length ? `${key} of ${hostnames(on)}` : key, start: end - value[2].length, end };
  });
}

function objectNames(snapshot: SwarmSnapshot, section: Section): { name: string; detail: string }[] {
  if (section === 'networks') return snapshot.networks.filter((n) => n.scope === 'swarm').map((n) => ({ name: n.name, detail: `${n.scope}-scope network` }));
  return (section === 'secrets' ? snapshot.secrets : snapshot.configs).map((o) => ({
    name: o.name,
    detail: `${section.slice(0, -1)}${o.stack ? ` of stack ${o.stack}` : ''}`,
  }));
}

/** The completions at `offset` of a stack file's text; [] where the cluster has nothing to add. */
export function clusterCompletions(text: string, offset: number, snapshot: SwarmSnapshot): ClusterCompletion[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const lines = text.slice(0, offset).split('\n');
  const at = lines.length - 1;
  const path = keyPath(lines, at, indentOf(prefix));

  // Constraint items: `- node.labels.zone == ` (block) or `constraints: [node.role == ` (flow).
  const flow = /constraints:\s*\[(?:[^\]]*,)?\s*["']?([^,"'\]]*)$/.exec(prefix);
  const item = /^\s*-\s+["']?([^"']*)$/.exec(prefix);
  if (flow && path.at(-1) === 'placement') return constraintCompletions(flow[1], offset, snapshot.nodes);
  if (item && path.slice(-3).join('.') === 'deploy.placement.constraints') return constraintCompletions(item[1], offset, snapshot.nodes);

  // `name:` of an external top-level entry.
  const name = /^\s*name:\s*["']?([^"'\s]*)$/.exec(prefix);
  if (name && path.length === 2 && SECTIONS.has(path[0])) {
    const section = path[0] as Section;
    if (!declaredExternals(text.split('\n'), section).has(path[1])) return [];
    return objectNames(snapshot, section).map((o) => ({
      label: o.name,
      kind: 'value' as const,
      documentation: `${o.detail} that exists`,
      start: offset - name[1].length,
      end: offset,
    }));
  }

  // A service's references: `- partial` in its networks/secrets/configs list, or `source:` of a long-syntax item.
  const ref = /^\s*-\s+["']?([^"'\s:]*)$/.exec(prefix) ?? /^\s*(?:-\s+)?source:\s*["']?([^"'\s]*)$/.exec(prefix);
  const section = path.at(-1);
  if (ref && path.length === 3 && path[0] === 'services' && section && SECTIONS.has(section)) {
    const existing = new Set(objectNames(snapshot, section as Section).map((o) => o.name));
    return [...declaredExternals(text.split('\n'), section as Section)]
      .filter(([, swarmName]) => existing.has(swarmName))
      .map(([key, swarmName]) => ({
        label: key,
        kind: 'reference' as const,
        documentation: `external ${section.slice(0, -1)} ${swarmName}, exists`,
        start: offset - ref[1].length,
        end: offset,
      }));
  }
  return [];
}
