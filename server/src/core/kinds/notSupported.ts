import { defineRule } from '../rules/registry';
import { LineIndex } from '../text/lineIndex';
import type { Diagnostic, FileKind } from '../types';

export const kindNotSupported = defineRule({
  code: 'kind-not-supported',
  kinds: ['any'],
  severity: 'error',
  description: 'The file kind is recognised but its validator is not available in this version.',
  source: 'Swarm Pilot',
});

export function notSupportedYet(kind: FileKind, text: string): Diagnostic[] {
  return [{ range: new LineIndex(text).rangeOnOneLine(0, 0), severity: 'error', code: kindNotSupported.code, message: `${kind} files are not supported yet` }];
}
