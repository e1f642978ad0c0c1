import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, test } from 'node:test';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';
import { REPO_ROOT } from './helpers';

// The injection grammar tokenized as VS Code does: vscode-textmate + Oniguruma (wasm) over the YAML
// grammar of tm-grammars (textmate/yaml.tmbundle, the grammar VS Code's YAML support grew from).
const require = createRequire(import.meta.url);
const INJECTION_PATH = `${REPO_ROOT}syntaxes/swarm-pilot-interpolation.injection.tmLanguage.json`;
const INJECTION = JSON.parse(readFileSync(INJECTION_PATH, 'utf8')) as { scopeName: string; injectionSelector: string };

let yaml: IGrammar;
let bare: IGrammar;

async function grammar(inject: boolean): Promise<IGrammar> {
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
    loadGrammar: async (scope) => {
      if (scope === 'source.yaml') return parseRawGrammar(readFileSync(require.resolve('tm-grammars/grammars/yaml.json'), 'utf8'), 'yaml.json');
      if (scope === INJECTION.scopeName) return parseRawGrammar(readFileSync(INJECTION_PATH, 'utf8'), INJECTION_PATH);
      return null;
    },
    getInjections: (scope) => (inject && scope === 'source.yaml' ? [INJECTION.scopeName] : undefined),
  });
  const g = await registry.loadGrammar('source.yaml');
  if (!g) throw new Error('no YAML grammar');
  return g;
}

before(async () => {
  await loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
  yaml = await grammar(true);
  bare = await grammar(false);
});

/** Tokens of `lines` as `text -> scopes` (the scopes of the last line by default). */
function tokens(lines: string[], g = yaml): { text: string; scopes: string[] }[][] {
  let state: StateStack = INITIAL;
  return lines.map((line) => {
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token whose text is exactly `text` on the last line. */
function scopesOf(lines: string[], text: string, nth = 0, g = yaml): string[] {
  const all = tokens(lines, g)
    .at(-1)!
    .filter((t) => t.text === text);
  assert.ok(
    all[nth],
    `no token "${text}" in ${JSON.stringify(
      tokens(lines, g)
        .at(-1)!
        .map((t) => t.text),
    )}`,
  );
  return all[nth].scopes;
}

const has = (scopes: string[], scope: string) => scopes.includes(scope);

test('the grammar file: an injection into source.yaml outside comments and keys', () => {
  assert.equal(INJECTION.scopeName, 'swarm-pilot.interpolation.injection');
  assert.equal(INJECTION.injectionSelector, 'L:source.yaml -comment -entity.name.tag');
});

test('${VAR:-default} inside a double-quoted YAML string', () => {
  const line = ['    image: "registry.example.com/app:${TAG:-latest}"'];
  assert.deepEqual(scopesOf(line, '${'), [
    'source.yaml',
    'string.quoted.double.yaml',
    'meta.interpolation.swarm-pilot',
    'punctuation.definition.variable.begin.swarm-pilot',
  ]);
  assert.ok(has(scopesOf(line, 'TAG'), 'variable.other.interpolation.swarm-pilot'));
  assert.ok(has(scopesOf(line, ':-'), 'keyword.operator.interpolation.swarm-pilot'));
  assert.ok(has(scopesOf(line, 'latest'), 'meta.interpolation.default.swarm-pilot'));
  assert.ok(has(scopesOf(line, '}'), 'punctuation.definition.variable.end.swarm-pilot'));
  // Without the injection the same text is one plain string token: the test sees the difference.
  assert.ok(!tokens(line, bare)[0].some((t) => t.scopes.some((s) => s.endsWith('.swarm-pilot'))));
});

test('plain scalars: a value starting with ${VAR}, $VAR, the $$ escape, nested defaults', () => {
  const plain = ['    image: ${REGISTRY}/shop/api'];
  assert.ok(has(scopesOf(plain, 'REGISTRY'), 'variable.other.interpolation.swarm-pilot'));
  assert.ok(has(scopesOf(plain, '${'), 'punctuation.definition.variable.begin.swarm-pilot'));

  const cmd = ['    command: echo $$HOME and $USER'];
  assert.ok(has(scopesOf(cmd, '$$'), 'constant.character.escape.dollar.swarm-pilot'));
  assert.ok(
    tokens(cmd)
      .at(-1)!
      .every((t) => !(t.text.includes('HOME') && t.scopes.includes('variable.other.interpolation.swarm-pilot'))),
  );
  assert.ok(has(scopesOf(cmd, 'USER'), 'variable.other.interpolation.swarm-pilot'));
  assert.ok(has(scopesOf(cmd, '$'), 'punctuation.definition.variable.swarm-pilot'));

  const nested = ["      - 'DB=${DB_HOST:-${FALLBACK:?set FALLBACK}}'"];
  assert.ok(has(scopesOf(nested, 'FALLBACK'), 'variable.other.interpolation.swarm-pilot'));
  assert.ok(has(scopesOf(nested, ':?'), 'keyword.operator.interpolation.swarm-pilot'));
  assert.ok(has(scopesOf(nested, 'FALLBACK'), 'string.quoted.single.yaml'));
});

test('block scalars are interpolated too; comments and keys are not', () => {
  const block = ['    command: |', '      echo ${HOME}'];
  assert.ok(has(scopesOf(block, 'HOME'), 'variable.other.interpolation.swarm-pilot'));
  assert.ok(has(scopesOf(block, 'HOME'), 'string.unquoted.block.yaml'));
  const comment = tokens(['    image: nginx # uses ${TAG}']).at(-1)!;
  assert.ok(comment.every((t) => !t.scopes.includes('variable.other.interpolation.swarm-pilot')));
  assert.ok(comment.some((t) => t.text.includes('${TAG}') && t.scopes.some((s) => s.startsWith('comment.'))));
});

test('invalid ${} forms are marked', () => {
  assert.ok(has(scopesOf(['    image: "${}"'], '${}'), 'invalid.illegal.interpolation.swarm-pilot'));
  assert.ok(has(scopesOf(['    image: "${1X}"'], '${1X}'), 'invalid.illegal.interpolation.swarm-pilot'));
});

test('placement constraints: node./engine. attribute and the == / != operator', () => {
  const lines = ['        constraints:', '          - node.role == worker'];
  assert.ok(has(scopesOf(lines, 'node.role'), 'variable.other.constraint.swarm-pilot'));
  assert.deepEqual(scopesOf(lines, '=='), ['source.yaml', 'meta.constraint.swarm-pilot', 'keyword.operator.comparison.constraint.swarm-pilot']);
  const quoted = ['          - "node.labels.zone!=eu-west-1a"'];
  assert.ok(has(scopesOf(quoted, 'node.labels.zone'), 'variable.other.constraint.swarm-pilot'));
  assert.ok(has(scopesOf(quoted, '!='), 'keyword.operator.comparison.constraint.swarm-pilot'));
  assert.ok(has(scopesOf(quoted, '!='), 'string.quoted.double.yaml'));
  assert.ok(has(scopesOf(['          - engine.labels.gpu == true'], '=='), 'keyword.operator.comparison.constraint.swarm-pilot'));
  // Not a constraint attribute: no operator scope.
  const other = tokens(['    command: a == b']).at(-1)!;
  assert.ok(other.every((t) => !t.scopes.includes('keyword.operator.comparison.constraint.swarm-pilot')));
});

test('the injection leaves the YAML structure alone: same keys, same comments, on a realistic stack file', () => {
  const lines = readFileSync(`${REPO_ROOT}test/fixtures/navigation/app-stack.yml`, 'utf8').split('\n');
  // Per line: the text of its key tokens and of its comment tokens.
  const structure = (g: IGrammar) =>
    tokens(lines, g).map((line, i) => {
      const of = (prefix: string) =>
        line
          .filter((t) => t.scopes.some((s) => s.startsWith(prefix)))
          .map((t) => t.text)
          .join('');
      return `${i}:${of('entity.name.tag')}:${of('comment.line')}`;
    });
  const withInjection = structure(yaml);
  assert.deepEqual(withInjection, structure(bare));
  assert.equal(withInjection[17], '17:proxy:');
  assert.equal(withInjection[0], '0::# Web shop stack: proxy, api, database.');
  const api = tokens(lines).find((l) => l.some((t) => t.text === 'API_TAG'));
  assert.ok(api?.find((t) => t.text === 'API_TAG')?.scopes.includes('variable.other.interpolation.swarm-pilot'));
});
