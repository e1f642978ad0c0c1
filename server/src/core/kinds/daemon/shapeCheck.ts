import type { Node } from 'jsonc-parser';
import { nearest } from '../../text/nearest';
import { keyRangeOf, nodeRange, pathLabel, properties, rawText, type DaemonContext, type JsonPath } from './context';
import type { Shape } from './daemonData';
import { isGoDurationText, isIP, parseCIDR, sizeError } from './goValues';
import { ignoredKey, invalidValue, typeMismatch } from './rules';

/** Called for an object key that is not a field of the struct (Go's decoder skips it). Return true when handled. */
export type UnknownFieldHook = (ctx: DaemonContext, name: string, value: Node, path: JsonPath, shape: Shape) => boolean;

const JSON_KIND: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function expected(shape: Shape): string {
  if (shape.anyOf) return shape.anyOf.map(expected).join(' or ');
  switch (shape.type) {
    case 'string':
      return shape.format === 'size'
        ? 'a size string such as "64M"'
        : shape.format === 'ip'
          ? 'an IP address string'
          : shape.format === 'cidr'
            ? 'a CIDR string such as "10.0.0.0/16"'
            : 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'array':
      return shape.items?.type ? `an array of ${expected(shape.items).replace(/^an? /, '')}s` : 'an array';
    case 'object':
      return shape.additionalProperties?.type ? `an object of ${expected(shape.additionalProperties).replace(/^an? /, '')}s` : 'an object';
    default:
      return 'any JSON value';
  }
}

/** Matches a node's JSON type against the shape's (without descending). */
function typeMatches(ctx: DaemonContext, node: Node, shape: Shape): boolean {
  switch (shape.type) {
    case undefined:
      return shape.anyOf ? shape.anyOf.some((s) => typeMatches(ctx, node, s)) : true;
    case 'integer':
      return node.type === 'number' && /^-?\d+$/.test(rawText(ctx, node));
    default:
      return node.type === shape.type;
  }
}

/** The value a type quick fix would write instead, when the conversion is obvious. */
function convertedValue(ctx: DaemonContext, node: Node, shape: Shape): unknown {
  const v = node.value;
  if (shape.type === 'string' && !shape.format && (node.type === 'number' || node.type === 'boolean')) return rawText(ctx, node);
  if (shape.type === 'boolean' && node.type === 'string' && (v === 'true' || v === 'false')) return v === 'true';
  if (shape.type === 'integer' && node.type === 'string' && /^-?\d+$/.test(v)) return Number(v);
  if (shape.type === 'array' && shape.items?.type === node.type && node.type !== 'object' && node.type !== 'array') return [v];
  return undefined;
}

/**
 * Checks a value against the JSON shape of its Go type, as encoding/json decodes it: wrong types are
 * `daemon-type` errors; struct keys that match no field (case-insensitively) are ignored by Go, reported
 * through `onUnknown` or as `daemon-ignored-key`; the custom formats (IP, CIDR, size, duration) are parsed.
 * Returns false when the value's own type is wrong (callers then skip their value checks).
 */
export function checkShape(ctx: DaemonContext, node: Node, shape: Shape, path: JsonPath, onUnknown?: UnknownFieldHook): boolean {
  if (node.type === 'null') return true;
  if (!typeMatches(ctx, node, shape)) {
    const fix = convertedValue(ctx, node, shape);
    const got = node.type === 'number' && shape.type === 'integer' ? `the number ${rawText(ctx, node)}` : JSON_KIND[node.type];
    const go = shape.go ? ` (Go type ${shape.go})` : '';
    const hint = fix !== undefined ? `; write ${JSON.stringify(fix)}` : '';
    ctx.report(
      typeMismatch,
      nodeRange(ctx, node),
      `${pathLabel(path)} must be ${expected(shape)}, not ${got}${go}: dockerd fails to decode daemon.json ("json: cannot unmarshal …")${hint}`,
      {
        data: { path, expected: shape.type ?? 'any', ...(fix !== undefined ? { value: fix } : {}) },
      },
    );
    return false;
  }
  const alt = shape.anyOf?.find((s) => typeMatches(ctx, node, s));
  if (alt) return checkShape(ctx, node, alt, path, onUnknown);
  if (shape.type === 'integer') checkIntegerRange(ctx, node, shape, path);
  if (shape.type === 'string' && shape.format) checkFormat(ctx, node, shape, path);
  if (shape.type === 'array' && shape.items) {
    (node.children ?? []).forEach((item, i) => checkShape(ctx, item, shape.items!, [...path, i], onUnknown));
  }
  if (shape.type === 'object') {
    for (const [name, value] of properties(node)) {
      if (shape.properties) {
        const field = fieldOf(shape, name);
        if (field) checkShape(ctx, value, field, [...path, name], onUnknown);
        else if (!onUnknown?.(ctx, name, value, [...path, name], shape)) reportUnknownField(ctx, name, value, [...path, name], shape);
      } else if (shape.additionalProperties) {
        checkShape(ctx, value, shape.additionalProperties, [...path, name], onUnknown);
      }
    }
  }
  return true;
}

/** The struct field a JSON key decodes into: exact name first, then Go's case-insensitive match. */
export function fieldOf(shape: Shape, name: string): Shape | undefined {
  const props = shape.properties ?? {};
  if (name in props) return props[name];
  const lower = name.toLowerCase();
  const hit = Object.keys(props).find((k) => k.toLowerCase() === lower);
  return hit ? props[hit] : undefined;
}

function reportUnknownField(ctx: DaemonContext, name: string, value: Node, path: JsonPath, shape: Shape): void {
  const fields = Object.keys(shape.properties ?? {});
  const suggestion = nearest(name, fields);
  const parent = pathLabel(path.slice(0, -1));
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : ` Known fields: ${fields.join(', ')}.`;
  ctx.report(ignoredKey, keyRangeOf(ctx, value), `"${name}" is not a field of ${parent}: Go's JSON decoder ignores it, so it has no effect.${hint}`, {
    tags: ['unnecessary'],
    data: { path, key: name, ...(suggestion ? { suggestion } : {}) },
  });
}

function checkIntegerRange(ctx: DaemonContext, node: Node, shape: Shape, path: JsonPath): void {
  const n = Number(rawText(ctx, node));
  if ((shape.minimum !== undefined && n < shape.minimum) || (shape.maximum !== undefined && n > shape.maximum)) {
    ctx.report(
      typeMismatch,
      nodeRange(ctx, node),
      `${pathLabel(path)} must fit Go type ${shape.go} (${shape.minimum} to ${shape.maximum}): dockerd fails to decode ${n}`,
      { data: { path, expected: 'integer' } },
    );
  }
}

function checkFormat(ctx: DaemonContext, node: Node, shape: Shape, path: JsonPath): void {
  const s = node.value as string;
  let problem: string | undefined;
  switch (shape.format) {
    case 'ip':
      // net.IP.UnmarshalText: the empty string means "not set".
      if (s !== '' && !isIP(s)) problem = `invalid IP address: ${s}`;
      break;
    case 'cidr':
      if (!parseCIDR(s)) problem = `netip.ParsePrefix("${s}"): not an address/prefix-length CIDR`;
      break;
    case 'size':
      problem = sizeError(s);
      break;
    case 'duration':
      if (s !== '' && !isGoDurationText(s) && !/^[-+]?\d+$/.test(s)) problem = `invalid duration ${s} (a Go duration such as "72h", or seconds)`;
      break;
  }
  if (problem) ctx.report(invalidValue, nodeRange(ctx, node), `${pathLabel(path)}: ${problem}; dockerd refuses to start`, { data: { path } });
}
