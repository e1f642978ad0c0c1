/**
 * docker/cli's short volume syntax parser (cli/compose/loader/volume.go ParseVolume, v27.5.1):
 * `[source:]target[:options]`, Windows drive letters kept whole, type bind when the source looks
 * like a path, otherwise a named volume.
 */
export interface VolumeSpec {
  type: 'bind' | 'volume';
  source: string;
  target: string;
  readOnly: boolean;
}

const PROPAGATIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);

const isLetter = (c: string) => /\p{L}/u.test(c);
const isWindowsDrive = (buffer: string[], char: string) => char === ':' && buffer.length === 1 && isLetter(buffer[0]);

export function isFilePath(source: string): boolean {
  if ('./~'.includes(source[0])) return true;
  const chars = [...source];
  if (chars.length === 1) return false;
  if (source.startsWith('\\\\')) return true;
  return isWindowsDrive([chars[0]], chars[1]);
}

export function parseVolumeSpec(spec: string): { volume: VolumeSpec } | { error: string } {
  const volume: VolumeSpec = { type: 'volume', source: '', target: '', readOnly: false };
  const chars = [...spec];
  if (chars.length === 0) return { error: 'invalid empty volume spec' };
  if (chars.length <= 2) return { volume: { ...volume, target: spec } };
  let buffer: string[] = [];
  const END = '\u0000';
  for (const char of [...chars, END]) {
    if (isWindowsDrive(buffer, char)) {
      buffer.push(char);
    } else if (char === ':' || char === END) {
      const err = populate(char === END, buffer.join(''), buffer.length, volume);
      if (err) return { error: `invalid spec: ${spec}: ${err}` };
      buffer = [];
    } else {
      buffer.push(char);
    }
  }
  volume.type = volume.source && isFilePath(volume.source) ? 'bind' : 'volume';
  return { volume };
}

function populate(atEnd: boolean, text: string, length: number, v: VolumeSpec): string | undefined {
  if (length === 0) return 'empty section between colons';
  if (v.source === '' && atEnd) {
    v.target = text;
    return undefined;
  }
  if (v.source === '') {
    v.source = text;
    return undefined;
  }
  if (v.target === '') {
    v.target = text;
    return undefined;
  }
  if (!atEnd) return 'too many colons';
  for (const option of text.split(',')) {
    if (option === 'ro') v.readOnly = true;
    else if (option === 'rw') v.readOnly = false;
    // nocopy and propagation modes are accepted; unknown options are ignored, as upstream does.
    else if (option === 'nocopy' || PROPAGATIONS.has(option)) continue;
  }
  return undefined;
}
