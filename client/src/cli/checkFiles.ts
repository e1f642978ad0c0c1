import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type CoreSettings,
  decodeText,
  type Diagnostic,
  type FileKind,
  internalErrorDiagnostic,
  notTextDiagnostic,
  type TextEncoding,
  validateText,
} from '../../../server/src/core';

export interface FileReport {
  path: string;
  kind: FileKind;
  diagnostics: Diagnostic[];
}

export interface CheckOutcome {
  reports: FileReport[];
  /** Files that could not be read (I/O errors) with the reason. */
  ioErrors: { path: string; message: string }[];
}

/**
 * Validates files for the CLI. When walking a directory, files whose kind cannot be detected are
 * skipped; a file named explicitly is validated as a compose-like file only if it is YAML.
 */
export function checkFiles(
  files: string[],
  explicit: Set<string>,
  kind: FileKind | undefined,
  settings: CoreSettings,
  onProgress?: (done: number) => void,
): CheckOutcome {
  const reports: FileReport[] = [];
  const ioErrors: CheckOutcome['ioErrors'] = [];
  files.forEach((file, i) => {
    onProgress?.(i);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      ioErrors.push({ path: file, message: (err as Error).message });
      return;
    }
    // An oversized file is not decoded strictly: validateText only reports its size.
    const decoded = bytes.length > settings.maxFileBytes ? { text: bytes.toString('utf8') } : decodeText(bytes);
    if ('error' in decoded) {
      reports.push({ path: file, kind: kind ?? 'stack', diagnostics: [notTextDiagnostic(decoded.error)] });
      return;
    }
    const { text, encoding } = decoded as { text: string; encoding?: TextEncoding };
    const fallback: FileKind | undefined = explicit.has(file) && /\.ya?ml$/i.test(file) ? 'compose' : undefined;
    let result;
    try {
      result =
        validateText({ text, filePath: resolve(file), kind, settings, encoding }) ??
        (fallback ? validateText({ text, filePath: resolve(file), kind: fallback, settings, encoding }) : undefined);
    } catch (err) {
      // One file's validator bug must not stop the whole run: report it on that file.
      reports.push({ path: file, kind: kind ?? fallback ?? 'stack', diagnostics: [internalErrorDiagnostic(err)] });
      return;
    }
    if (result) reports.push({ path: file, kind: result.kind, diagnostics: result.diagnostics });
    else if (explicit.has(file))
      ioErrors.push({ path: file, message: 'cannot tell what kind of file this is; pass --kind stack|compose|daemon|oci-runtime|oci-hooks|fleet' });
  });
  return { reports, ioErrors };
}
