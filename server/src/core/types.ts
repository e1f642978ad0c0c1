// Shared vocabulary of the pure validation core (no vscode, no LSP connection imports).

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type FileKind = 'stack' | 'compose' | 'daemon' | 'oci-runtime' | 'oci-hooks' | 'fleet';

export const FILE_KINDS: readonly FileKind[] = ['stack', 'compose', 'daemon', 'oci-runtime', 'oci-hooks', 'fleet'];

/** The kinds written in YAML (parsed into a YamlModel); the others are JSON. */
export const isYamlKind = (kind: FileKind | undefined): boolean => kind === 'stack' || kind === 'compose' || kind === 'fleet';

export type DiagnosticTag = 'unnecessary' | 'deprecated';

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** Stable rule code, e.g. `stack-forbidden-key`; the README's rule table lists them all. */
  code: string;
  message: string;
  tags?: DiagnosticTag[];
  /** Facts a quick fix needs (the key, the suggested value, ...). Plain JSON. */
  data?: Record<string, unknown>;
}

export interface ValidationResult {
  kind: FileKind;
  diagnostics: Diagnostic[];
}
