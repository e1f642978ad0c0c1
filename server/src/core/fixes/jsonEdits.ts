import { applyEdits as applyJsonEdits, findNodeAtLocation, modify, type FormattingOptions } from 'jsonc-parser';
import type { JsonModel } from '../json/jsonDocument';
import type { ValuePath } from '../yaml/yamlDocument';

/** The file's own indentation, so inserted JSON looks like the rest of it. */
export function jsonFormatting(text: string): FormattingOptions {
  const m = /\n([ \t]+)\S/.exec(text);
  const indent = m?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol: text.includes('\r\n') ? '\r\n' : '\n' }
    : { insertSpaces: true, tabSize: indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** One change of a JSON document: set (value) or remove (undefined) the member at path. */
export interface JsonChange {
  path: ValuePath;
  value: unknown;
}

/** Applies changes one after another (each on the previous result, so their edits never clash). */
export function rewriteJson(text: string, changes: readonly JsonChange[]): string {
  const formattingOptions = jsonFormatting(text);
  return changes.reduce((cur, c) => applyJsonEdits(cur, modify(cur, c.path as (string | number)[], c.value, { formattingOptions })), text);
}

/** Whether the object at `parent` already has `key`. */
export function hasMember(model: JsonModel, parent: ValuePath, key: string): boolean {
  return model.root !== undefined && findNodeAtLocation(model.root, [...parent, key] as (string | number)[]) !== undefined;
}

/** The current value at a path (undefined when absent). */
export function valueAtPath(model: JsonModel, path: ValuePath): unknown {
  let cur: unknown = model.value;
  for (const step of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(step)];
  }
  return cur;
}
