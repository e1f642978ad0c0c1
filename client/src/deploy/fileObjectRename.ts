// After a secret or config was rotated on the swarm (OLD → NEW), the edit that keeps a stack file in step: the
// top-level entry that names OLD (`name: OLD`, or an external entry whose key is OLD and that has no name) names NEW.
// Entries the stack itself creates from `file:` under `<stack>_<key>` are left alone: the next deploy creates them.
import { isMap, isPair, isScalar, parseDocument, type Pair } from 'yaml';

export interface TextEdit {
  /** Offset in the text, and how many characters to replace there. */
  offset: number;
  length: number;
  text: string;
}

const isExternal = (entry: unknown): boolean => {
  if (!isMap(entry)) return false;
  const ext = entry.get('external', true);
  return (isScalar(ext) && ext.value === true) || isMap(ext);
};

/** The edit renaming OLD to NEW in `secrets:` or `configs:` of a stack file, or undefined when no entry names OLD. */
export function fileObjectRenameEdit(text: string, kind: 'secret' | 'config', oldName: string, newName: string): TextEdit | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const section = doc.contents.get(`${kind}s`, true);
  if (!isMap(section)) return undefined;
  for (const item of section.items as Pair[]) {
    if (!isPair(item) || !isScalar(item.key) || !isMap(item.value)) continue;
    const name = item.value.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'name');
    if (name && isScalar(name.value) && name.value.value === oldName && name.value.range) {
      const [start, end] = name.value.range;
      return { offset: start, length: end - start, text: newName };
    }
    // An external entry without `name:` is looked up by its key: it gets a `name:` line, indented like its first key.
    if (!name && item.key.value === oldName && isExternal(item.value) && !item.value.flow) {
      const first = item.value.items[0];
      const keyStart = isScalar(first?.key) ? first.key.range?.[0] : undefined;
      if (keyStart === undefined) continue;
      const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
      const indent = text.slice(lineStart, keyStart);
      if (indent.trim()) continue;
      return { offset: lineStart, length: 0, text: `${indent}name: ${newName}\n` };
    }
  }
  return undefined;
}
