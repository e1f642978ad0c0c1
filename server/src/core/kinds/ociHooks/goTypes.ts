import type { ValuePath } from '../../yaml/yamlDocument';
import { isObject } from '../ociRuntime/jsonContext';

/**
 * The Go types a hooks.d file is decoded into, so that type mistakes get the message podman and
 * CRI-O print (`json: cannot unmarshal …`). Ours, derived from containers/common pkg/hooks
 * (f437c58): 1.0.0/hook.go `Hook`, 1.0.0/when.go `When`, runtime-spec specs-go `Hook`, 0.1.0/hook.go
 * `Hook`, version.go `version`.
 */
export type GoType =
  | { kind: 'string' | 'bool' | 'int'; name: string }
  | { kind: 'slice' | 'map'; name: string; elem: GoType }
  | { kind: 'struct'; name: string; fields: Record<string, GoType> };

const STRING: GoType = { kind: 'string', name: 'string' };
const BOOL: GoType = { kind: 'bool', name: 'bool' };
const STRINGS: GoType = { kind: 'slice', name: '[]string', elem: STRING };

export const VERSION_PROBE: GoType = { kind: 'struct', name: 'hooks.version', fields: { version: STRING } };

export const HOOK_1_0_0: GoType = {
  kind: 'struct',
  name: 'hook.Hook',
  fields: {
    version: STRING,
    hook: { kind: 'struct', name: 'specs.Hook', fields: { path: STRING, args: STRINGS, env: STRINGS, timeout: { kind: 'int', name: 'int' } } },
    when: {
      kind: 'struct',
      name: 'hook.When',
      fields: { always: BOOL, annotations: { kind: 'map', name: 'map[string]string', elem: STRING }, commands: STRINGS, hasBindMounts: BOOL },
    },
    stages: STRINGS,
  },
};

export const HOOK_0_1_0: GoType = {
  kind: 'struct',
  name: 'hook.Hook',
  fields: {
    hook: STRING,
    arguments: STRINGS,
    stages: STRINGS,
    stage: STRINGS,
    cmds: STRINGS,
    cmd: STRINGS,
    annotations: STRINGS,
    annotation: STRINGS,
    hasbindmounts: BOOL,
  },
};

/**
 * The field a JSON key fills: encoding/json prefers an exact match and falls back to a
 * case-insensitive one; the last key that matches wins.
 */
export function goField(obj: Record<string, unknown>, field: string): { key: string; value: unknown } | undefined {
  let found: { key: string; value: unknown } | undefined;
  for (const [key, value] of Object.entries(obj)) if (key.toLowerCase() === field.toLowerCase()) found = { key, value };
  return field in obj ? { key: field, value: obj[field] } : found;
}

export type DecodeIssue =
  | { kind: 'type'; path: ValuePath; expected: GoType; message: string }
  | { kind: 'unknown'; path: ValuePath; known: string[] }
  | { kind: 'case'; path: ValuePath; field: string };

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/**
 * Walks `value` as encoding/json would decode it into `type`: wrong JSON types (Go keeps decoding and
 * fails the file with the first), unknown keys (ignored by Go) and keys matched only case-insensitively.
 * `numberText` gives the source text of a number, since `1.0` and `1e3` do not decode into an int.
 */
export function decodeIssues(value: unknown, type: GoType, numberText: (path: ValuePath) => string): DecodeIssue[] {
  const out: DecodeIssue[] = [];
  const fail = (path: ValuePath, goPath: string[], expected: GoType, got: string) => {
    const into = goPath.length ? `Go struct field ${type.name.split('.').pop()}.${goPath.join('.')}` : 'Go value';
    out.push({ kind: 'type', path, expected, message: `json: cannot unmarshal ${got} into ${into} of type ${expected.name}` });
  };
  const walk = (v: unknown, t: GoType, path: ValuePath, goPath: string[]): void => {
    if (v === null) return; // null leaves the Go value at its zero value
    switch (t.kind) {
      case 'string':
        if (typeof v !== 'string') fail(path, goPath, t, jsonKind(v));
        return;
      case 'bool':
        if (typeof v !== 'boolean') fail(path, goPath, t, jsonKind(v));
        return;
      case 'int':
        if (typeof v !== 'number') fail(path, goPath, t, jsonKind(v));
        else if (!/^-?\d+$/.test(numberText(path)) || !Number.isSafeInteger(v)) fail(path, goPath, t, `number ${numberText(path)}`);
        return;
      case 'slice':
        if (!Array.isArray(v)) fail(path, goPath, t, jsonKind(v));
        else v.forEach((item, i) => walk(item, t.elem, [...path, i], goPath));
        return;
      case 'map':
        if (!isObject(v)) fail(path, goPath, t, jsonKind(v));
        else for (const [k, item] of Object.entries(v)) walk(item, t.elem, [...path, k], goPath);
        return;
      case 'struct': {
        if (!isObject(v)) {
          fail(path, goPath, t, jsonKind(v));
          return;
        }
        const names = Object.keys(t.fields);
        for (const [k, item] of Object.entries(v)) {
          const field = k in t.fields ? k : names.find((n) => n.toLowerCase() === k.toLowerCase());
          if (!field) {
            out.push({ kind: 'unknown', path: [...path, k], known: names });
            continue;
          }
          if (field !== k) out.push({ kind: 'case', path: [...path, k], field });
          walk(item, t.fields[field], [...path, k], [...goPath, field]);
        }
      }
    }
  };
  walk(value, type, [], []);
  return out;
}
