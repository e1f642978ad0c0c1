import type { Range } from '../../types';
import type { ValuePath, YamlModel } from '../../yaml/yamlDocument';
import type { StackContext } from './context';

export interface InterpolationInput {
  model: YamlModel;
  /** The loaded YAML value before interpolation. */
  raw: Record<string, unknown>;
  env: Record<string, string | undefined>;
  /** stack: docker/cli rules (no .env); compose: docker compose rules (.env read, so unset is not reported). */
  mode: 'stack' | 'compose';
  report: StackContext['report'];
  valueRange(path: ValuePath): Range;
}

/** Placeholder until interpolation lands: returns the value unchanged. */
export function interpolateConfig(input: InterpolationInput): Record<string, unknown> {
  return input.raw;
}
