// The LSP robustness fuzzer's inputs: seed files (the corpus, else the repo's own examples and fixtures) damaged by
// random edits, plus the inputs a mutation alone never reaches (huge files, alias bombs, wrong encodings, deep
// nesting, malformed JSON, random bytes). Every input is a pure function of (seed, index), so one failing input is
// reproduced from its index alone (`npm run fuzz -- --seed S --only I`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, REPO_ROOT, corpusSkip } from './shared';

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The four file kinds the server validates, by the file name that makes it pick each one. */
export const FILE_KINDS = {
  stack: 'docker-stack.yml',
  compose: 'docker-compose.yml',
  daemon: 'daemon.json',
  hook: 'hooks.d/x.json',
} as const;
export type FileKindName = keyof typeof FILE_KINDS;

export interface FuzzInput {
  index: number;
  /** How the text was made, e.g. `mutated`, `alias-bomb`, `huge`, `utf16-as-latin1`. */
  generator: string;
  fileKind: FileKindName;
  /** The file name the server sees (decides the kind). */
  name: string;
  languageId: 'yaml' | 'json';
  text: string;
}

export interface SeedFiles {
  yaml: string[];
  json: string[];
  /** `corpus DIR` or `built-in seeds (…)`, for the run's first line. */
  source: string;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/.test(name) && statSync(p).size < 200_000) out.push(p);
  }
}

/** The seed files: ../shared/corpus when present, else examples/, test/fixtures and test/cases of this checkout. */
export function seedFiles(): SeedFiles {
  const files: string[] = [];
  let source: string;
  if (!corpusSkip && existsSync(CORPUS)) {
    walk(CORPUS, files);
    source = `corpus ${CORPUS}`;
  } else {
    const dirs = ['examples', 'test/fixtures', 'test/cases'];
    for (const d of dirs) if (existsSync(join(REPO_ROOT, d))) walk(join(REPO_ROOT, d), files);
    source = `built-in seeds (${dirs.join(', ')}: no corpus at ${CORPUS})`;
  }
  files.sort();
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  return { yaml: texts.filter((_, i) => !files[i].endsWith('.json')), json: texts.filter((_, i) => files[i].endsWith('.json')), source };
}

export const SNIPPETS = [
  '${',
  '${A:?x}',
  '$$',
  '*a',
  '&a ',
  '<<: *a',
  '\t',
  ': ',
  '- ',
  '{',
  ']',
  '"',
  "'",
  '\\u00',
  '\u0000',
  '\uFFFD',
  '#',
  '!!binary',
  '---\n',
  '...',
  '%YAML 1.1\n',
  '? ',
  '|\n',
  '>-\n',
  ',',
  '/*',
  '//',
  '\uD800',
  '\r',
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** One random edit: the kinds of damage a person typing (or a broken tool) does to a file. */
export function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(r() * Math.max(1, lines.length));
  switch (Math.floor(r() * 8)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[Math.floor(r() * lines.length)] ?? '');
      break;
    case 2: {
      const l = lines[i] ?? '';
      const at = Math.floor(r() * (l.length + 1));
      lines[i] = l.slice(0, at) + pick(r, SNIPPETS) + l.slice(at);
      break;
    }
    case 3:
      lines[i] = (lines[i] ?? '').replace(/^\s*/, ' '.repeat(Math.floor(r() * 9)));
      break;
    case 4:
      return text.slice(0, Math.floor(r() * text.length));
    case 5:
      lines[i] = (lines[i] ?? '').split('').reverse().join('');
      break;
    case 6:
      lines[i] = (lines[i] ?? '').replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 1));
      break;
    default:
      lines[i] = (lines[i] ?? '') + ' '.repeat(Math.floor(r() * 3)) + String(Math.floor(r() * 1e6));
  }
  return lines.join('\n');
}

export function randomBytesText(r: () => number, max = 4000): string {
  const n = Math.floor(r() * max);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(r() * 256);
  return Buffer.from(bytes).toString('latin1');
}

/** Billion laughs: `depth` levels of 9 aliases each, used where a stack expects a mapping or a list. */
function aliasBomb(r: () => number): string {
  const depth = 4 + Math.floor(r() * 6);
  const out = ['x-l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let d = 1; d <= depth; d++)
    out.push(
      `x-l${d}: &l${d} [${Array(9)
        .fill(`*l${d - 1}`)
        .join(',')}]`,
    );
  const at = pick(r, ['environment', 'command', 'ports', 'labels', 'volumes']);
  out.push('services:', '  web:', '    image: nginx', `    ${at}: *l${depth}`);
  return out.join('\n') + '\n';
}

/** A stack or compose file of thousands of services, or one line of a megabyte. */
function hugeYaml(r: () => number): string {
  if (r() < 0.3) return `services:\n  web:\n    image: nginx\n    command: ${'x'.repeat(1_000_000 + Math.floor(r() * 500_000))}\n`;
  const n = 1000 + Math.floor(r() * 4000);
  const out = ['version: "3.8"', 'services:'];
  for (let i = 0; i < n; i++) {
    out.push(`  s${i}:`, `    image: registry.local/app${i % 50}:1.${i}`, `    environment:`, `      - VAR_${i}=\${V${i}:-x}`);
    out.push(`    ports:`, `      - "${10000 + (i % 50000)}:80"`, `    deploy:`, `      replicas: ${i % 7}`, `    networks: [n${i % 10}]`);
  }
  out.push('networks:', ...Array.from({ length: 10 }, (_, i) => `  n${i}: {}`));
  return out.join('\n') + '\n';
}

function hugeJson(r: () => number): string {
  const n = 20_000 + Math.floor(r() * 60_000);
  return JSON.stringify({ 'insecure-registries': Array.from({ length: n }, (_, i) => `reg${i}.local:5000`), labels: ['a=b'] }, null, 2);
}

/** Nesting deep enough to overflow a recursive parser or walker. */
function deepNesting(r: () => number, json: boolean): string {
  const d = 1000 + Math.floor(r() * 20_000);
  if (json) return '{"a":' + '['.repeat(d) + ']'.repeat(r() < 0.5 ? d : Math.floor(d / 2)) + '}';
  return 'services:\n  web:\n    image: nginx\n    labels: ' + '['.repeat(d) + ']'.repeat(d) + '\n';
}

/** Text as an editor shows a file read in the wrong encoding (or with encoding marks the parser must tolerate). */
function wrongEncoding(text: string, r: () => number): { generator: string; text: string } {
  switch (Math.floor(r() * 5)) {
    case 0:
      return { generator: 'utf16le-as-latin1', text: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]).toString('latin1') };
    case 1:
      return {
        generator: 'utf8-as-latin1',
        text: Buffer.from(
          text.replace(/[a-z]/g, (c) => (r() < 0.05 ? 'é€' : c)),
          'utf8',
        ).toString('latin1'),
      };
    case 2:
      return { generator: 'bom-crlf', text: '\uFEFF' + text.replace(/\n/g, '\r\n') };
    case 3:
      return { generator: 'lone-surrogates', text: text.replace(/ /g, () => (r() < 0.02 ? '\uDC00' : ' ')) };
    default:
      return { generator: 'nul-bytes', text: text.replace(/\n/g, () => (r() < 0.1 ? '\u0000\n' : '\n')) };
  }
}

/** Malformed JSON that a line-based mutation rarely produces. */
function malformedJson(text: string, r: () => number): string {
  switch (Math.floor(r() * 5)) {
    case 0:
      return text.replace(/(["\d\]}])(\s*\n\s*[}\]])/, '$1,$2'); // trailing comma
    case 1:
      return '// comment\n' + text.replace(/\n/, '\n/* block */\n');
    case 2:
      return text.replace(/"([^"]*)"/, '"$1'); // unclosed string
    case 3:
      return text.replace(/"[^"]*":/, (k) => `${k} 1, ${k}`); // duplicate key
    default:
      return text + text; // two documents
  }
}

const EMPTY_SEEDS: Record<'yaml' | 'json', string> = { yaml: 'services:\n  web:\n    image: nginx\n', json: '{"debug": true}\n' };

/** Input `index` of the run with `seed`. About 1 in 100 is huge, so a 100k run holds ~1000 of them. */
export function generateInput(seeds: SeedFiles, seed: number, index: number): FuzzInput {
  const r = rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const fileKind = pick(r, Object.keys(FILE_KINDS) as FileKindName[]);
  const json = fileKind === 'daemon' || fileKind === 'hook';
  const pool = json ? seeds.json : seeds.yaml;
  const seedText = () => (pool.length ? pick(r, pool) : EMPTY_SEEDS[json ? 'json' : 'yaml']);
  const mutated = () => {
    let t = seedText();
    for (let k = 1 + Math.floor(r() * 4); k > 0; k--) t = mutate(t, r);
    return t;
  };
  const roll = r();
  let generator: string;
  let text: string;
  if (roll < 0.01) {
    generator = 'huge';
    text = json ? hugeJson(r) : hugeYaml(r);
  } else if (roll < 0.03) {
    generator = json ? 'deep-nesting' : r() < 0.5 ? 'alias-bomb' : 'deep-nesting';
    text = generator === 'alias-bomb' ? aliasBomb(r) : deepNesting(r, json);
  } else if (roll < 0.08) {
    ({ generator, text } = wrongEncoding(r() < 0.5 ? seedText() : mutated(), r));
  } else if (roll < 0.13 && json) {
    generator = 'malformed-json';
    text = malformedJson(seedText(), r);
  } else if (roll < 0.18) {
    generator = 'random-bytes';
    text = randomBytesText(r);
  } else {
    generator = 'mutated';
    text = mutated();
  }
  const name = FILE_KINDS[fileKind];
  return { index, generator, fileKind, name, languageId: json ? 'json' : 'yaml', text };
}
