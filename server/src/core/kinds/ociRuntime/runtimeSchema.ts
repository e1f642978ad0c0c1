import type { ValidateFunction } from 'ajv';
import configFreebsd from '../../../../../schemas/oci-runtime-spec/config-freebsd.json';
import configLinux from '../../../../../schemas/oci-runtime-spec/config-linux.json';
import configSchema from '../../../../../schemas/oci-runtime-spec/config-schema.json';
import configSolaris from '../../../../../schemas/oci-runtime-spec/config-solaris.json';
import configVm from '../../../../../schemas/oci-runtime-spec/config-vm.json';
import configWindows from '../../../../../schemas/oci-runtime-spec/config-windows.json';
import configZos from '../../../../../schemas/oci-runtime-spec/config-zos.json';
import defsFreebsd from '../../../../../schemas/oci-runtime-spec/defs-freebsd.json';
import defsLinux from '../../../../../schemas/oci-runtime-spec/defs-linux.json';
import defsVm from '../../../../../schemas/oci-runtime-spec/defs-vm.json';
import defsWindows from '../../../../../schemas/oci-runtime-spec/defs-windows.json';
import defsZos from '../../../../../schemas/oci-runtime-spec/defs-zos.json';
import defs from '../../../../../schemas/oci-runtime-spec/defs.json';
import featuresLinux from '../../../../../schemas/oci-runtime-spec/features-linux.json';
import featuresSchema from '../../../../../schemas/oci-runtime-spec/features-schema.json';
import stateSchema from '../../../../../schemas/oci-runtime-spec/state-schema.json';
import { requiredValidator } from '../../schema/compile';
import type { SchemaSet } from '../../schema/schemaSet';
import type { ValuePath } from '../../yaml/yamlDocument';
import { isObject } from './jsonContext';

/** The vendored runtime-spec v1.3.0 schema files, by the file name their `$ref`s use. */
export const RUNTIME_SPEC_SCHEMA_VERSION = '1.3.0';
const FILES: Record<string, unknown> = {
  'config-schema.json': configSchema,
  'config-linux.json': configLinux,
  'config-solaris.json': configSolaris,
  'config-windows.json': configWindows,
  'config-vm.json': configVm,
  'config-zos.json': configZos,
  'config-freebsd.json': configFreebsd,
  'defs.json': defs,
  'defs-linux.json': defsLinux,
  'defs-windows.json': defsWindows,
  'defs-vm.json': defsVm,
  'defs-zos.json': defsZos,
  'defs-freebsd.json': defsFreebsd,
  'state-schema.json': stateSchema,
  'features-schema.json': featuresSchema,
  'features-linux.json': featuresLinux,
};

/**
 * The three documents the spec defines a schema for. `ociVersion` detection also catches a runtime's
 * state.json (`runc state` output), and `runc features` output may be opened as this kind.
 */
export type RuntimeDocument = 'config' | 'state' | 'features';
const ROOTS: Record<RuntimeDocument, string> = { config: 'config-schema.json', state: 'state-schema.json', features: 'features-schema.json' };

/**
 * The files stay as vendored; in memory, v1.3.0's one malformed reference (`#definitions/uint32` in
 * defs.json ArrayOfUint32, fixed upstream after the release by 04836b1 "schema: fix path for uint32
 * type") gets its missing slash, which ajv requires.
 */
function fixRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixRefs);
  if (!isObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/#(?!\/|$)/, '#/') : fixRefs(v);
  return out;
}

/**
 * The document's root schema with every sibling added under its file name (the files carry no `id`;
 * upstream's validate.go loads them by file URL, which is what the ids reproduce).
 */
export function runtimeSchemaSet(doc: RuntimeDocument): SchemaSet {
  const root = ROOTS[doc];
  const withId = (name: string) => ({ ...(fixRefs(FILES[name]) as object), id: name });
  return { name: `oci-runtime-spec-${RUNTIME_SPEC_SCHEMA_VERSION}-${doc}`, draft: 4, schemas: () => Object.keys(FILES).map(withId), refs: { root } };
}

export function runtimeSchemaValidator(doc: RuntimeDocument): ValidateFunction {
  return requiredValidator(runtimeSchemaSet(doc), 'root');
}

type SchemaNode = Record<string, unknown>;
interface Located {
  file: string;
  node: SchemaNode;
}

function follow(loc: Located, depth = 0): Located | undefined {
  const ref = loc.node.$ref;
  if (typeof ref !== 'string') return loc;
  if (depth > 32) return undefined;
  const [file, pointer = ''] = ref.split('#');
  const target = file || loc.file;
  let node: unknown = FILES[target];
  for (const part of pointer.split('/').filter(Boolean)) node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObject(node) ? follow({ file: target, node }, depth + 1) : undefined;
}

/** The schema and every allOf/anyOf/oneOf branch under it, references resolved. */
function alternatives(loc: Located, out: Located[] = [], depth = 0): Located[] {
  const l = follow(loc);
  if (!l || depth > 16) return out;
  out.push(l);
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const list = l.node[k];
    if (Array.isArray(list)) for (const s of list) if (isObject(s)) alternatives({ file: l.file, node: s }, out, depth + 1);
  }
  return out;
}

export interface UnknownKey {
  /** Path of the unknown key itself. */
  path: ValuePath;
  /** The keys the schema declares at that level. */
  known: string[];
}

/**
 * Keys the schema does not declare. The runtime-spec schemas leave `additionalProperties` open, so
 * runtimes ignore such keys silently; maps (`additionalProperties`/`patternProperties` schemas, e.g.
 * annotations, sysctl) and objects without declared properties are not checked.
 */
export function undeclaredKeys(value: unknown, doc: RuntimeDocument): UnknownKey[] {
  const out: UnknownKey[] = [];
  const walk = (v: unknown, locs: Located[], path: ValuePath): void => {
    const all = locs.flatMap((l) => alternatives(l));
    if (!all.length) return;
    if (isObject(v)) {
      const props = new Map<string, Located[]>();
      const mapValues: Located[] = [];
      for (const l of all) {
        const p = l.node.properties;
        if (isObject(p)) for (const [k, s] of Object.entries(p)) if (isObject(s)) props.set(k, [...(props.get(k) ?? []), { file: l.file, node: s }]);
        const ap = l.node.additionalProperties;
        if (isObject(ap)) mapValues.push({ file: l.file, node: ap });
        const pp = l.node.patternProperties;
        if (isObject(pp)) for (const s of Object.values(pp)) if (isObject(s)) mapValues.push({ file: l.file, node: s });
      }
      for (const [k, child] of Object.entries(v)) {
        const declared = props.get(k);
        if (declared) walk(child, declared, [...path, k]);
        else if (mapValues.length) walk(child, mapValues, [...path, k]);
        else if (props.size) out.push({ path: [...path, k], known: [...props.keys()] });
      }
    } else if (Array.isArray(v)) {
      const items = all.flatMap((l) => (isObject(l.node.items) ? [{ file: l.file, node: l.node.items }] : []));
      if (items.length) v.forEach((item, i) => walk(item, items, [...path, i]));
    }
  };
  walk(value, [{ file: ROOTS[doc], node: FILES[ROOTS[doc]] as SchemaNode }], []);
  return out;
}
