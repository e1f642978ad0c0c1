import v30 from '../../../../../schemas/config_schema_v3.0.json';
import v31 from '../../../../../schemas/config_schema_v3.1.json';
import v32 from '../../../../../schemas/config_schema_v3.2.json';
import v33 from '../../../../../schemas/config_schema_v3.3.json';
import v34 from '../../../../../schemas/config_schema_v3.4.json';
import v35 from '../../../../../schemas/config_schema_v3.5.json';
import v36 from '../../../../../schemas/config_schema_v3.6.json';
import v37 from '../../../../../schemas/config_schema_v3.7.json';
import v38 from '../../../../../schemas/config_schema_v3.8.json';
import v39 from '../../../../../schemas/config_schema_v3.9.json';
import v310 from '../../../../../schemas/config_schema_v3.10.json';
import v311 from '../../../../../schemas/config_schema_v3.11.json';
import v312 from '../../../../../schemas/config_schema_v3.12.json';
import v313 from '../../../../../schemas/config_schema_v3.13.json';
import type { ValidateFunction } from 'ajv';
import { setValidator } from '../../schema/compile';
import type { SchemaSet } from '../../schema/schemaSet';

/** docker/cli's v3 schemas by version, exactly as `schema.Validate` picks them. */
const SCHEMAS: Record<string, object> = {
  '3.0': v30,
  '3.1': v31,
  '3.2': v32,
  '3.3': v33,
  '3.4': v34,
  '3.5': v35,
  '3.6': v36,
  '3.7': v37,
  '3.8': v38,
  '3.9': v39,
  '3.10': v310,
  '3.11': v311,
  '3.12': v312,
  '3.13': v313,
};

export const LATEST_STACK_VERSION = '3.13';
export const STACK_VERSIONS = Object.keys(SCHEMAS);

/** `schema.Version` + `normalizeVersion`: missing, "" and "3" mean the latest 3.x. */
export function stackFileVersion(config: Record<string, unknown>): string {
  if (!('version' in config)) return LATEST_STACK_VERSION;
  const v = config.version;
  const s = v === null || v === undefined ? '<nil>' : String(v);
  return s === '' || s === '3' ? LATEST_STACK_VERSION : s;
}

/** One set per version: the file's schema (`root`) and its service definition (`service`), compiled together. */
export function stackSchemaSet(version: string): SchemaSet | undefined {
  const schema = SCHEMAS[version] as { id?: string } | undefined;
  const id = schema?.id;
  if (!id) return undefined;
  return { name: `stack-${version}`, draft: 4, schemas: () => [schema], refs: { root: id, service: `${id}#/definitions/service` } };
}

export function stackSchemaValidator(version: string): ValidateFunction | undefined {
  const set = stackSchemaSet(version);
  return set && setValidator(set, 'root');
}

export function stackSchema(version: string): object | undefined {
  return SCHEMAS[version];
}

/** Validates one service value against `#/definitions/service` of the version's schema. */
export function stackServiceValidator(version: string): ValidateFunction | undefined {
  const set = stackSchemaSet(version);
  return set && setValidator(set, 'service');
}

/** The pattern service names must match (`services.patternProperties`), read from the schema. */
export function serviceNamePattern(version: string): RegExp | undefined {
  const services = (SCHEMAS[version] as { properties?: { services?: { patternProperties?: Record<string, unknown> } } } | undefined)?.properties?.services;
  const pattern = Object.keys(services?.patternProperties ?? {})[0];
  return pattern ? new RegExp(pattern) : undefined;
}
