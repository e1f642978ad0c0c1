import Ajv, { type Options } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { DOCKER_FORMATS } from './dockerFormats';
import type { SchemaSet } from './schemaSet';

// ajv's compiler: required by compile.ts only when a schema set has no generated module (running from sources, or
// a bundle without dist/validators/), so the bundles do not initialise it at start. The build-time generator uses
// the same options.

/**
 * Upstream schemas are used as published, so ajv's strict mode (which rejects unknown keywords such as `id` in
 * draft-07 files) is off. `extra` adds the code-generation options of the build-time generator.
 */
export function newAjv(draft: SchemaSet['draft'], extra: Options = {}): Ajv {
  const opts: Options = { allErrors: true, strict: false, formats: DOCKER_FORMATS, validateSchema: false, ...extra };
  return draft === 4 ? new AjvDraft04(opts) : new Ajv(opts);
}

/** An ajv holding every schema of the set (compiled on `getSchema`). */
export function setAjv(set: SchemaSet, extra: Options = {}): Ajv {
  const ajv = newAjv(set.draft, extra);
  for (const s of set.schemas()) ajv.addSchema(s);
  return ajv;
}
