// The schema validators generated at build time: ajv's standalone code for every schema set the core validates
// with, one module per set (scripts/build.mjs bundles each into dist/validators/<name>.js, which
// server/src/core/schema/prebuilt.ts requires on first use). The same ajv options as the run-time compile, plus
// `code.source`; the custom formats are required from server/src/core/schema/dockerFormats.ts, not inlined.
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { COMPOSE_SCHEMA_SET } from '../server/src/core/kinds/compose/composeChecks';
import { FLEET_SCHEMA_SET } from '../server/src/core/kinds/fleet/validateFleet';
import { runtimeSchemaSet } from '../server/src/core/kinds/ociRuntime/runtimeSchema';
import { STACK_VERSIONS, stackSchemaSet } from '../server/src/core/kinds/stack/stackSchemas';
import { setAjv } from '../server/src/core/schema/runtimeCompile';
import type { SchemaSet } from '../server/src/core/schema/schemaSet';

/** Every set `setValidator` is asked for (a set missing here is compiled at run time, as from sources). */
export const ALL_SCHEMA_SETS: SchemaSet[] = [
  ...STACK_VERSIONS.flatMap((v) => stackSchemaSet(v) ?? []),
  ...(['config', 'state', 'features'] as const).map(runtimeSchemaSet),
  COMPOSE_SCHEMA_SET,
  FLEET_SCHEMA_SET,
];

/** CommonJS source exporting the set's validators by their `refs` names; `formatsModule` is what it requires. */
export function standaloneValidatorCode(set: SchemaSet, formatsModule: string): string {
  const ajv = setAjv(set, { code: { source: true, formats: _`require(${formatsModule}).DOCKER_FORMATS` } });
  return standaloneCode(ajv, set.refs);
}
