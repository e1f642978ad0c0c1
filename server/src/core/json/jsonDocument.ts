import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../text/lineIndex';
import { defineRule } from '../rules/registry';
import type { Diagnostic, Range } from '../types';

export const jsonSyntaxRule = defineRule({
  code: 'json-syntax',
  kinds: ['daemon', 'oci-runtime', 'oci-hooks'],
  severity: 'error',
  description: 'Invalid JSON, including comments and trailing commas (Go’s encoding/json refuses them).',
  source: 'Go encoding/json (dockerd, runc, containers/common)',
});

export const jsonDuplicateKeyRule = defineRule({
  code: 'json-duplicate-key',
  kinds: ['daemon', 'oci-runtime', 'oci-hooks'],
  severity: 'warning',
  description: 'The same key twice in one object: Go keeps the last one silently.',
  source: 'Go encoding/json',
});
import type { ValuePath } from '../yaml/yamlDocument';

/** A strict-JSON document with positions: what daemon.json, config.json and hooks.d files are. */
export interface JsonModel {
  readonly lines: LineIndex;
  readonly root: Node | undefined;
  /** Syntax errors (comments and trailing commas included: Go's encoding/json refuses them). */
  readonly syntaxDiagnostics: Diagnostic[];
  /** The parsed value, or undefined when the text is not valid JSON. */
  readonly value: unknown;
}

const MESSAGES: Record<string, string> = {
  InvalidCommentToken: 'Comments are not allowed in JSON (Go’s encoding/json refuses them)',
  PropertyNameExpected: 'Property name expected (a trailing comma is not allowed in JSON)',
  ValueExpected: 'Value expected (a trailing comma is not allowed in JSON)',
};

export function parseJson(text: string): JsonModel {
  const lines = new LineIndex(text);
  const deep = tooDeep(text, lines);
  if (deep) return { lines, root: undefined, syntaxDiagnostics: [deep], value: undefined };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const syntaxDiagnostics: Diagnostic[] = errors.map((e) => {
    const name = printParseErrorCode(e.error);
    return {
      range: lines.rangeOnOneLine(e.offset, e.offset + Math.max(1, e.length)),
      severity: 'error' as const,
      code: jsonSyntaxRule.code,
      message: MESSAGES[name] ?? `Invalid JSON: ${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
    };
  });
  if (root) syntaxDiagnostics.push(...duplicateKeys(root, lines));
  const value = root && !errors.length ? getNodeValue(root) : undefined;
  return { lines, root, syntaxDiagnostics, value };
}

// Go's encoding/json refuses nesting deeper than 10000 (scanner.go maxNestingDepth: "exceeded max depth"); jsonc-parser
// and the value walk recurse, and overflow the stack a few thousand levels down, so deep input is stopped here.
const GO_MAX_DEPTH = 10000;
const OUR_MAX_DEPTH = 1000;

/** An error at the first bracket past the depth we can check, else undefined. One pass, strings skipped. */
function tooDeep(text: string, lines: LineIndex): Diagnostic | undefined {
  let depth = 0;
  let max = 0;
  let at = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) max = depth;
      if (depth === OUR_MAX_DEPTH + 1) at = i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  if (at < 0) return undefined;
  return {
    range: lines.rangeOnOneLine(at, at + 1),
    severity: max > GO_MAX_DEPTH ? 'error' : 'warning',
    code: jsonSyntaxRule.code,
    message:
      max > GO_MAX_DEPTH
        ? `JSON nested ${max} levels deep: Go's encoding/json refuses more than ${GO_MAX_DEPTH} ("exceeded max depth")`
        : `JSON nested ${max} levels deep: not checked (Swarm Pilot checks up to ${OUR_MAX_DEPTH} levels; Go's encoding/json accepts up to ${GO_MAX_DEPTH})`,
  };
}

/** Go's json.Unmarshal keeps the last of duplicate keys silently: almost always a mistake. */
function duplicateKeys(node: Node, lines: LineIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'object') {
      const seen = new Set<string>();
      for (const prop of n.children ?? []) {
        const key = prop.children?.[0];
        if (key && typeof key.value === 'string') {
          if (seen.has(key.value)) {
            out.push({
              range: lines.rangeOnOneLine(key.offset, key.offset + key.length),
              severity: 'warning',
              code: jsonDuplicateKeyRule.code,
              message: `Duplicate key "${key.value}": only the last one is used`,
            });
          }
          seen.add(key.value);
        }
      }
    }
    for (const c of n.children ?? []) stack.push(c);
  }
  return out;
}

/**
 * The node of the value at `path` (undefined when absent). Array indexes may come as strings
 * ("0", as JSON-pointer based tools such as ajv report them) or numbers.
 */
export function jsonNodeAt(model: JsonModel, path: ValuePath): Node | undefined {
  let node = model.root;
  for (const seg of path) {
    if (!node) return undefined;
    if (node.type === 'array') {
      const i = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
      node = node.children?.[i];
    } else if (node.type === 'object') {
      // Go keeps the last of duplicate keys, so that is the one diagnostics point at.
      const prop = node.children?.findLast((p) => p.children?.[0]?.value === String(seg));
      node = prop?.children?.[1];
    } else return undefined;
  }
  return node;
}

function nodeRange(model: JsonModel, node: Node | undefined): Range {
  if (!node) return model.lines.rangeOnOneLine(0, 0);
  return model.lines.rangeOnOneLine(node.offset, node.offset + node.length);
}

/** Deepest existing node along `path`, for paths that do not exist (a missing required key). */
function deepestNode(model: JsonModel, path: ValuePath): Node | undefined {
  for (let i = path.length; i >= 0; i--) {
    const n = jsonNodeAt(model, path.slice(0, i));
    if (n) return n;
  }
  return model.root;
}

/** Range of the property name at `path` (the value's range for array items and the root). */
export function jsonKeyRange(model: JsonModel, path: ValuePath): Range {
  const n = jsonNodeAt(model, path);
  if (!n) {
    const d = deepestNode(model, path);
    const key = d?.parent?.type === 'property' ? d.parent.children?.[0] : undefined;
    return nodeRange(model, key ?? d);
  }
  const key = n.parent?.type === 'property' ? n.parent.children?.[0] : undefined;
  return nodeRange(model, key ?? n);
}

/** Range of the value at `path`, clipped to its first line. */
export function jsonValueRange(model: JsonModel, path: ValuePath): Range {
  const n = jsonNodeAt(model, path);
  return nodeRange(model, n ?? deepestNode(model, path));
}
