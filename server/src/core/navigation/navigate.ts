import { parse } from 'yaml';
import { SWARM } from '../kinds/stack/rules/common';
import type { Position, Range } from '../types';
import type { YamlModel } from '../yaml/yamlDocument';
import { occurrenceAt, symbolIndex, type NavSymbol, type Occurrence } from './symbolIndex';
import type { NavInput, SymbolCategory, TextEdit } from './types';

/** Names docker accepts for services, networks, volumes, secrets and configs (and that need no YAML quoting). */
const RESOURCE_NAME = /^[a-zA-Z0-9._-]+$/;
/** Anchor names that stay one token in block and flow context alike. */
const ANCHOR_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

const DEFAULT_NETWORK = SWARM.references.defaultNetwork;
const IMPLICIT_DEFAULT = `Services without \`networks:\` join the "${DEFAULT_NETWORK}" network implicitly: renaming to or from it changes which network they are on.`;

const LABEL: Record<SymbolCategory, string> = {
  service: 'service',
  network: 'network',
  volume: 'volume',
  secret: 'secret',
  config: 'config',
  anchor: 'anchor',
};

function yamlOf(input: NavInput): YamlModel | undefined {
  return input.kind === 'stack' || input.kind === 'compose' ? input.yaml : undefined;
}

function lookup(input: NavInput, pos: Position): { model: YamlModel; occ: Occurrence } | undefined {
  const model = yamlOf(input);
  if (!model) return undefined;
  const occ = occurrenceAt(symbolIndex(model), model.lines.offsetAt(pos));
  return occ ? { model, occ } : undefined;
}

/** The range shown for an occurrence: with the `&`/`*` for anchors and aliases. */
const shown = (model: YamlModel, o: Occurrence): Range => model.lines.rangeOf(o.hitStart, o.end);

/** Where the symbol under the cursor is defined (empty when the cursor is on no symbol or it has no definition). */
export function definitionAt(input: NavInput, pos: Position): Range[] {
  const hit = lookup(input, pos);
  return hit ? hit.occ.symbol.definitions.map((o) => shown(hit.model, o)) : [];
}

/** Every use of the symbol under the cursor, in document order, with its definitions when asked. */
export function referencesAt(input: NavInput, pos: Position, includeDeclaration: boolean): Range[] {
  const hit = lookup(input, pos);
  if (!hit) return [];
  const { symbol } = hit.occ;
  const occ = includeDeclaration ? [...symbol.definitions, ...symbol.references] : [...symbol.references];
  return occ.sort((a, b) => a.start - b.start).map((o) => shown(hit.model, o));
}

/** `no-symbol`: the cursor is on nothing renameable; `unsafe`: on a symbol that cannot be renamed safely. */
export type PrepareRename = { range: Range; placeholder: string; category: SymbolCategory } | { error: string; reason: 'no-symbol' | 'unsafe' };

/** Whether the cursor is on something renameable: the name's range and current text, or why not. */
export function prepareRenameAt(input: NavInput, pos: Position): PrepareRename {
  const hit = lookup(input, pos);
  if (!hit) return { error: 'Only services, networks, volumes, secrets, configs and YAML anchors can be renamed.', reason: 'no-symbol' };
  const { occ, model } = hit;
  if (occ.symbol.incomplete)
    return {
      error: `The ${LABEL[occ.symbol.category]} "${occ.symbol.name}" is also written in a form Swarm Pilot cannot edit safely (an escaped quoted string or a block scalar); rename it by hand.`,
      reason: 'unsafe',
    };
  if (occ.symbol.category === 'network' && occ.symbol.name === DEFAULT_NETWORK) return { error: IMPLICIT_DEFAULT, reason: 'unsafe' };
  return { range: model.lines.rangeOf(occ.start, occ.end), placeholder: occ.symbol.name, category: occ.symbol.category };
}

/** Why `name` cannot be the new name of a symbol of this category, or undefined when it can. */
export function invalidNewName(category: SymbolCategory, name: string): string | undefined {
  if (category === 'anchor') {
    return ANCHOR_NAME.test(name) ? undefined : `"${name}" is not a usable anchor name: use letters, digits, "_", "." and "-" (not first)`;
  }
  return RESOURCE_NAME.test(name) ? undefined : `"${name}" is not a valid ${LABEL[category]} name: use only letters, digits, ".", "_" and "-"`;
}

/** A plain scalar YAML (or docker's go-yaml) would read as something other than this string. */
function needsQuotes(name: string): boolean {
  if (/^(y|n|yes|no|on|off)$/i.test(name)) return true;
  try {
    return typeof parse(name) !== 'string';
  } catch {
    return true;
  }
}

/** The edits that rename the symbol under the cursor everywhere in the file, or why it cannot be done. */
export function renameAt(input: NavInput, pos: Position, newName: string): { edits: TextEdit[] } | { error: string } {
  const prep = prepareRenameAt(input, pos);
  if ('error' in prep) return prep;
  const hit = lookup(input, pos)!;
  const { symbol } = hit.occ;
  const bad = invalidNewName(symbol.category, newName);
  if (bad) return { error: bad };
  if (newName === symbol.name) return { edits: [] };
  if (symbol.category === 'network' && newName === DEFAULT_NETWORK) return { error: IMPLICIT_DEFAULT };
  const clash = symbol.category !== 'anchor' ? symbolIndex(hit.model).symbols.get(`${symbol.category}:${newName}`) : undefined;
  if (clash && clash.definitions.length) return { error: `A ${LABEL[symbol.category]} named "${newName}" is already defined; renaming would merge the two.` };
  return { edits: renameEdits(hit.model, symbol, newName) };
}

function renameEdits(model: YamlModel, symbol: NavSymbol, newName: string): TextEdit[] {
  const quoted = `"${newName}"`;
  const quote = symbol.category !== 'anchor' && needsQuotes(newName);
  return [...symbol.definitions, ...symbol.references]
    .sort((a, b) => a.start - b.start)
    .map((o) => ({ range: model.lines.rangeOf(o.start, o.end), newText: quote && o.plainWhole ? quoted : newName }));
}
