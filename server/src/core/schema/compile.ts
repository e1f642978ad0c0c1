import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { isGoDuration } from '../stackModel/goDuration';

/**
 * Compiles upstream schemas once per process. Upstream schemas are used as published, so ajv's strict
 * mode (which rejects unknown keywords such as `id` in draft-07 files) is off.
 */
const cache = new Map<string, ValidateFunction>();

/** Formats that docker/cli registers on its gojsonschema validator (cli/compose/schema/schema.go, v27). */
const DOCKER_FORMATS = {
  duration: isGoDuration,
  // 27.x registers `ports` and `expose` checkers that accept everything.
  ports: () => true,
  expose: () => true,
};

/** An ajv for docker's draft-04 schemas, configured the same way everywhere. */
const newDraft04 = () => new AjvDraft04({ allErrors: true, strict: false, formats: DOCKER_FORMATS, validateSchema: false });

/** Ajv instances per family of draft-04 schemas, so validators of one schema (the file, one of its definitions) share code. */
const draft04Families = new Map<string, AjvDraft04>();

/**
 * The validator for `ref` (a schema id, or `id#/definitions/x`) among `schemas`, compiled in the family's shared ajv
 * instance: asking for the file's root and then for one of its definitions compiles the schema once, not twice
 * (about half of a cold open's schema time for the v3 stack schemas).
 */
export function draft04Validator(family: string, schemas: AnySchema[], ref: string): ValidateFunction | undefined {
  const key = `${family}\u0000${ref}`;
  let v = cache.get(key);
  if (!v) {
    let ajv = draft04Families.get(family);
    if (!ajv) {
      ajv = newDraft04();
      for (const s of schemas) ajv.addSchema(s);
      draft04Families.set(family, ajv);
    }
    v = ajv.getSchema(ref);
    if (!v) return undefined;
    cache.set(key, v);
  }
  return v;
}

export function compileDraft04(id: string, schema: AnySchema, extraSchemas: AnySchema[] = []): ValidateFunction {
  let v = cache.get(id);
  if (!v) {
    const ajv = newDraft04();
    for (const s of extraSchemas) ajv.addSchema(s);
    v = ajv.compile(schema);
    cache.set(id, v);
  }
  return v;
}

export function compileDraft07(id: string, schema: AnySchema, formats: Record<string, (s: string) => boolean> = {}): ValidateFunction {
  let v = cache.get(id);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: false, formats: { ...DOCKER_FORMATS, ...formats }, validateSchema: false });
    v = ajv.compile(schema);
    cache.set(id, v);
  }
  return v;
}
