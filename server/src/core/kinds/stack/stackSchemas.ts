import type { ValidateFunction } from 'ajv';
import { setValidator } from '../../schema/compile';
import type { SchemaSet } from '../../schema/schemaSet';

/**
 * docker/cli's v3 schemas by version, exactly as `schema.Validate` picks them. Each is read on first use: a file
 * needs one of the fourteen (and the validators generated at build time do not need it to validate).
 */
const SCHEMA_FILES: Record<string, () => object> = {
  '3.0': () => require('../../../../../schemas/config_schema_v3.0.json') as object,
  '3.1': () => require('../../../../../schemas/config_schema_v3.1.json') as object,
  '3.2': () => require('../../../../../schemas/config_schema_v3.2.json') as object,
  '3.3': () => require('../../../../../schemas/config_schema_v3.3.json') as object,
  '3.4': () => require('../../../../../schemas/config_schema_v3.4.json') as object,
  '3.5': () => require('../../../../../schemas/config_schema_v3.5.json') as object,
  '3.6': () => require('../../../../../schemas/config_schema_v3.6.json') as object,
  '3.7': () => require('../../../../../schemas/config_schema_v3.7.json') as object,
  '3.8': () => require('../../../../../schemas/config_schema_v3.8.json') as object,
  '3.9': () => require('../../../../../schemas/config_schema_v3.9.json') as object,
  '3.10': () => require('../../../../../schemas/config_schema_v3.10.json') as object,
  '3.11': () => require('../../../../../schemas/config_schema_v3.11.json') as object,
  '3.12': () => require('../../../../../schemas/config_schema_v3.12.json') as object,
  '3.13': () => require('../../../../../schemas/config_schema_v3.13.json') as object,
};
/** The version's schema (`require` keeps it once loaded). */
const schemaOf = (version: string): object | undefined => (Object.hasOwn(SCHEMA_FILES, version) ? SCHEMA_FILES[version]() : undefined);

export const LATEST_STACK_VERSION = '3.13';
export const STACK_VERSIONS = Object.keys(SCHEMA_FILES);

/** `schema.Version` + `normalizeVersion`: missing, "" and "3" mean the latest 3.x. */
export function stackFileVersion(config: Record<string, unknown>): string {
  if (!('version' in config)) return LATEST_STACK_VERSION;
  const v = config.version;
  const s = v === null || v === undefined ? '<nil>' : String(v);
  return s === '' || s === '3' ? LATEST_STACK_VERSION : s;
}

/** One set per version: the file's schema (`root`) and its service definition (`service`), compiled together. */
export function stackSchemaSet(version: string): SchemaSet | undefined {
  const schema = schemaOf(version) as { id?: string } | undefined;
  const id = schema?.id;
  if (!id) return undefined;
  return { name: `stack-${version}`, draft: 4, schemas: () => [schema], refs: { root: id, service: `${id}#/definitions/service` } };
}

export function stackSchemaValidator(version: string): ValidateFunction | undefined {
  const set = stackSchemaSet(version);
  return set && setValidator(set, 'root');
}

export function stackSchema(version: string): object | undefined {
  return schemaOf(version);
}

/** Validates one service value against `#/definitions/service` of the version's schema. */
export function stackServiceValidator(version: string): ValidateFunction | undefined {
  const set = stackSchemaSet(version);
  return set && setValidator(set, 'service');
}

/** The pattern service names must match (`services.patternProperties`), read from the schema. */
export function serviceNamePattern(version: string): RegExp | undefined {
  const services = (schemaOf(version) as { properties?: { services?: { patternProperties?: Record<string, unknown> } } } | undefined)?.properties?.services;
  const pattern = Object.keys(services?.patternProperties ?? {})[0];
  return pattern ? new RegExp(pattern) : undefined;
}
