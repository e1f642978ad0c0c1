import { nodeFileProbe, type FileProbe } from './fs/fileProbe';
import { COMPOSE_CHECKS } from './kinds/compose/composeChecks';
import { validateDaemon } from './kinds/daemon/validateDaemon';
import { detectKind } from './kinds/detect';
import { validateFleet } from './kinds/fleet/validateFleet';
import type { KindValidator } from './kinds/kindInput';
import { validateOciHooks } from './kinds/ociHooks/validateOciHooks';
import { validateOciRuntime } from './kinds/ociRuntime/validateOciRuntime';
import { STACK_CHECKS } from './kinds/stack/stackChecks';
import { validateComposeLike } from './kinds/yamlKind';
import type { ServiceResultCache } from './kinds/stack/serviceResults';
import { defineRule } from './rules/registry';
import { defaultSettings, type CoreSettings } from './settings';
import { LineIndex } from './text/lineIndex';
import { utf8SizeOver } from './text/utf8Size';
import type { Diagnostic, FileKind, ValidationResult } from './types';
import { parseYaml, type YamlModel } from './yaml/yamlDocument';

export const tooLargeRule = defineRule({
  code: 'file-too-large',
  kinds: ['any'],
  severity: 'information',
  description: 'The file is larger than `swarmPilot.maxFileSize` and is not validated.',
  source: 'Swarm Pilot',
});

export const binaryRule = defineRule({
  code: 'file-not-text',
  kinds: ['any'],
  severity: 'error',
  description: 'The file is binary or not valid UTF-8 text (daemon.json may also be UTF-16 with a byte order mark, as dockerd reads it).',
  source: 'Swarm Pilot',
});

export const internalErrorRule = defineRule({
  code: 'internal-error',
  kinds: ['any'],
  severity: 'error',
  description: 'Swarm Pilot failed on this file; the message says where. Please report it.',
  source: 'Swarm Pilot',
});

/** A validator bug shown as one diagnostic, so no input can crash the server or the CLI. */
export function internalErrorDiagnostic(err: unknown): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'error',
    code: internalErrorRule.code,
    message: `Swarm Pilot could not validate this file: ${(err as Error)?.message ?? String(err)}`,
  };
}

export interface ValidateInput {
  text: string;
  /** Absolute path or URI path; used for kind detection and relative `file:` entries. */
  filePath?: string;
  /** Forces the kind (CLI `--kind`, the mode comment, the status item's mode switch). */
  kind?: FileKind;
  settings: CoreSettings;
  fs?: FileProbe;
  /** A parsed model of `text`, when the caller keeps one per document version. */
  model?: YamlModel;
  /** How the CLI decoded the file's bytes (decodeText); an editor hands over decoded text and leaves it out. */
  encoding?: TextEncoding;
  /** Per-service results kept between versions of one open document, so an edit re-checks what it changed. */
  serviceCache?: ServiceResultCache;
}

const JSON_KINDS: Record<'daemon' | 'oci-runtime' | 'oci-hooks', KindValidator> = {
  daemon: validateDaemon,
  'oci-runtime': validateOciRuntime,
  'oci-hooks': validateOciHooks,
};

function wholeFileInfo(text: string, message: string, code: string, severity: Diagnostic['severity']): Diagnostic[] {
  return [{ range: new LineIndex(text.slice(0, 10_000)).rangeOnOneLine(0, 0), severity, code, message }];
}

/** The single entry point of the core: the LSP server and the CLI both call this. */
export function validateText(input: ValidateInput): ValidationResult | undefined {
  const kind = input.kind ?? detectKind(input.filePath ?? '', input.text, input.settings);
  if (!kind) return undefined;
  const bytes = utf8SizeOver(input.text, input.settings.maxFileBytes);
  if (bytes !== undefined) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return {
      kind,
      diagnostics: wholeFileInfo(
        input.text,
        `File too large to validate (${mb(bytes)} MB; the limit swarmPilot.maxFileSize is ${mb(input.settings.maxFileBytes)} MB)`,
        tooLargeRule.code,
        'information',
      ),
    };
  }
  // Only dockerd decodes UTF-16; every other reader of these files wants UTF-8.
  if (input.encoding && input.encoding !== 'utf-8' && kind !== 'daemon') {
    return {
      kind,
      diagnostics: wholeFileInfo(
        input.text,
        `${NOT_UTF8}: it is ${input.encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} (only dockerd reads UTF-16, for daemon.json)`,
        binaryRule.code,
        'error',
      ),
    };
  }
  if (input.text.includes('\u0000')) {
    return { kind, diagnostics: wholeFileInfo(input.text, 'File is binary (it contains NUL bytes), not a text file', binaryRule.code, 'error') };
  }
  const fs = input.fs ?? nodeFileProbe;
  if (kind === 'stack' || kind === 'compose') {
    const model = input.model ?? parseYaml(input.text);
    const checks = kind === 'stack' ? STACK_CHECKS : COMPOSE_CHECKS;
    return {
      kind,
      diagnostics: validateComposeLike(
        { model, text: input.text, filePath: input.filePath, settings: input.settings, fs, serviceCache: input.serviceCache },
        kind,
        checks,
      ),
    };
  }
  if (kind === 'fleet')
    return { kind, diagnostics: validateFleet({ model: input.model ?? parseYaml(input.text), text: input.text, settings: input.settings }) };
  return { kind, diagnostics: JSON_KINDS[kind]({ text: input.text, filePath: input.filePath, settings: input.settings, fs }) };
}

/**
 * A stack file as `swarm-pilot deploy` and Deploy Stack check it before deploying (default settings, the deploy's
 * environment): the validator the deploy engine is given, since it does not import the core's rules itself.
 */
export function validateStackFile(file: { path: string; text: string }, env: Record<string, string | undefined>): Diagnostic[] {
  return validateText({ text: file.text, kind: 'stack', filePath: file.path, settings: defaultSettings({ env }) })?.diagnostics ?? [];
}

/** How file bytes were decoded: UTF-8 (a UTF-8 BOM is dropped), or UTF-16 announced by its byte order mark. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Decodes file bytes as dockerd decodes daemon.json (moby v27.5.1 daemon/config getConflictFreeConfiguration:
 * x/text unicode.BOMOverride, then UTF8Validator): a UTF-16 LE or BE byte order mark selects UTF-16 (unpaired
 * surrogates become U+FFFD, as x/text does), anything else must be valid UTF-8, with or without its BOM. Whether
 * UTF-16 is acceptable depends on the kind, so validateText decides that from `encoding`. Invalid UTF-8 becomes a
 * single clear diagnostic instead of mojibake.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } | { error: string } {
  const utf16: TextEncoding | undefined = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) return { text: new TextDecoder(utf16, { ignoreBOM: false }).decode(bytes), encoding: utf16 };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { error: NOT_UTF8 };
  }
}

const NOT_UTF8 = 'File is not valid UTF-8 text (binary or another encoding)';

export function notTextDiagnostic(message: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: binaryRule.code, message };
}
