// Compose files → the desired state of a stack, converted as `docker stack deploy` (docker/cli v27.5.1) converts it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ComposeConfig } from './composeTypes';
import { convertFileObjects, convertNetworks, LABEL_IMAGE, Namespace } from './compose';
import { loadComposeFile, type ComposeFile } from './loader';
import { mergeConfigs } from './merge';
import { convertService, serviceNetworkNames } from './service';
import type { FileObjectSpec, NetworkCreateBody, ServiceSpecBody } from './specTypes';

export { LABEL_IMAGE, LABEL_NAMESPACE, Namespace } from './compose';
export type { ComposeConfig } from './composeTypes';
export { parseNormalizedNamed, imageWithTag, familiarString } from './imageRef';
export { LoadError, parseComposeYaml, type ComposeFile } from './loader';
export { mergeConfigs } from './merge';
export { convertService, resolveReferences, isUserDefinedNetwork } from './service';
export type * from './specTypes';

export interface DesiredService {
  /** The compose key (`services: <key>:`). */
  key: string;
  /** `<stack>_<key>`. */
  name: string;
  /** The body to post; SecretID / ConfigID are empty until resolveReferences. */
  spec: ServiceSpecBody;
  /** The image as written (the com.docker.stack.image label). */
  image: string;
}

export interface DesiredObject {
  key: string;
  spec: FileObjectSpec;
  /** sha256 of the content (hex), '' for driver secrets. */
  sha256: string;
  /** The file the content came from. */
  file?: string;
  /** Set in stored revisions: the secret's content was not kept (only sha256). */
  withheld?: boolean;
}

export interface DesiredStack {
  namespace: string;
  services: DesiredService[];
  networks: NetworkCreateBody[];
  /** External networks services attach to (by name). */
  externalNetworks: string[];
  secrets: DesiredObject[];
  configs: DesiredObject[];
  /** External secrets / configs services reference (by swarm name). */
  externalSecrets: string[];
  externalConfigs: string[];
}

export interface StackSource {
  files: ComposeFile[];
  env: Record<string, string | undefined>;
  /** Default: the first file's directory. */
  workingDir?: string;
  /** Default: fs.readFileSync. */
  readFile?: (path: string) => Buffer;
}

/** Loads and merges the files (GetConfigDetails + loader.Load). */
export function loadStackConfig(source: StackSource): ComposeConfig {
  if (source.files.length === 0) throw new Error('Specify a Compose file (with --compose-file)');
  const workingDir = source.workingDir ?? dirname(resolve(source.files[0].path));
  const readFile = source.readFile ?? ((p: string) => readFileSync(p));
  return mergeConfigs(source.files.map((f) => loadComposeFile(f, { env: source.env, workingDir, readFile })));
}

const sha256 = (b64: string | undefined) =>
  b64 === undefined ? createHash('sha256').update('').digest('hex') : createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex');

/** convert.Networks / Secrets / Configs / Services for one namespace. */
export function convertStack(config: ComposeConfig, namespace: string, readFile: (path: string) => Buffer = (p) => readFileSync(p)): DesiredStack {
  const ns = new Namespace(namespace);
  const used = new Set(config.services.flatMap(serviceNetworkNames));
  const { create, external } = convertNetworks(ns, config.networks, used);
  const secrets = convertFileObjects(ns, 'secret', config.secrets, readFile);
  const configs = convertFileObjects(ns, 'config', config.configs, readFile);
  const names = (objects: typeof config.secrets) => Object.fromEntries(Object.entries(objects).map(([k, o]) => [k, o.name || ns.scope(k)]));
  const secretNames = names(config.secrets);
  const configNames = names(config.configs);
  const services = [...config.services]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => ({
      key: s.name,
      name: ns.scope(s.name),
      spec: convertService(ns, s, { networks: config.networks, volumes: config.volumes, secretNames, configNames }),
      image: s.image ?? '',
    }));
  const usedRefs = (
    pick: (s: (typeof config.services)[number]) => { source: string }[] | undefined,
    objects: typeof config.secrets,
    nameOf: Record<string, string>,
  ) =>
    [
      ...new Set(
        config.services
          .flatMap((s) => (pick(s) ?? []).map((r) => r.source))
          .filter((k) => objects[k]?.external?.external)
          .map((k) => nameOf[k]),
      ),
    ].sort();
  return {
    namespace,
    services,
    networks: [...create.values()],
    externalNetworks: [...new Set(external)].sort(),
    secrets: secrets.map((o) => ({ key: o.key, spec: o.spec, sha256: o.spec.Driver ? '' : sha256(o.spec.Data), ...(o.file ? { file: o.file } : {}) })),
    configs: configs.map((o) => ({ key: o.key, spec: o.spec, sha256: sha256(o.spec.Data), ...(o.file ? { file: o.file } : {}) })),
    externalSecrets: usedRefs((s) => s.secrets, config.secrets, secretNames),
    externalConfigs: usedRefs(
      (s) => [...(s.configs ?? []), ...(s.credentialSpec?.config ? [{ source: s.credentialSpec.config }] : [])],
      config.configs,
      configNames,
    ),
  };
}

/** The image label a converted service carries. */
export const imageLabelOf = (spec: { Labels?: Record<string, string> }) => spec.Labels?.[LABEL_IMAGE];
