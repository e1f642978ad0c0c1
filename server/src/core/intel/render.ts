import type { KeyDoc, SourceLink, ValueDoc } from './types';

/** Markdown for key docs and value docs, shared by completion documentation and hover. */

function sourceLine(sources: readonly SourceLink[]): string | undefined {
  if (!sources.length) return undefined;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const s of sources) {
    const id = `${s.label}|${s.url ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    parts.push(s.url ? `[${s.label}](${s.url})` : s.label);
  }
  return `Source: ${parts.join(' · ')}`;
}

function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

/** The key's documentation; `title` (the dotted path) heads it in hover. */
export function keyMarkdown(doc: KeyDoc, title?: string): string {
  const blocks: string[] = [];
  if (title !== undefined) {
    const head = [`**${code(title)}**`];
    if (doc.type) head.push(code(doc.type));
    if (doc.required) head.push('required');
    blocks.push(head.join(' · '));
  }
  if (doc.description) blocks.push(doc.description + (doc.descriptionFrom ? ` *(from ${doc.descriptionFrom})*` : ''));
  if (doc.values?.length) blocks.push(`Values: ${doc.values.map((v) => code(v.value)).join(', ')}`);
  if (doc.deprecated) blocks.push(`**Deprecated**: ${doc.deprecated}`);
  for (const n of doc.notes ?? []) blocks.push(n);
  const src = sourceLine(doc.sources);
  if (src) blocks.push(src);
  return blocks.join('\n\n');
}

/** A value's documentation (hover on a value, completion item docs). */
export function valueMarkdown(v: ValueDoc, title?: string): string {
  const blocks: string[] = [];
  if (title !== undefined) blocks.push(`**${code(title)}**`);
  if (v.description) blocks.push(v.description);
  if (v.deprecated) blocks.push(`**Deprecated**: ${v.deprecated}`);
  return blocks.join('\n\n');
}
