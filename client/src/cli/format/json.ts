import type { FileReport } from '../checkFiles';

export function formatJson(reports: FileReport[]): string {
  return (
    JSON.stringify({
      files: reports.map((r) => ({
        path: r.path,
        kind: r.kind,
        diagnostics: r.diagnostics.map((d) => ({ range: d.range, severity: d.severity, code: d.code, message: d.message })),
      })),
    }) + '\n'
  );
}
