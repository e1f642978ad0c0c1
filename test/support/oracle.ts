import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defaultSettings } from '../../server/src/core/settings';
import type { Diagnostic } from '../../server/src/core/types';
import { decodeText, validateText } from '../../server/src/core/validate';

export interface OracleRow {
  path: string;
  /** The oracle's exit code (docker stack config, docker compose config): 0 accepted, else refused. */
  exit: number;
  message: string;
}

/** The rows of an oracle table (a header line, then path, exit, message; `#` comment lines skipped). */
export function readOracle(corpusComposeDir: string, file = 'oracle-docker-stack-config.tsv'): OracleRow[] {
  const lines = readFileSync(join(corpusComposeDir, file), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .slice(1);
  return lines.map((l) => {
    const [path, exit, ...msg] = l.split('\t');
    return { path, exit: Number(exit), message: msg.join('\t') };
  });
}

export interface Verdict {
  row: OracleRow;
  errors: Diagnostic[];
}

/**
 * Our verdict (stack or compose mode) on every oracle file, as the oracle was run: clean env unless given. The
 * compose oracle hands compose an empty `--env-file` (or the folder's `.env`, passed here as `env`), so the
 * environment is complete: a variable not in `env` is unset for compose too.
 */
export function judgeCorpus(
  corpusComposeDir: string,
  rows: OracleRow[],
  env: Record<string, string | undefined> = {},
  kind: 'stack' | 'compose' = 'stack',
): Verdict[] {
  const settings = defaultSettings({ env, envComplete: kind === 'compose' });
  return rows.map((row) => {
    const abs = join(corpusComposeDir, row.path);
    const decoded = decodeText(readFileSync(abs));
    if ('error' in decoded)
      return {
        row,
        errors: [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'file-not-text', message: decoded.error },
        ],
      };
    const result = validateText({ text: decoded.text, encoding: decoded.encoding, kind, filePath: abs, settings });
    return { row, errors: (result?.diagnostics ?? []).filter((d) => d.severity === 'error') };
  });
}

/** KEY=VALUE lines of a .env file (comments and blanks skipped), as the oracle exported them. */
export function readDotenv(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

/** Paths listed in one table of a disagreement doc (first column, in backticks or plain). */
export function listedIn(doc: string, section: string): Set<string> {
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(section);
  assert.ok(start >= 0, `section "${section}" missing in ${doc}`);
  const rest = text.slice(start + section.length);
  const end = rest.indexOf('\n## ');
  const body = end >= 0 ? rest.slice(0, end) : rest;
  const paths = new Set<string>();
  for (const line of body.split('\n')) {
    const m = /^\|\s*`?([^|`]+?)`?\s*\|/.exec(line);
    if (m && m[1] !== 'file' && !/^-+$/.test(m[1])) paths.add(m[1].trim());
  }
  return paths;
}

export function describeVerdict(v: Verdict): string {
  return `${v.row.path}: ${v.errors.map((e) => `${e.code} ${e.message}`).join('; ') || '(no error)'} | oracle: ${v.row.message || 'ok'}`;
}

/**
 * The agreement an oracle test requires: an error on ≥ 99% (or `minRecall`) of the files the oracle refuses, errors on ≤ 3% of the
 * files it accepts, and every disagreement listed in `doc` (and no listed file that agrees).
 */
export function assertAgreement(verdicts: Verdict[], doc: string, min: { minRefused: number; minAccepted: number; minRecall?: number }): void {
  const minRecall = min.minRecall ?? 0.99;
  const name = basename(doc);
  const refused = verdicts.filter((v) => v.row.exit !== 0);
  const accepted = verdicts.filter((v) => v.row.exit === 0);
  assert.ok(refused.length > min.minRefused && accepted.length > min.minAccepted, 'oracle file looks truncated');
  const missed = refused.filter((v) => v.errors.length === 0);
  const falseErrors = accepted.filter((v) => v.errors.length > 0);
  const recall = (refused.length - missed.length) / refused.length;
  const fpRate = falseErrors.length / accepted.length;
  console.log(
    `oracle: caught ${refused.length - missed.length}/${refused.length} refusals (${(recall * 100).toFixed(1)}%), errors on ${falseErrors.length}/${accepted.length} accepted files (${(fpRate * 100).toFixed(1)}%)`,
  );
  assert.ok(recall >= minRecall, `caught only ${(recall * 100).toFixed(1)}% of refused files; missed:\n${missed.map(describeVerdict).join('\n')}`);
  assert.ok(fpRate <= 0.03, `errors on ${(fpRate * 100).toFixed(1)}% of accepted files:\n${falseErrors.map(describeVerdict).join('\n')}`);

  const listedFalse = listedIn(doc, '## Accepted by the oracle, refused by us');
  const unlisted = falseErrors.filter((v) => !listedFalse.has(v.row.path));
  assert.deepEqual(unlisted.map(describeVerdict), [], `disagreements missing from docs/${name}`);
  const stale = [...listedFalse].filter((p) => !falseErrors.some((v) => v.row.path === p));
  assert.deepEqual(stale, [], `docs/${name} lists files we no longer refuse`);

  const listedMissed = listedIn(doc, '## Refused by the oracle, accepted by us');
  const unlistedMissed = missed.filter((v) => !listedMissed.has(v.row.path));
  assert.deepEqual(unlistedMissed.map(describeVerdict), [], `missed refusals must be explained in docs/${name}`);
  const staleMissed = [...listedMissed].filter((p) => !missed.some((v) => v.row.path === p));
  assert.deepEqual(staleMissed, [], `docs/${name} lists refusals we now catch`);
}
