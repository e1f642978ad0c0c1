import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { loadPrebuiltSet } from './prebuilt';
import type { SchemaSet } from './schemaSet';

interface LoadedSet {
  /** The module generated at build time (dist/validators/<name>.js), when there is one. */
  prebuilt?: Record<string, ValidateFunction>;
  /** Else the set compiled at run time, one validator at a time. */
  ajv?: Ajv;
  compiled: Map<string, ValidateFunction>;
}
const sets = new Map<string, LoadedSet>();

const runtimeCompile = (): typeof import('./runtimeCompile') => require('./runtimeCompile') as typeof import('./runtimeCompile');

/**
 * The validator `exportName` of `set`: from the build-time module when the bundle has one (loaded on first use,
 * so a file pays only for the schemas it uses), else compiled once per process in the set's shared ajv instance
 * (asking for the file's root and then for one of its definitions compiles the schema once, not twice).
 */
export function setValidator(set: SchemaSet, exportName: string): ValidateFunction | undefined {
  let loaded = sets.get(set.name);
  if (!loaded) sets.set(set.name, (loaded = { prebuilt: loadPrebuiltSet(set.name), compiled: new Map() }));
  if (loaded.prebuilt) return loaded.prebuilt[exportName];
  let v = loaded.compiled.get(exportName);
  if (!v) {
    const ref = set.refs[exportName];
    if (ref === undefined) return undefined;
    loaded.ajv ??= runtimeCompile().setAjv(set);
    v = loaded.ajv.getSchema(ref);
    if (!v) return undefined;
    loaded.compiled.set(exportName, v);
  }
  return v;
}

/** `setValidator` for a validator the set always has. */
export function requiredValidator(set: SchemaSet, exportName: string): ValidateFunction {
  const v = setValidator(set, exportName);
  if (!v) throw new Error(`schema set ${set.name} has no validator ${exportName}`);
  return v;
}
