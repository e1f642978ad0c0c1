import type { ErrorObject } from 'ajv';
import type { ValuePath } from '../yaml/yamlDocument';

/** A schema violation, already reduced to what a person needs: where, which part, and why. */
export interface SchemaProblem {
  path: ValuePath;
  /** Underline the key (unknown property, missing property) or the value (type, enum, format). */
  target: 'key' | 'value';
  message: string;
  keyword: string;
  data?: Record<string, unknown>;
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
};

export function pathFromPointer(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `services.web.ports.0`, or `(root)`, as docker's own messages print paths. */
export function dottedPath(path: ValuePath): string {
  return path.length ? path.join('.') : '(root)';
}

function typeWords(types: string[]): string {
  const words = [...new Set(types.flatMap((t) => t.split(',')))].map((t) => TYPE_WORDS[t] ?? t);
  return words.length <= 1 ? (words[0] ?? 'valid') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * Turns ajv's allErrors output into one problem per real mistake. `oneOf`/`anyOf` branches that
 * failed only on type are folded into a single "must be a X or Y"; when a branch of the right type
 * failed deeper, only those deeper errors are kept.
 */
export function reduceSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const alternatives = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const branchTypes = new Map<string, string[]>();
  const kept: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
    if (e.keyword === 'type' && alternatives.has(e.instancePath)) {
      const list = branchTypes.get(e.instancePath) ?? [];
      list.push(String(e.params.type));
      branchTypes.set(e.instancePath, list);
      continue;
    }
    kept.push(e);
  }
  const problems: SchemaProblem[] = [];
  for (const p of alternatives) {
    const deeper = kept.some((e) => e.instancePath === p || e.instancePath.startsWith(p + '/'));
    if (deeper) continue;
    const path = pathFromPointer(p);
    const types = branchTypes.get(p);
    problems.push({
      path,
      target: 'value',
      keyword: 'type',
      message: types ? `${dottedPath(path)} must be ${typeWords(types)}` : `${dottedPath(path)} must match exactly one allowed form`,
    });
  }
  const seen = new Set<string>();
  for (const e of kept) {
    const p = toProblem(e);
    const id = `${p.path.join('\u0000')}|${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(p);
  }
  return problems;
}

function toProblem(e: ErrorObject): SchemaProblem {
  const path = pathFromPointer(e.instancePath);
  const where = dottedPath(path);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      return {
        path: [...path, prop],
        target: 'key',
        keyword: e.keyword,
        message: `${where} Additional property ${prop} is not allowed`,
        data: { property: prop },
      };
    }
    case 'required':
      return {
        path,
        target: 'key',
        keyword: e.keyword,
        message: `${where} ${String(params.missingProperty)} is required`,
        data: { property: params.missingProperty },
      };
    case 'type':
      return { path, target: 'value', keyword: e.keyword, message: `${where} must be ${typeWords([String(params.type)])}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      return {
        path,
        target: 'value',
        keyword: e.keyword,
        message: `${where} must be one of the following: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        data: { allowed },
      };
    }
    case 'format':
      return { path, target: 'value', keyword: e.keyword, message: `${where} Does not match format '${String(params.format)}'` };
    case 'pattern':
      return { path, target: 'value', keyword: e.keyword, message: `${where} Does not match pattern '${String(params.pattern)}'` };
    case 'uniqueItems':
      return {
        path,
        target: 'value',
        keyword: e.keyword,
        message: `${where} must not contain duplicate items (items ${String(params.j)} and ${String(params.i)} are equal)`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minProperties':
    case 'maxProperties':
      return { path, target: 'value', keyword: e.keyword, message: `${where} ${e.message ?? 'is out of range'}` };
    case 'propertyNames':
      return { path, target: 'key', keyword: e.keyword, message: `${where} has an invalid property name` };
    default:
      return { path, target: 'value', keyword: e.keyword, message: `${where} ${e.message ?? 'is invalid'}` };
  }
}
