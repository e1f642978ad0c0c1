import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { allRules, type Severity } from '../../../../server/src/core';
import type { FileReport } from '../checkFiles';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0 for CI code scanning: one run, every rule described, 1-based regions. */
export function formatSarif(reports: FileReport[], version: string): string {
  const rules = allRules();
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const results = reports.flatMap((r) =>
    r.diagnostics.map((d) => ({
      ruleId: d.code,
      ...(index.has(d.code) ? { ruleIndex: index.get(d.code) } : {}),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathToFileURL(resolve(r.path)).href },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'swarm-pilot',
            version,
            informationUri: 'https://github.com/swarm-pilot/swarm-pilot',
            rules: rules.map((r) => ({
              id: r.code,
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} Source: ${r.source}.` },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
