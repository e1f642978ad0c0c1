import type { JsonModel } from '../json/jsonDocument';
import type { CoreSettings } from '../settings';
import type { FileKind } from '../types';
import type { ValuePath, YamlModel } from '../yaml/yamlDocument';

/**
 * Completion and hover work on what the LSP's document snapshot already holds (parsed once per
 * version): `DocumentSnapshot` satisfies this interface as it is.
 */
export interface IntelInput {
  kind: FileKind;
  text: string;
  yaml?: YamlModel;
  json?: JsonModel;
  settings: CoreSettings;
}

/** Half-open offset range [start, end) in the document text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/**
 * Where the cursor is, as a value path:
 * - `key`: a key is being typed in the mapping/object at `path`;
 * - `value`: the value at `path` is being typed (a sequence item when the last step is a number;
 *   `itemStart` then says the item may also become a mapping whose first key is being typed).
 */
export interface CursorContext {
  type: 'key' | 'value';
  path: ValuePath;
  /** What is typed so far in `range`, up to the cursor. */
  prefix: string;
  /** What a completion replaces. */
  range: OffsetRange;
  /** Keys already present in the mapping being completed (never offered again). */
  existing: Set<string>;
  itemStart?: boolean;
  /** The replaced text already has a `:` after it (YAML) / is followed by `:` (JSON): insert the bare key. */
  keyHasColon?: boolean;
  /** JSON: the range starts inside a string's quotes, so values are inserted without their own quotes. */
  insideQuotes?: boolean;
  /** The cursor sits right after `key:` with no space yet. */
  needsSpace?: boolean;
  /** JSON: the next token is another member, so an inserted member needs a trailing comma. */
  needsComma?: boolean;
}

/** What the cursor is over, for hover. */
export interface HoverTarget {
  /** Path of the key (for a value: of the key holding it; for a sequence item: the item path). */
  path: ValuePath;
  on: 'key' | 'value';
  /** The scalar text under the cursor when `on` is `value`. */
  valueText?: string;
  range: OffsetRange;
}

export interface SourceLink {
  label: string;
  url?: string;
}

/** What one key means: from the schema, the vendored data files and the rules. */
export interface KeyDoc {
  name: string;
  /** Display type, e.g. `string`, `integer | string`, `object`, `array of string`. */
  type?: string;
  description?: string;
  /** Where the description came from, when it is not the key's own schema. */
  descriptionFrom?: string;
  values?: ValueDoc[];
  /** Shape of the value, for the inserted snippet. */
  shape: 'scalar' | 'object' | 'array' | 'boolean' | 'number' | 'string';
  required?: boolean;
  deprecated?: string;
  /** Markdown notes shown in hover and completion documentation (swarm ignores it, added in version x...). */
  notes?: string[];
  /** Never offered by completion (e.g. forbidden by stack deploy), still described by hover. */
  hidden?: boolean;
  /** Sorted after the other keys (ignored by swarm, deprecated, hidden flags). */
  sortLast?: boolean;
  sources: SourceLink[];
}

export interface ValueDoc {
  /** The value as it would appear in the file (unquoted). */
  value: string;
  /** Shown instead of `value` in the list. */
  label?: string;
  description?: string;
  deprecated?: string;
  /** `reference`: a name defined elsewhere in the document; `snippet`: `insert` is a snippet. */
  kind?: 'enum' | 'reference' | 'snippet' | 'boolean';
  /** Snippet text to insert instead of `value`. */
  insert?: string;
  /** The value is not a string in the file (booleans, numbers): never quoted. */
  literal?: boolean;
  sortLast?: boolean;
}

/** Everything completion and hover know about one kind (and one document's names and version). */
export interface Vocabulary {
  /** Keys allowed in the mapping/object at `path`. */
  keys(path: ValuePath): KeyDoc[];
  /** The key whose value is at `path` (its last step), or the items of a sequence when it is a number. */
  describe(path: ValuePath): KeyDoc | undefined;
  /** Values for the value at `path` (a sequence item when the last step is a number). */
  values(path: ValuePath, prefix: string): ValueDoc[];
  /** YAML or JSON, for inserted text. */
  readonly syntax: 'yaml' | 'json';
}

export type CompletionKind = 'property' | 'value' | 'enum' | 'reference' | 'snippet';

/** One completion item, LSP-free: offsets and snippet text. */
export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Snippet syntax (`$1`, `${1|a,b|}`, `$0`). */
  insertText: string;
  filterText?: string;
  sortText: string;
  deprecated?: boolean;
  range: OffsetRange;
  /** Open the completion list again after inserting (a key whose value has suggestions). */
  retrigger?: boolean;
}

export interface HoverResult {
  markdown: string;
  range: OffsetRange;
}
