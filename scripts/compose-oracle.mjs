#!/usr/bin/env node
// Labels every compose file of the corpus with `docker compose config -q`'s verdict, the compose-mode twin of the
// corpus' oracle-docker-stack-config*.tsv:
//
//   node scripts/compose-oracle.mjs [--corpus DIR] [--out DIR]
//
// writes test/fixtures/oracle-docker-compose-config.tsv (every file; clean environment and the folder's `.env`
// NOT read, like the stack oracle's first table) and oracle-docker-compose-config-with-dotenv.tsv (only files whose
// folder has a `.env`, read by compose itself as it does by default). Columns: path (relative to corpus/compose),
// exit, the first error line. The files are the rows of the corpus' oracle-docker-stack-config.tsv. Each run is
// `docker compose -f FILE config -q` from the file's folder with no daemon (DOCKER_HOST points nowhere: config
// never needs one) and a scratch HOME; COMPOSE_PROJECT_NAME is set only when the folder name gives compose no
// valid project name and the file has no `name:` (so a bad `name:` is still judged).
// test/engine/compose-oracle.test.ts re-runs a sample through composeVerdict() to keep the tables honest.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TABLE = 'oracle-docker-compose-config.tsv';
export const TABLE_WITH_DOTENV = 'oracle-docker-compose-config-with-dotenv.tsv';

/** Seconds before a run counts as refused (compose never finishes an exponential alias expansion). */
const TIMEOUT_S = 10;

let scratch;
function scratchDir() {
  if (!scratch) {
    scratch = mkdtempSync(join(tmpdir(), 'compose-oracle-'));
    writeFileSync(join(scratch, 'empty.env'), '');
  }
  return scratch;
}

/** `docker compose version --short`, e.g. "2.40.3-3". */
export function composeVersion() {
  return execFileSync('docker', ['compose', 'version', '--short'], { env: cleanEnv(), encoding: 'utf8' }).trim();
}

function cleanEnv(extra = {}) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: scratchDir(),
    DOCKER_CONFIG: join(scratchDir(), 'docker'),
    DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    ...extra,
  };
}

/** compose's project name from a folder name (compose-go NormalizeProjectName): lower case, [a-z0-9_-] only. */
function projectNameOf(dir) {
  return basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

/** The first line of compose's stderr that is not a warning (its error), without the "time=… level=…" wrapper. */
function firstError(stderr) {
  for (const line of stderr.split('\n')) {
    const t = line.trim();
    if (!t || /level=warning|^WARN\[/.test(t)) continue;
    const m = /^time="[^"]*" level=\w+ msg="(.*)"$/.exec(t);
    return (m ? m[1].replace(/\\"/g, '"') : t).replace(/\t/g, ' ');
  }
  return '';
}

/**
 * docker compose's verdict on one corpus file: `{ exit, message }`. `dotenv: false` hands compose an empty env
 * file instead of the folder's `.env`; `true` lets it read `.env` as it does by default.
 */
export function composeVerdict(corpusComposeDir, rel, { dotenv = false } = {}) {
  const abs = join(corpusComposeDir, rel);
  const dir = dirname(abs);
  const hasName = /^name\s*:/m.test(readFileSync(abs, 'utf8'));
  const extra = projectNameOf(dir) || hasName ? {} : { COMPOSE_PROJECT_NAME: 'oracle' };
  const args = ['compose', '-f', basename(abs), ...(dotenv ? [] : ['--env-file', join(scratchDir(), 'empty.env')]), 'config', '-q'];
  // coreutils timeout kills the whole process group, itself included: docker and its compose plugin (an alias bomb
  // keeps compose busy for ever, and it ignores SIGTERM).
  const r = spawnSync('timeout', ['-s', 'KILL', String(TIMEOUT_S), 'docker', ...args], { cwd: dir, env: cleanEnv(extra), encoding: 'utf8' });
  if (r.signal === 'SIGKILL' || r.status === 137 || r.status === 124) return { exit: 1, message: `(no answer: killed after ${TIMEOUT_S} s)` };
  const exit = r.status ?? 1;
  if (exit === 0) return { exit, message: '' };
  // Paths relative to the corpus, so the table does not depend on where the corpus or the scratch folder is.
  const message = firstError(r.stderr ?? '')
    .replaceAll(`${corpusComposeDir.replace(/\/$/, '')}/`, '')
    .replaceAll(join(scratchDir(), 'empty.env'), '<empty env file>');
  return { exit, message: message || `(no message; ${r.error?.message ?? `signal ${r.signal}`})` };
}

/** Rows (path, exit, message) of a TSV written by this script or the corpus' stack oracle; `#` lines skipped. */
export function readTable(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .slice(1)
    .map((l) => {
      const [path, exit, ...msg] = l.split('\t');
      return { path, exit: Number(exit), message: msg.join('\t') };
    });
}

function writeTable(file, version, note, rows) {
  const head = `# docker compose ${version}: docker compose -f FILE config -q, from the file's folder; ${note}. Generated by scripts/compose-oracle.mjs.\npath\texit\tmessage\n`;
  writeFileSync(file, head + rows.map((r) => `${r.path}\t${r.exit}\t${r.message}\n`).join(''));
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const corpus = resolve(opt('--corpus', process.env.SWARM_PILOT_CORPUS ?? join(root, '..', 'shared', 'corpus')), 'compose');
  const out = resolve(opt('--out', join(root, 'test', 'fixtures')));
  const version = composeVersion();
  const files = readTable(join(corpus, 'oracle-docker-stack-config.tsv')).map((r) => r.path);
  const plain = [];
  const withDotenv = [];
  for (const [i, rel] of files.entries()) {
    plain.push({ path: rel, ...composeVerdict(corpus, rel) });
    if (existsSync(join(corpus, dirname(rel), '.env'))) withDotenv.push({ path: rel, ...composeVerdict(corpus, rel, { dotenv: true }) });
    if (process.stderr.isTTY && i % 50 === 0) process.stderr.write(`\r${i}/${files.length}`);
  }
  writeTable(join(out, TABLE), version, "clean environment, an empty --env-file instead of the folder's .env", plain);
  writeTable(join(out, TABLE_WITH_DOTENV), version, 'clean environment, only files whose folder has a .env, which compose reads', withDotenv);
  const refused = plain.filter((r) => r.exit !== 0).length;
  console.log(`docker compose ${version}: ${files.length} files, ${refused} refused; ${withDotenv.length} with .env`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
