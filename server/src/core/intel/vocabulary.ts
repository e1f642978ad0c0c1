import { parseJson } from '../json/jsonDocument';
import { parseYaml } from '../yaml/yamlDocument';
import { isYamlKind } from '../types';
import { composeVocabulary } from './composeVocabulary';
import { FleetVocabulary } from './fleetVocabulary';
import { DaemonVocabulary } from './daemonVocabulary';
import { jsonCursor, jsonHoverTarget } from './jsonCursor';
import { OciHooksVocabulary, OciRuntimeVocabulary } from './ociVocabulary';
import type { CursorContext, HoverTarget, IntelInput, Vocabulary } from './types';
import { yamlCursor, yamlHoverTarget } from './yamlCursor';

/** The vocabulary of the document's kind (schemas and data are shared; only names are per document). */
export function vocabularyFor(input: IntelInput): Vocabulary | undefined {
  switch (input.kind) {
    case 'stack':
    case 'compose':
      return composeVocabulary(input.kind, input.yaml, input.text);
    case 'daemon':
      return new DaemonVocabulary(input.settings.daemonPlatform, input.json);
    case 'oci-runtime':
      return new OciRuntimeVocabulary();
    case 'oci-hooks':
      return new OciHooksVocabulary();
    case 'fleet':
      return new FleetVocabulary(input.yaml);
    default:
      return undefined;
  }
}

function isYaml(input: Pick<IntelInput, 'kind'>): boolean {
  return isYamlKind(input.kind);
}

/** The completion context at `offset`, from the cached parse when there is one. */
export function cursorAt(input: IntelInput, offset: number): CursorContext | undefined {
  if (isYaml(input)) return yamlCursor(input.text, input.yaml ?? parseYaml(input.text), offset);
  return jsonCursor(input.text, input.json ?? parseJson(input.text), offset);
}

/** The key or value under `offset`, for hover. */
export function hoverTargetAt(input: IntelInput, offset: number): HoverTarget | undefined {
  if (isYaml(input)) return yamlHoverTarget(input.text, input.yaml ?? parseYaml(input.text), offset);
  return jsonHoverTarget(input.json ?? parseJson(input.text), offset);
}

/** An input for callers without a cached parse (the CLI, tests): parses `text` as `kind`. */
export function intelInput(kind: IntelInput['kind'], text: string, settings: IntelInput['settings']): IntelInput {
  return isYaml({ kind }) ? { kind, text, yaml: parseYaml(text), settings } : { kind, text, json: parseJson(text), settings };
}
