import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../core';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;
const TAG = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated } as const;

/**
 * Per core diagnostic (never modified once reported): an edit replays the unchanged services' diagnostics as the same
 * objects, so their LSP form is built once, not for every diagnostic of the file on every keystroke.
 */
const converted = new WeakMap<Diagnostic, LspDiagnostic>();

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  let out = converted.get(d);
  if (!out) converted.set(d, (out = convert(d)));
  return out;
}

function convert(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'swarm-pilot', message: d.message };
  if (d.tags) out.tags = d.tags.map((t) => TAG[t]);
  if (d.data) out.data = d.data;
  return out;
}
