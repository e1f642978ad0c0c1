import { isYamlKind } from '../types';
import { indentUnit } from './yamlCursor';
import { keyMarkdown, valueMarkdown } from './render';
import type { CompletionEntry, CompletionKind, CursorContext, IntelInput, KeyDoc, ValueDoc, Vocabulary } from './types';
import { cursorAt, vocabularyFor } from './vocabulary';

export interface CompleteOptions {
  /** Only values (after `key: `, `- `): for a space typed as trigger character, keys would be noise. */
  valuesOnly?: boolean;
}

/** At most this many enum values go into a `${1|a,b|}` choice snippet; more get a fresh completion list. */
const MAX_CHOICES = 12;

/** Completion items at `offset`: keys not yet present, values, names defined in the document. */
export function complete(input: IntelInput, offset: number, opts: CompleteOptions = {}): CompletionEntry[] {
  const vocab = vocabularyFor(input);
  const ctx = cursorAt(input, offset);
  if (!vocab || !ctx) return [];
  const out: CompletionEntry[] = [];
  if (ctx.type === 'value') {
    vocab.values(ctx.path, ctx.prefix).forEach((v, i) => out.push(valueEntry(vocab, ctx, v, i)));
  }
  if ((ctx.type === 'key' && !opts.valuesOnly) || ctx.itemStart) {
    const nested = ' '.repeat(nestedIndent(input, ctx));
    for (const k of vocab.keys(ctx.path)) {
      if (k.hidden || ctx.existing.has(k.name)) continue;
      out.push(keyEntry(vocab, ctx, k, nested));
    }
  }
  return out;
}

/** Indentation of a nested block below a new key, relative to the line's own indentation. */
function nestedIndent(input: IntelInput, ctx: CursorContext): number {
  if (!isYamlKind(input.kind)) return 0;
  const lineStart = input.text.lastIndexOf('\n', ctx.range.start - 1) + 1;
  const lead = /^ */.exec(input.text.slice(lineStart, ctx.range.start))![0].length;
  // After `- `, the snippet's next lines are indented like the line (the dash's column), not the key.
  return ctx.range.start - lineStart - lead + indentUnit(input.text);
}

function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, '\\$&');
}

function choice(values: readonly string[]): string {
  return `\${1|${values.map((v) => v.replace(/[\\,|$}]/g, '\\$&')).join(',')}|}`;
}

/** A YAML scalar as it must be written to stay a string (YAML 1.1 and 1.2 readers alike). */
export function yamlScalar(value: string): string {
  const special = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*)?\.?\d+(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o?[0-7]+|\.inf|\.nan)$/i;
  if (value === '' || special.test(value) || /^[-?:,[\]{}#&*!|>'"%@`\s]/.test(value) || /: |\s#|\s$/.test(value)) return JSON.stringify(value);
  return value;
}

function sortGroup(required: boolean | undefined, last: boolean | undefined): string {
  return required ? '0' : last ? '9' : '1';
}

function keyEntry(vocab: Vocabulary, ctx: CursorContext, k: KeyDoc, nested: string): CompletionEntry {
  const enumValues = (k.values ?? []).map((v) => v.value);
  const json = vocab.syntax === 'json';
  let insertText: string;
  let retrigger = false;
  if (ctx.keyHasColon) insertText = json ? `"${escapeSnippet(k.name)}"` : escapeSnippet(k.name);
  else if (json) {
    const value =
      enumValues.length && enumValues.length <= MAX_CHOICES && k.shape === 'string'
        ? `"${choice(enumValues)}"`
        : { string: '"$1"', number: '${1:0}', boolean: '${1|true,false|}', object: '{$1}', array: '[$1]', scalar: '$1' }[k.shape];
    insertText = `"${escapeSnippet(k.name)}": ${value}${ctx.needsComma ? ',' : ''}`;
  } else {
    const name = escapeSnippet(yamlScalar(k.name));
    if (k.shape === 'object') insertText = `${name}:\n${nested}$0`;
    else if (k.shape === 'array') insertText = `${name}:\n${nested}- $0`;
    else if (enumValues.length && enumValues.length <= MAX_CHOICES) insertText = `${name}: ${choice(enumValues.map(yamlScalar))}`;
    else if (k.shape === 'boolean') insertText = `${name}: \${1|true,false|}`;
    else {
      insertText = `${name}: $0`;
      retrigger = vocab.values([...ctx.path, k.name], '').length > 0;
    }
  }
  return {
    label: k.name,
    kind: 'property',
    detail: [k.type, k.required ? 'required' : undefined, k.notes?.length && k.sortLast ? 'ignored' : undefined].filter(Boolean).join(' · ') || undefined,
    documentation: keyMarkdown(k),
    insertText,
    filterText: ctx.prefix.startsWith('"') ? `"${k.name}"` : undefined,
    sortText: `${sortGroup(k.required, k.sortLast || Boolean(k.deprecated))}_${k.name}`,
    deprecated: Boolean(k.deprecated) || undefined,
    range: ctx.range,
    retrigger: retrigger || undefined,
  };
}

const VALUE_KINDS: Record<NonNullable<ValueDoc['kind']>, CompletionKind> = { enum: 'enum', reference: 'reference', snippet: 'snippet', boolean: 'value' };

function valueEntry(vocab: Vocabulary, ctx: CursorContext, v: ValueDoc, index: number): CompletionEntry {
  let text: string;
  if (v.insert) text = v.insert;
  else if (vocab.syntax === 'json') text = escapeSnippet(v.literal ? v.value : JSON.stringify(v.value));
  else text = escapeSnippet(v.literal || ctx.insideQuotes ? v.value : yamlScalar(v.value));
  if (ctx.needsSpace) text = ` ${text}`;
  if (vocab.syntax === 'json' && ctx.needsComma) text += ',';
  const filter = vocab.syntax === 'json' && ctx.prefix.startsWith('"') && !v.literal ? JSON.stringify(v.value) : v.value;
  return {
    label: v.label ?? v.value,
    kind: VALUE_KINDS[v.kind ?? 'enum'],
    detail: v.description && v.description.length <= 60 ? v.description : undefined,
    documentation: valueMarkdown(v) || undefined,
    insertText: text,
    filterText: filter !== (v.label ?? v.value) ? filter : undefined,
    sortText: `${sortGroup(false, v.sortLast || Boolean(v.deprecated))}_${String(index).padStart(4, '0')}`,
    deprecated: Boolean(v.deprecated) || undefined,
    range: ctx.range,
  };
}
