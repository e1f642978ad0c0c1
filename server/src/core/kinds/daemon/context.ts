import type { Node } from 'jsonc-parser';
import type { JsonModel } from '../../json/jsonDocument';
import type { ReportExtra, Reporter } from '../../rules/reporter';
import type { RuleMeta } from '../../rules/registry';
import type { Range } from '../../types';
import type { DaemonPlatform, PlatformData } from './daemonData';

export type JsonPath = (string | number)[];

/** What every daemon.json check receives: the parsed tree with positions and the reporter. */
export interface DaemonContext {
  readonly text: string;
  readonly model: JsonModel;
  readonly platform: DaemonPlatform;
  readonly data: PlatformData;
  report(rule: RuleMeta, range: Range, message: string, extra?: ReportExtra): void;
}

/** Range of a node's text, clipped to its first line. */
export function nodeRange(ctx: DaemonContext, node: Node): Range {
  return ctx.model.lines.rangeOnOneLine(node.offset, node.offset + node.length);
}

/** Range of the property name a value node belongs to (the value itself for array items). */
export function keyRangeOf(ctx: DaemonContext, value: Node): Range {
  const key = value.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
  return nodeRange(ctx, key ?? value);
}

/** The JSON source text of a node (numbers as written: Go decodes `1.0` differently from `1`). */
export function rawText(ctx: DaemonContext, node: Node): string {
  return ctx.text.slice(node.offset, node.offset + node.length);
}

/** `[name, valueNode]` pairs of an object node, in document order. */
export function properties(node: Node | undefined): [string, Node, Node][] {
  if (node?.type !== 'object') return [];
  const out: [string, Node, Node][] = [];
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k && v && typeof k.value === 'string') out.push([k.value, v, k]);
  }
  return out;
}

/** The value of property `name` (the last one, as Go keeps the last of duplicate keys). */
export function property(node: Node | undefined, name: string): Node | undefined {
  let found: Node | undefined;
  for (const [k, v] of properties(node)) if (k === name) found = v;
  return found;
}

export function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

/** `a.b[0].c` for messages. */
export function pathLabel(path: JsonPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
