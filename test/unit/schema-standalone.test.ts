// The schema validators generated at build time (ajv standalone code, scripts/standalone-validators.ts) against
// the ones compiled at run time: the same errors, object for object, on the corpus and peer-suite files. The
// generated code is evaluated here from sources (its formats module required through tsx); the built
// dist/validators/ modules are checked too, and that the bundle requires only the set a file uses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { parse as parseYamlValue } from 'yaml';
import { ALL_SCHEMA_SETS, standaloneValidatorCode } from '../../scripts/standalone-validators';
import { setAjv } from '../../server/src/core/schema/runtimeCompile';
import type { SchemaSet } from '../../server/src/core/schema/schemaSet';
import { corpusSkip, CORPUS } from '../support/shared';
import { REPO_ROOT } from './helpers';

const FORMATS = join(REPO_ROOT, 'server/src/core/schema/dockerFormats.ts');
const DIST_VALIDATORS = join(REPO_ROOT, 'dist/validators');

type Validators = Record<string, ValidateFunction>;

/** Evaluates generated CommonJS code as a module (its requires resolved from this file). */
function evaluate(code: string): Validators {
  const mod = { exports: {} as Validators };
  new Function('require', 'module', 'exports', code)(require, mod, mod.exports);
  return mod.exports;
}

function filesUnder(dir: string, re: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => re.test(f) && statSync(f).isFile())
    .sort();
}

function load(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYamlValue(text, { merge: true, maxAliasCount: 1000, logLevel: 'error' });
  } catch {
    return undefined;
  }
}

/** The values each kind of set is checked on: every stack/compose file of the corpus and the peer suites. */
const inputs = (() => {
  if (corpusSkip) return { stack: [], oci: [], fleet: [] };
  const loaded = (files: string[]) => files.map((f) => ({ f, v: load(f) })).filter((x) => x.v && typeof x.v === 'object');
  return {
    stack: loaded([...filesUnder(join(CORPUS, 'compose'), /\.ya?ml$/), ...filesUnder(join(CORPUS, 'peer-suites/stack'), /\.ya?ml$/)]),
    oci: loaded([...filesUnder(join(CORPUS, 'oci-runtime'), /\.json$/), ...filesUnder(join(CORPUS, 'peer-suites/oci-runtime'), /\.json$/)]),
    fleet: loaded(filesUnder(join(REPO_ROOT, 'test'), /\.fleet\.ya?ml$/)),
  };
})();

/** Handmade fleet values: the corpus has none. */
const FLEET_VALUES: unknown[] = [
  { targets: [{ name: 'a', context: 'x' }], rollout: { waves: [['a']] } },
  { targets: [{ name: 'a' }, { host: 3 }], rollout: { fixed: 'x', bogus: 1 } },
  { targets: 'nope' },
];

/** The (value, validator name) pairs a set is compared on. */
function casesOf(set: SchemaSet): { label: string; value: unknown; name: string }[] {
  const out: { label: string; value: unknown; name: string }[] = [];
  if (set.name.startsWith('stack-') || set.name === 'compose-spec') {
    for (const { f, v } of inputs.stack) {
      out.push({ label: f, value: v, name: 'root' });
      const services = (v as { services?: unknown }).services;
      if ('service' in set.refs && services && typeof services === 'object')
        for (const [k, s] of Object.entries(services)) out.push({ label: `${f} services.${k}`, value: s, name: 'service' });
    }
  } else if (set.name.startsWith('oci-runtime-spec-')) {
    for (const { f, v } of inputs.oci) out.push({ label: f, value: v, name: 'root' });
  } else if (set.name === 'fleet') {
    for (const { f, v } of inputs.fleet) out.push({ label: f, value: v, name: 'root' });
    FLEET_VALUES.forEach((v, i) => out.push({ label: `fleet value ${i}`, value: v, name: 'root' }));
  }
  return out;
}

/** Compares `generated` with the run-time compile of the set; returns how many cases had errors. */
function compareSet(set: SchemaSet, generated: Validators): { cases: number; failing: number } {
  assert.deepEqual(Object.keys(generated).sort(), Object.keys(set.refs).sort(), `${set.name}: exports`);
  const compiled = setAjv(set);
  // a ref naming no schema of the set (e.g. a wrong `$id`) would leave the set without validators
  for (const [name, ref] of Object.entries(set.refs)) assert.ok(compiled.getSchema(ref), `${set.name}/${name}: ${ref} resolves`);
  let failing = 0;
  const cases = casesOf(set);
  for (const c of cases) {
    const a = compiled.getSchema(set.refs[c.name])!;
    const b = generated[c.name];
    const okA = a(c.value);
    const okB = b(c.value);
    assert.equal(okB, okA, `${set.name}/${c.name} on ${c.label}: valid`);
    assert.deepEqual(b.errors, a.errors, `${set.name}/${c.name} on ${c.label}: errors`);
    if (!okA) failing++;
  }
  return { cases: cases.length, failing };
}

test('every schema set the core uses is generated, with a unique module name', () => {
  const names = ALL_SCHEMA_SETS.map((s) => s.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of ['stack-3.0', 'stack-3.13', 'compose-spec', 'fleet', 'oci-runtime-spec-1.3.0-config']) assert.ok(names.includes(n), n);
  assert.ok(names.every((n) => /^[a-z0-9.-]+$/.test(n)));
});

test('generated code requires the formats from their module instead of inlining them', () => {
  const stack = ALL_SCHEMA_SETS.find((s) => s.name === 'stack-3.13')!;
  const code = standaloneValidatorCode(stack, FORMATS);
  assert.match(code, new RegExp(`require\\(${JSON.stringify(FORMATS).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)\\.DOCKER_FORMATS`));
  assert.doesNotMatch(code, /ParseDuration|µs/);
});

test('generated validators (from sources) give the errors of the run-time compile on the corpus', { skip: corpusSkip }, () => {
  assert.ok(inputs.stack.length > 500, `stack files: ${inputs.stack.length}`);
  assert.ok(inputs.oci.length > 10, `oci files: ${inputs.oci.length}`);
  for (const set of ALL_SCHEMA_SETS) {
    const { cases, failing } = compareSet(set, evaluate(standaloneValidatorCode(set, FORMATS)));
    assert.ok(cases > 0, `${set.name}: no cases`);
    // every set sees invalid values too (older stack versions reject newer keys; the fleet values are made to fail)
    if (set.name !== 'oci-runtime-spec-1.3.0-state') assert.ok(failing > 0, `${set.name}: no failing case among ${cases}`);
  }
});

const notBuilt = !existsSync(DIST_VALIDATORS) && 'dist/validators not built (npm run build)';

test('the built dist/validators modules give the errors of the run-time compile', { skip: notBuilt || corpusSkip }, () => {
  for (const set of ALL_SCHEMA_SETS) {
    const file = join(DIST_VALIDATORS, `${set.name}.js`);
    assert.ok(existsSync(file), file);
    compareSet(set, require(file) as Validators);
  }
});

test(
  'the bundled core requires only the validator module of the version a file uses',
  { skip: !existsSync(join(REPO_ROOT, 'dist/validator.js')) && 'not built' },
  () => {
    const script = `
    const core = require(${JSON.stringify(join(REPO_ROOT, 'dist/validator.js'))});
    const r = core.validateText({ text: 'version: "3.4"\\nservices:\\n  web:\\n    image: nginx\\n    bogus: 1\\n', kind: 'stack', settings: core.defaultSettings() });
    const loaded = Object.keys(require.cache).filter((f) => f.includes('validators')).map((f) => f.split(/[\\\\/]/).pop());
    console.log(JSON.stringify({ loaded, codes: r.diagnostics.map((d) => d.code) }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { loaded: string[]; codes: string[] };
    assert.deepEqual(out.loaded, ['stack-3.4.js']);
    assert.ok(out.codes.includes('stack-schema'), out.codes.join());
  },
);
