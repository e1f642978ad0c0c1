import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  type CoreSettings,
  type Diagnostic,
  type FileKind,
  IncrementalYamlParser,
  isYamlKind,
  type JsonModel,
  parseJson,
  parseYaml,
  ServiceResultCache,
  validateText,
  type ValidationResult,
  type YamlModel,
  utf8SizeOver,
} from '../core';

/** A parsed document version as LSP features see it: YAML kinds carry `yaml`, JSON kinds `json`. */
export interface DocumentSnapshot {
  uri: string;
  kind: FileKind;
  text: string;
  filePath: string;
  yaml?: YamlModel;
  json?: JsonModel;
  diagnostics: Diagnostic[];
  settings: CoreSettings;
}

interface Cached {
  json?: JsonModel;
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
  /** One incremental parser per open YAML document: an edit re-parses only what it touched. */
  private readonly parsers = new Map<string, IncrementalYamlParser>();
  /** Per open document, each service's check results: an edit re-checks only the services it changed. */
  private readonly serviceCaches = new Map<string, ServiceResultCache>();
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
    this.parsers.delete(uri);
    this.serviceCaches.delete(uri);
  }

  validate(doc: TextDocument): ValidationResult | undefined {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.settingsStamp === this.settingsStamp && hit.result) return hit.result;
    const text = doc.getText();
    const filePath = filePathOf(doc.uri);
    const kind = this.forcedKind.get(doc.uri);
    const isYaml = /\.ya?ml$/i.test(filePath) || isYamlKind(kind);
    const model = isYaml && utf8SizeOver(text, this.settings.maxFileBytes) === undefined ? this.parserFor(doc.uri).parse(text) : undefined;
    const result = validateText({ text, filePath, kind, settings: this.settings, model, serviceCache: model ? this.serviceCacheFor(doc.uri) : undefined });
    this.cache.set(doc.uri, { version: doc.version, settingsStamp: this.settingsStamp, kind: result?.kind, model, result });
    return result;
  }

  private serviceCacheFor(uri: string): ServiceResultCache {
    let c = this.serviceCaches.get(uri);
    if (!c) this.serviceCaches.set(uri, (c = new ServiceResultCache()));
    return c;
  }

  private parserFor(uri: string): IncrementalYamlParser {
    let p = this.parsers.get(uri);
    if (!p) {
      p = new IncrementalYamlParser();
      this.parsers.set(uri, p);
    }
    return p;
  }

  /** Everything an LSP feature needs about one document version, parsed once. */
  snapshot(doc: TextDocument): DocumentSnapshot | undefined {
    const result = this.validate(doc);
    const hit = this.cache.get(doc.uri);
    if (!result || !hit) return undefined;
    const text = doc.getText();
    if (hit.kind === 'stack' || hit.kind === 'compose') {
      return {
        uri: doc.uri,
        kind: hit.kind,
        text,
        yaml: hit.model ?? parseYaml(text),
        diagnostics: result.diagnostics,
        settings: this.settings,
        filePath: filePathOf(doc.uri),
      };
    }
    hit.json ??= parseJson(text);
    return { uri: doc.uri, kind: result.kind, text, json: hit.json, diagnostics: result.diagnostics, settings: this.settings, filePath: filePathOf(doc.uri) };
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
