import picomatch from 'picomatch';
import type { CoreSettings } from '../settings';
import type { FileKind } from '../types';
import { FILE_KINDS } from '../types';
import { parseModeComment } from '../stackModel/modeComment';

/** `# swarm-pilot: stack` (or compose, …; a stack may be followed by its name) among the first lines forces the kind. */
export function kindFromComment(text: string): FileKind | undefined {
  const k = parseModeComment(text)?.kind as FileKind | undefined;
  return k && FILE_KINDS.includes(k) ? k : undefined;
}

const matcherCache = new Map<string, (p: string) => boolean>();
function globMatcher(globs: string[]): (p: string) => boolean {
  const key = globs.join('\u0000');
  let m = matcherCache.get(key);
  if (!m) {
    m = picomatch(globs, { dot: true, basename: false, nocase: false });
    matcherCache.set(key, m);
  }
  return m;
}

export function matchesStackGlobs(filePath: string, settings: Pick<CoreSettings, 'stackGlobs'>): boolean {
  const norm = filePath.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  const match = globMatcher(settings.stackGlobs);
  // A glob without a slash matches the file name; `**/x` globs match any depth including the name alone.
  return match(norm) || match(base) || match('/' + base);
}

function looksLikeJsonObjectWith(text: string, keys: RegExp): boolean {
  return text.trimStart().startsWith('{') && keys.test(text);
}

/**
 * The kind of a file from its name and content: a mode comment first, then well-known names
 * (`*.fleet.yaml`, daemon.json, hooks.d/*.json), then content (`ociVersion`, a hooks.d object), then stack globs.
 * Returns undefined for files Swarm Pilot does not validate.
 */
export function detectKind(filePath: string, text: string, settings: Pick<CoreSettings, 'stackGlobs'>): FileKind | undefined {
  const norm = filePath.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1).toLowerCase();
  if (/\.ya?ml$/.test(base)) {
    const forced = kindFromComment(text);
    if (forced) return forced;
    if (/\.fleet\.ya?ml$/.test(base)) return 'fleet';
    if (matchesStackGlobs(norm, settings)) return 'stack';
    if (/(^|[-_.])(compose|docker-compose)([-_.]|$)/.test(base) || /^services\s*:/m.test(text)) return 'compose';
    return undefined;
  }
  if (base.endsWith('.json')) {
    if (base === 'daemon.json') return 'daemon';
    if (/\/hooks\.d\/[^/]+$/.test(norm)) return 'oci-hooks';
    if (looksLikeJsonObjectWith(text, /"ociVersion"\s*:/)) return 'oci-runtime';
    // hooks.d: 1.0.0 has `"hook": {…}`, 0.1.0 has `"hook": "/path"`.
    if (looksLikeJsonObjectWith(text, /"hook"\s*:\s*["{]/)) return 'oci-hooks';
  }
  return undefined;
}
