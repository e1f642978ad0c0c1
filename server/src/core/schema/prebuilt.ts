import type { ValidateFunction } from 'ajv';

/** Defined by scripts/build.mjs: true in the bundles of dist/, which have dist/validators/ beside them. */
declare const SWARM_PILOT_PREBUILT_VALIDATORS: boolean | undefined;

/**
 * The validators of one schema set generated at build time (ajv standalone code, scripts/standalone-validators.ts),
 * required on first use. Undefined when running from sources (tests via tsx) or when the file is missing: the
 * caller then compiles the schemas at run time.
 */
export function loadPrebuiltSet(name: string): Record<string, ValidateFunction> | undefined {
  if (typeof SWARM_PILOT_PREBUILT_VALIDATORS !== 'boolean' || !SWARM_PILOT_PREBUILT_VALIDATORS) return undefined;
  try {
    return require(`${__dirname}/validators/${name}.js`) as Record<string, ValidateFunction>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}
