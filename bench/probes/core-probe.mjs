// In-process timing of our own core (bundled by the cold-open section with esbuild into bench/.peers/build,
// so it runs the same code as dist/server.js without LSP transport). Fresh process per call:
//   node core-probe.cjs FILE [RUNS]  ->  one JSON line
//   tiny_first_ms     first validateText of a 3-line stack file: module init + schema compile + cold JIT
//   validate_first_ms first validateText of FILE after that (warm schema, mostly cold JIT)
//   validate_ms       warm validateText(FILE) calls (what every edit pays when nothing is cached)
//   parse_ms          warm parseYaml(FILE) calls (our YAML model: parseAllDocuments + anchors + toJS)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultSettings } from '../../server/src/core/settings';
import { validateText } from '../../server/src/core/validate';
import { parseYaml } from '../../server/src/core/yaml/yamlDocument';

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const text = readFileSync(file, 'utf8');
const settings = defaultSettings();
const filePath = resolve(file);
const time = (f) => {
  const t0 = performance.now();
  const v = f();
  return [performance.now() - t0, v];
};
const [tiny] = time(() => validateText({ text: 'version: "3.8"\nservices:\n  a: {image: x}\n', filePath: '/tmp/stack.yml', kind: 'stack', settings }));
const [first, res] = time(() => validateText({ text, filePath, settings }));
const validate = [];
for (let i = 0; i < runs; i++) validate.push(time(() => validateText({ text, filePath, settings }))[0]);
const parse = [];
for (let i = 0; i < runs; i++) parse.push(time(() => parseYaml(text))[0]);
process.stdout.write(
  JSON.stringify({
    file,
    kind: res?.kind ?? null,
    diagnostics: res?.diagnostics?.length ?? null,
    tiny_first_ms: tiny,
    validate_first_ms: first,
    validate_ms: validate,
    parse_ms: parse,
  }) + '\n',
);
