/**
 * The UTF-8 size of a text when it exceeds `limit` bytes, else undefined. UTF-8 needs at most 3 bytes per UTF-16 unit,
 * so a text that fits even then is not counted: the editor checks its size limit on every keystroke.
 */
export function utf8SizeOver(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > limit ? bytes : undefined;
}
