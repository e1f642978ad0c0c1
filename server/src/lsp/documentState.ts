import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { CoreSettings } from '../core/settings';
import type { FileKind, ValidationResult } from '../core/types';
import { validateText } from '../core/validate';
import { parseYaml, type YamlModel } from '../core/yaml/yamlDocument';

interface Cached {
  version: number;
  settingsStamp: number;
  kind: FileKind | undefined;
  model?: YamlModel;
  result?: ValidationResult;
}

/**
 * Parses and validates each document once per version and settings change; every LSP feature
 * reads this cache instead of re-parsing.
 */
export class DocumentState {
  private readonly cache = new Map<string, Cached>();
  private readonly forcedKind = new Map<string, FileKind>();
  private settingsStamp = 0;

  constructor(private settings: CoreSettings) {}

  updateSettings(settings: CoreSettings): void {
    this.settings = settings;
    this.settingsStamp++;
  }

  forceKind(uri: string, kind: FileKind | undefined): void {
    if (kind) this.forcedKind.set(uri, kind);
    else this.forcedKind.delete(uri);
    this.cache.delete(uri);
  }

  isForced(uri: string): boolean {
    return this.forcedKind.has(uri);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  validate(doc: TextDocument): ValidationResult | undefined {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.settingsStamp === this.settingsStamp && hit.result) return hit.result;
    const text = doc.getText();
    const filePath = filePathOf(doc.uri);
    const kind = this.forcedKind.get(doc.uri);
    const isYaml = /\.ya?ml$/i.test(filePath) || kind === 'stack' || kind === 'compose';
    const model = isYaml && Buffer.byteLength(text) <= this.settings.maxFileBytes ? parseYaml(text) : undefined;
    const result = validateText({ text, filePath, kind, settings: this.settings, model });
    this.cache.set(doc.uri, { version: doc.version, settingsStamp: this.settingsStamp, kind: result?.kind, model, result });
    return result;
  }

  kindOf(doc: TextDocument): FileKind | undefined {
    return this.validate(doc)?.kind;
  }
}

export function filePathOf(uri: string): string {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : u.path;
  } catch {
    return uri;
  }
}
