import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings } from '../../server/src/core/settings';
import type { Diagnostic } from '../../server/src/core/types';
import { decodeText, validateText } from '../../server/src/core/validate';

export interface OracleRow {
  path: string;
  /** docker stack config's exit code: 0 accepted, 1 refused. */
  exit: number;
  message: string;
}

export function readOracle(corpusComposeDir: string, file = 'oracle-docker-stack-config.tsv'): OracleRow[] {
  const lines = readFileSync(join(corpusComposeDir, file), 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((l) => {
    const [path, exit, ...msg] = l.split('\t');
    return { path, exit: Number(exit), message: msg.join('\t') };
  });
}

export interface Verdict {
  row: OracleRow;
  errors: Diagnostic[];
}

/** Our stack-mode verdict on every oracle file, as `docker stack config` would be run: clean env. */
export function judgeCorpus(corpusComposeDir: string, rows: OracleRow[], env: Record<string, string | undefined> = {}): Verdict[] {
  const settings = defaultSettings({ env });
  return rows.map((row) => {
    const abs = join(corpusComposeDir, row.path);
    const decoded = decodeText(readFileSync(abs));
    if ('error' in decoded) return { row, errors: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'file-not-text', message: decoded.error }] };
    const result = validateText({ text: decoded.text, kind: 'stack', filePath: abs, settings });
    return { row, errors: (result?.diagnostics ?? []).filter((d) => d.severity === 'error') };
  });
}
