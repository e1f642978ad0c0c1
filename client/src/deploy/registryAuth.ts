// X-Registry-Auth as `docker stack deploy --with-registry-auth` builds it (docker/cli v27.5.1
// cli/command/registry.go RetrieveAuthTokenFromImage, cli/config/configfile/file.go LoadFromReader + decodeAuth,
// cli/config/credentials/file_store.go Get, moby api/types/registry EncodeAuthConfig): the credentials stored in the
// docker config's `auths` for the image's registry, as base64url JSON. Credential helpers (`credsStore`,
// `credHelpers`) are not run: an image whose registry uses one gets no header and a warning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerConfigDir } from '../engine';
import { DEFAULT_DOMAIN, INDEX_SERVER, parseNormalizedNamed } from './convert/imageRef';

export interface AuthConfig {
  username?: string;
  password?: string;
  auth?: string;
  email?: string;
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface DockerConfigFile {
  auths?: Record<string, AuthConfig>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** config.json from $DOCKER_CONFIG or ~/.docker; a missing file is an empty config. */
export function readDockerConfig(env: Readonly<Record<string, string | undefined>>, homedir: string): DockerConfigFile {
  const file = join(dockerConfigDir(env, homedir), 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  return text.trim() ? (JSON.parse(text) as DockerConfigFile) : {};
}

/** credentials.ConvertToHostname: a registry URL reduced to host[:port]. */
export function convertToHostname(maybeUrl: string): string {
  if (maybeUrl.includes('://')) {
    try {
      const u = new URL(maybeUrl);
      if (u.hostname) return u.port ? `${u.hostname}:${u.port}` : u.hostname;
    } catch {
      /* fall through */
    }
  }
  return maybeUrl.split('/')[0];
}

/** The config key docker looks up for an image: the index server URL for Docker Hub, else the registry host. */
export function registryKeyForImage(image: string): string {
  const ref = parseNormalizedNamed(image);
  return ref.domain === DEFAULT_DOMAIN ? INDEX_SERVER : ref.domain;
}

export interface ResolvedAuth {
  /** The X-Registry-Auth value (base64url of the JSON), or undefined when the config holds nothing for it. */
  header?: string;
  registry: string;
  warning?: string;
}

/** LoadFromReader's decodeAuth: `auth` is base64("user:password"). */
function decodeAuth(auth: string): { username: string; password: string } {
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new Error('Invalid auth configuration file');
  return {
    username: decoded.slice(0, colon),
    password: decoded
      .slice(colon + 1)
      .replace(/\0+$/, '')
      .replace(/^\0+/, ''),
  };
}

/**
 * The header for one image. Like the CLI, an image without stored credentials still gets a header: the encoding of
 * an empty AuthConfig (`e30=`, i.e. `{}`), which the daemon treats as anonymous.
 */
export function registryAuthForImage(config: DockerConfigFile, image: string): ResolvedAuth {
  const key = registryKeyForImage(image);
  const helper = config.credHelpers?.[key] ?? config.credsStore;
  if (helper)
    return {
      registry: key,
      warning: `credentials for ${key} are kept by the credential helper docker-credential-${helper}, which Swarm Pilot does not run; no registry auth is sent for ${image}`,
    };
  const auths = config.auths ?? {};
  let found: AuthConfig | undefined;
  let foundKey = key;
  if (Object.hasOwn(auths, key)) found = auths[key];
  else {
    for (const [k, v] of Object.entries(auths)) {
      if (convertToHostname(k) === key) {
        found = v;
        foundKey = k;
        break;
      }
    }
  }
  const ac: AuthConfig = {};
  if (found) {
    const { username, password } = found.auth ? decodeAuth(found.auth) : { username: found.username ?? '', password: found.password ?? '' };
    if (username) ac.username = username;
    if (password) ac.password = password;
    if (found.email) ac.email = found.email;
    ac.serveraddress = foundKey;
    if (found.identitytoken) ac.identitytoken = found.identitytoken;
    if (found.registrytoken) ac.registrytoken = found.registrytoken;
  }
  return { registry: key, header: encodeAuthConfig(ac) };
}

/** EncodeAuthConfig: Go's json.Marshal field order, omitempty, then base64url with padding. */
export function encodeAuthConfig(ac: AuthConfig): string {
  const ordered: AuthConfig = {};
  for (const k of ['username', 'password', 'auth', 'email', 'serveraddress', 'identitytoken', 'registrytoken'] as const) if (ac[k]) ordered[k] = ac[k];
  // encoding/json escapes <, > and & (and U+2028/2029) in strings.
  const json = JSON.stringify(ordered).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(json, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
