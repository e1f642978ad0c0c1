import type { CoreSettings } from '../settings';
import type { Diagnostic, DiagnosticTag, Range } from '../types';
import type { RuleMeta } from './registry';
import { disabledCodesIn } from './suppression';

export interface ReportExtra {
  tags?: DiagnosticTag[];
  data?: Record<string, unknown>;
}

/** Collects diagnostics, applying the user's severity overrides and `swarm-pilot-disable` comments. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  /** Codes the text's `swarm-pilot-disable` comments turn off (`*`: all). */
  readonly disabled: ReadonlySet<string>;

  constructor(
    private readonly settings: Pick<CoreSettings, 'ruleSeverity'>,
    text: string,
    /** The text's disabled codes when the caller already has them (the incremental parser keeps them per segment). */
    disabled?: ReadonlySet<string>,
  ) {
    this.disabled = disabled ?? disabledCodesIn(text);
  }

  report(rule: RuleMeta, range: Range, message: string, extra: ReportExtra = {}): void {
    if (this.disabled.has(rule.code) || this.disabled.has('*')) return;
    const override = this.settings.ruleSeverity[rule.code];
    if (override === 'off') return;
    const d: Diagnostic = { range, severity: override ?? rule.severity, code: rule.code, message };
    if (extra.tags?.length) d.tags = extra.tags;
    if (extra.data) d.data = extra.data;
    this.diagnostics.push(d);
  }

  /** Diagnostics produced elsewhere (the parser) still honour overrides and suppression. */
  add(diags: Diagnostic[]): void {
    for (const d of diags) {
      if (this.disabled.has(d.code)) continue;
      const override = this.settings.ruleSeverity[d.code];
      if (override === 'off') continue;
      this.diagnostics.push(override ? { ...d, severity: override } : d);
    }
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }
}
