import type { Node } from 'jsonc-parser';
import { getNodeValue } from 'jsonc-parser';
import { nearest } from '../../text/nearest';
import { keyRangeOf, nodeRange, properties, property, stringValue, type DaemonContext, type JsonPath } from './context';
import type { Shape } from './daemonData';
import { fieldOf, type UnknownFieldHook } from './shapeCheck';
import { hooksKey, runtimeConfig, runtimeKey } from './rules';

/** moby daemon/runtime_unix.go (v27.5.1): the stock runtime names, always defined. */
const STOCK_RUNTIMES = ['runc', 'io.containerd.runc.v2'];

/** Fields of a runtime entry that other tools write but dockerd's system.Runtime does not have. */
const RUNTIME_FIELD_ALIASES: Record<string, string> = { args: 'runtimeArgs', type: 'runtimeType' };

/** `runtimes.<name>.<field>` that matches no field of system.Runtime: Go ignores it. */
export const runtimeFieldHook: UnknownFieldHook = (ctx, name, value, path, shape) => {
  if (path[0] !== 'runtimes' || path.length !== 3) return false;
  return reportRuntimeField(ctx, name, value, path, shape);
};

function reportRuntimeField(ctx: DaemonContext, name: string, value: Node, path: JsonPath, shape: Shape): boolean {
  const fields = Object.keys(shape.properties ?? {});
  const replacement = RUNTIME_FIELD_ALIASES[name] ?? nearest(name, fields);
  const runtime = String(path[1]);
  const hint = replacement ? ` Use "${replacement}"${name === 'args' ? ' to pass arguments to the runtime' : ''}.` : ` Known fields: ${fields.join(', ')}.`;
  ctx.report(
    runtimeKey,
    keyRangeOf(ctx, value),
    `runtimes.${runtime}.${name} is not a runtime field (dockerd reads ${fields.join(', ')}): Go's JSON decoder ignores it.${hint}`,
    {
      tags: ['unnecessary'],
      data: { path, key: name, runtime, ...(replacement ? { replacement } : {}) },
    },
  );
  return true;
}

function field(entry: Node, shape: Shape, name: string): Node | undefined {
  // Go matches struct fields case-insensitively; the last matching key wins.
  let hit: Node | undefined;
  for (const [k, v] of properties(entry)) if (k.toLowerCase() === name.toLowerCase() && fieldOf(shape, k)) hit = v;
  return hit;
}

const nonEmpty = (n: Node | undefined) =>
  n !== undefined &&
  n.type !== 'null' &&
  !(n.type === 'string' && n.value === '') &&
  !((n.type === 'array' || n.type === 'object') && !(n.children ?? []).length);

/** setupRuntimes (daemon/runtime_unix.go): the checks dockerd makes on each runtime when it starts. */
export function checkRuntimes(ctx: DaemonContext, node: Node, shape: Shape): void {
  const entryShape = shape.additionalProperties ?? {};
  for (const [name, entry, keyNode] of properties(node)) {
    if (name === 'runc') {
      ctx.report(runtimeConfig, nodeRange(ctx, keyNode), "runtime name 'runc' is reserved: dockerd refuses to start; register the runtime under another name", {
        data: { runtime: name },
      });
      continue;
    }
    if (entry.type !== 'object') continue;
    const path = field(entry, entryShape, 'path');
    const type = field(entry, entryShape, 'runtimeType');
    const args = field(entry, entryShape, 'runtimeArgs');
    const options = field(entry, entryShape, 'options');
    const fail = (at: Node, msg: string) =>
      ctx.report(runtimeConfig, nodeRange(ctx, at), `runtime ${name}: ${msg}; dockerd refuses to start`, { data: { runtime: name } });
    if (!nonEmpty(path) && !nonEmpty(type)) fail(keyNode, 'either a runtimeType or a path must be configured');
    else if (nonEmpty(path) && nonEmpty(type)) fail(type!, 'cannot configure both path and runtimeType for the same runtime');
    else if (nonEmpty(path) && nonEmpty(options)) fail(options!, 'options cannot be used with a path runtime');
    else if (nonEmpty(type) && nonEmpty(args)) fail(args!, 'args cannot be used with a runtimeType runtime');
  }
}

/** isPermissibleC8dRuntimeName: a containerd shim name such as io.containerd.runsc.v1. */
function isContainerdRuntimeName(name: string): boolean {
  return !name.startsWith('/') && !name.includes('/') && !name.startsWith('.') && name.split('.').length >= 2;
}

/** `default-runtime` must name a stock, a configured or a containerd runtime (setupRuntimes). */
export function checkDefaultRuntime(ctx: DaemonContext, root: Node): void {
  if (ctx.platform !== 'linux') return;
  const node = property(root, 'default-runtime');
  const name = stringValue(node);
  if (!node || !name) return;
  const configured = properties(property(root, 'runtimes')).map(([k]) => k);
  if (STOCK_RUNTIMES.includes(name) || configured.includes(name) || isContainerdRuntimeName(name)) return;
  const suggestion = nearest(name, [...configured, ...STOCK_RUNTIMES]);
  ctx.report(
    runtimeConfig,
    nodeRange(ctx, node),
    `specified default runtime '${name}' does not exist: dockerd refuses to start; define it under "runtimes"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    {
      data: { key: 'default-runtime', ...(suggestion ? { suggestion } : {}) },
    },
  );
}

// --------------------------------------------------------------------------------------------- hooks
export const HOOK_WRAPPER_RUNTIME = 'oci-add-hooks';
export const HOOK_CONFIG_PATH = '/etc/docker/oci-hooks.json';

/**
 * A top-level `hooks` key. dockerd has no hooks setting; the quick fix registers an OCI-hook wrapper runtime
 * (awslabs/oci-add-hooks: it adds the hooks of its own hook config file to each container's config.json,
 * then runs runc) and carries the hooks as that file's content.
 */
export function reportHooks(ctx: DaemonContext, value: Node, innerUnknown: string[]): void {
  const verdict =
    value.type !== 'object'
      ? 'dockerd refuses to start: "the following directives don\'t match any configuration option: hooks"'
      : innerUnknown.length
        ? `dockerd reads the keys inside an unknown object as options and refuses to start: "the following directives don't match any configuration option: ${innerUnknown.join(', ')}"`
        : 'dockerd accepts the empty object but ignores it';
  const runtime = { path: HOOK_WRAPPER_RUNTIME, runtimeArgs: ['--hook-config-path', HOOK_CONFIG_PATH, '--runtime-path', 'runc'] };
  ctx.report(
    hooksKey,
    keyRangeOf(ctx, value),
    `dockerd has no "hooks" setting; ${verdict}. To run OCI hooks with Docker, register a wrapper runtime such as awslabs/oci-add-hooks under "runtimes" with the hooks in its own config file (${HOOK_CONFIG_PATH}), and select it with "default-runtime" or docker run --runtime.`,
    {
      data: {
        key: 'hooks',
        replacement: 'runtimes',
        runtimeName: HOOK_WRAPPER_RUNTIME,
        runtime,
        path: ['runtimes', HOOK_WRAPPER_RUNTIME],
        hookConfigPath: HOOK_CONFIG_PATH,
        hookConfig: { hooks: getNodeValue(value) },
      },
    },
  );
}
