// github.com/distribution/reference as the docker Go client uses it (normalize.go, helpers.go): the normalized
// name (docker.io/library/…), the familiar string the client sends (`imageWithTagString`: `:latest` added when
// neither tag nor digest is given), and the registry an image is pulled from (for X-Registry-Auth).
import values from '../../../../schemas/swarm-deploy-values.json';

const R = values.imageReference;
const DOMAIN = `${R.domainComponent}(?:\\.${R.domainComponent})*(?::${R.port})?`;
const NAME = `(?:${DOMAIN}/)?${R.pathComponent}(?:/${R.pathComponent})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${R.tag}))?(?:@(${R.digest}))?$`);
const IDENTIFIER = new RegExp(`^${R.identifier}$`);

export const DEFAULT_DOMAIN = 'docker.io';
/** registry.IndexServer: the key docker login writes for Docker Hub. */
export const INDEX_SERVER = 'https://index.docker.io/v1/';

export interface ImageReference {
  /** Registry host (docker.io for Docker Hub). */
  domain: string;
  /** Repository path below the domain (library/nginx). */
  path: string;
  tag?: string;
  digest?: string;
}

/** ParseNormalizedNamed; throws with distribution/reference's message. */
export function parseNormalizedNamed(s: string): ImageReference {
  if (IDENTIFIER.test(s)) throw new Error(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  let domain = DEFAULT_DOMAIN;
  let remainder = s;
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const first = s.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      domain = first;
      remainder = s.slice(slash + 1);
    }
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = `library/${remainder}`;
  const colon = remainder.indexOf(':');
  const remoteName = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remoteName.toLowerCase() !== remoteName) throw new Error(`invalid reference format: repository name (${remoteName}) must be lowercase`);
  const m = REFERENCE.exec(`${domain}/${remainder}`);
  if (!m) throw new Error('invalid reference format');
  if (m[1].length > R.maxNameLength) throw new Error(`repository name must not be more than ${R.maxNameLength} characters`);
  const path = m[1].slice(domain.length + 1);
  return { domain, path, ...(m[2] ? { tag: m[2] } : {}), ...(m[3] ? { digest: m[3] } : {}) };
}

/** FamiliarString: docker.io/ and library/ dropped again. */
export function familiarString(ref: ImageReference): string {
  let name = ref.domain === DEFAULT_DOMAIN ? ref.path : `${ref.domain}/${ref.path}`;
  if (ref.domain === DEFAULT_DOMAIN && ref.path.startsWith('library/') && !ref.path.slice('library/'.length).includes('/'))
    name = ref.path.slice('library/'.length);
  return `${name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** imageWithTagString: the familiar name with `:latest` when untagged and undigested; unparsable images are kept. */
export function imageWithTag(image: string): string {
  try {
    const ref = parseNormalizedNamed(image);
    return familiarString(ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' });
  } catch {
    return image;
  }
}
