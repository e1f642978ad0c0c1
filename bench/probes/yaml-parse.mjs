#!/usr/bin/env node
// Baseline for the cold-open target: how long the npm `yaml` package the project depends on takes to parse
// a file in-process. Run in a fresh process: node yaml-parse.mjs REPO FILE [RUNS]. Prints one JSON line.
//   parseDocument_ms: yaml.parseDocument(text) (default options), first call (cold JIT) and each warm call
//   parse_ms:         yaml.parse(text) = parseDocument + toJS, for reference
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [repo, file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);
const require = createRequire(join(repo, 'package.json'));
const YAML = require('yaml');
const text = readFileSync(file, 'utf8');
const time = (f) => {
  const t0 = performance.now();
  const v = f();
  const ms = performance.now() - t0;
  return [ms, v];
};
const [first, doc] = time(() => YAML.parseDocument(text));
const warm = [];
for (let i = 0; i < runs; i++) warm.push(time(() => YAML.parseDocument(text))[0]);
const parse = [];
for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) parse.push(time(() => YAML.parse(text, { maxAliasCount: -1 }))[0]);
process.stdout.write(
  JSON.stringify({
    yaml_version: require('yaml/package.json').version,
    file,
    bytes: Buffer.byteLength(text),
    errors: doc.errors.length,
    parseDocument_first_ms: first,
    parseDocument_ms: warm,
    parse_ms: parse,
  }) + '\n',
);
