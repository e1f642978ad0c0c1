import { isScalar, Scalar } from 'yaml';
import type { YamlModel } from '../../yaml/yamlDocument';

/** Maps an index in a scalar's value to an offset in the file, or undefined where they do not line up. */
export type OffsetMap = (index: number) => number | undefined;

/**
 * How to find a substring of a string scalar's value in the source text: only where the source spells
 * the value character for character (plain, quoted without escapes or line folding, literal blocks).
 */
export function scalarOffsetMap(model: YamlModel, node: unknown): OffsetMap | undefined {
  if (!isScalar(node) || !node.range || typeof node.value !== 'string') return undefined;
  const text = model.lines.text;
  const value = node.value;
  const [start, end] = node.range;
  switch (node.type) {
    case Scalar.PLAIN:
      return text.slice(start, end) === value ? (i) => start + i : undefined;
    case Scalar.QUOTE_SINGLE:
    case Scalar.QUOTE_DOUBLE:
      return text.slice(start + 1, end - 1) === value ? (i) => start + 1 + i : undefined;
    case Scalar.BLOCK_LITERAL:
      return literalBlockMap(model, start, value);
    default:
      return undefined;
  }
}

/** A literal block keeps each line: value line k is the end of source line header+1+k, after its indentation. */
function literalBlockMap(model: YamlModel, start: number, value: string): OffsetMap {
  const text = model.lines.text;
  const headerLine = model.lines.positionAt(start).line;
  return (i) => {
    const lineStartInValue = i === 0 ? 0 : value.lastIndexOf('\n', i - 1) + 1;
    let k = 0;
    for (let j = value.indexOf('\n'); j >= 0 && j < lineStartInValue; j = value.indexOf('\n', j + 1)) k++;
    const nl = value.indexOf('\n', lineStartInValue);
    const valueLine = value.slice(lineStartInValue, nl < 0 ? value.length : nl);
    const line = headerLine + 1 + k;
    if (line >= model.lines.lineCount) return undefined;
    const lineEnd = model.lines.lineEnd(line);
    const lineStart = model.lines.offsetAt({ line, character: 0 });
    const at = lineEnd - valueLine.length;
    if (at < lineStart || text.slice(at, lineEnd) !== valueLine || text.slice(lineStart, at).trim() !== '') return undefined;
    return at + (i - lineStartInValue);
  };
}
