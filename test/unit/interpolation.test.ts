import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INTERPOLATION_RULES } from '../../server/src/core/kinds/stack/rules/interpolation';
import { interpolateConfig } from '../../server/src/core/stackModel';
import type { Diagnostic } from '../../server/src/core/types';
import { parseYaml, valueRange } from '../../server/src/core/yaml/yamlDocument';
import { check as checkAll, covered, withCode } from './helpers';

type Env = Record<string, string | undefined>;

/** The diagnostics of this step and of the schema it feeds; other checks of the tree are not under test here. */
const check = (...args: Parameters<typeof checkAll>) => checkAll(...args).filter((d) => d.code.startsWith('interpolation-') || d.code === 'stack-schema');
type Mode = 'stack' | 'compose';

/** Runs only the interpolation step and returns what the later checks would see, plus its diagnostics. */
function interpolate(text: string, env: Env, mode: Mode = 'stack', complete = false) {
  const model = parseYaml(text);
  const raw = model.value as Record<string, unknown>;
  const diags: Diagnostic[] = [];
  const config = interpolateConfig({
    model,
    raw,
    env,
    mode,
    complete,
    report: (code, range, message) => diags.push({ range, severity: INTERPOLATION_RULES[code].severity, code, message }),
    valueRange: (p) => valueRange(model, p),
  });
  return { raw, config, diags };
}

const svc = (body: string) => `services:\n  web:\n    image: nginx:1.27\n${body}`;
/** One template as the image of a service; returns the substituted image and the diagnostics. */
function image(template: string, env: Env, mode: Mode = 'stack') {
  const text = `services:\n  web:\n    image: '${template.replace(/'/g, "''")}'\n`;
  const r = interpolate(text, env, mode);
  const web = (r.config.services as Record<string, Record<string, unknown>>).web;
  return { value: web.image, diags: r.diags, text };
}
const codes = (d: Diagnostic[]) => d.map((x) => x.code);

// docker/cli cli/compose/template/template_test.go uses FOO=first, BAR="" and nothing else.
const DEFAULTS: Env = { FOO: 'first', BAR: '' };

describe('stack mode: docker/cli v27.5.1 template.go', () => {
  test('$$ escapes a dollar (TestEscaped) and a string without $ is untouched (TestSubstituteNoMatch)', () => {
    assert.deepEqual(image('$${foo}', DEFAULTS), { value: '${foo}', diags: [], text: image('$${foo}', DEFAULTS).text });
    assert.equal(image('$$FOO-$$', DEFAULTS).value, '$FOO-$');
    assert.equal(image('foo', DEFAULTS).value, 'foo');
  });

  test('$VAR and ${VAR} (TestValueNoDefault)', () => {
    for (const t of ['This $FOO var', 'This ${FOO} var']) assert.deepEqual(image(t, DEFAULTS).value, 'This first var');
    assert.equal(image('${foo}', { foo: 'lower' }).value, 'lower');
  });

  test('unset and empty without default become blank; only unset warns (TestNoValueNoDefault)', () => {
    const missing = image('This ${missing} var', DEFAULTS);
    assert.equal(missing.value, 'This  var');
    assert.deepEqual(codes(missing.diags), ['interpolation-unset']);
    assert.equal(missing.diags[0].message, 'The missing variable is not set. Substituting a blank string.');
    assert.equal(missing.diags[0].severity, 'warning');
    const empty = image('This ${BAR} var', DEFAULTS);
    assert.equal(empty.value, 'This  var');
    assert.deepEqual(empty.diags, []);
  });

  test(':- replaces unset or empty, - only unset (TestNoValueWithDefault, TestEmptyValueWith*Default)', () => {
    assert.equal(image('ok ${missing:-def}', DEFAULTS).value, 'ok def');
    assert.equal(image('ok ${missing-def}', DEFAULTS).value, 'ok def');
    assert.equal(image('ok ${BAR:-def}', DEFAULTS).value, 'ok def');
    assert.equal(image('ok ${BAR-def}', DEFAULTS).value, 'ok ');
    assert.equal(image('ok ${FOO:-def}', DEFAULTS).value, 'ok first');
    assert.equal(image('ok ${BAR:-/non:-alphanumeric}', DEFAULTS).value, 'ok /non:-alphanumeric');
    assert.deepEqual(image('ok ${missing:-def} ${missing-def}', DEFAULTS).diags, [], 'a default never warns');
  });

  test(":? and ? fail with docker's message (TestMandatoryVariableErrors)", () => {
    const cases: [string, string][] = [
      ['not ok ${UNSET_VAR:?Mandatory Variable Unset}', 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset'],
      ['not ok ${BAR:?Mandatory Variable Empty}', 'required variable BAR is missing a value: Mandatory Variable Empty'],
      ['not ok ${UNSET_VAR:?}', 'required variable UNSET_VAR is missing a value'],
      ['not ok ${UNSET_VAR?Mandatory Variable Unset}', 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset'],
      ['not ok ${UNSET_VAR?}', 'required variable UNSET_VAR is missing a value'],
    ];
    for (const [t, expected] of cases) {
      const r = image(t, DEFAULTS);
      assert.deepEqual(codes(r.diags), ['interpolation-required'], t);
      assert.equal(r.diags[0].severity, 'error');
      assert.ok(r.diags[0].message.includes(expected), r.diags[0].message);
      assert.match(r.diags[0].message, /^invalid interpolation format for services\.web\.image: "required variable /);
    }
  });

  test(':? and ? pass set values; ? accepts an empty one (TestDefaultsForMandatoryVariables)', () => {
    assert.deepEqual(image('ok ${FOO:?err}', DEFAULTS).value, 'ok first');
    assert.deepEqual(image('ok ${FOO?err}', DEFAULTS).value, 'ok first');
    const r = image('ok ${BAR?err}', DEFAULTS);
    assert.equal(r.value, 'ok ');
    assert.deepEqual(r.diags, []);
  });

  test("malformed templates are errors with docker's message (TestInvalid, TestInvalidInterpolation)", () => {
    for (const t of ['${', '$}', '${}', '${ }', '${ foo}', '${foo }', '${foo!}', '$1', 'a $ b', 'end$', '${VAR', '${VAR:x}', '${VAR:+x}', '${VAR/a/b}']) {
      const r = image(t, DEFAULTS);
      assert.deepEqual(codes(r.diags), ['interpolation-syntax'], t);
      assert.equal(
        r.diags[0].message,
        `invalid interpolation format for services.web.image: ${JSON.stringify(t)}; you may need to escape any $ with another $`,
      );
    }
  });

  test('an unbraced $VAR takes an operator and the rest of the value with it (docker/cli named pattern)', () => {
    const set = image('$TAG-alpine', { TAG: '1.2' });
    assert.equal(set.value, '1.2', 'the "-alpine" is a default, not text');
    assert.deepEqual(codes(set.diags), ['interpolation-quirk']);
    assert.equal(covered(set.text, set.diags[0]), '$TAG-alpine');
    assert.match(set.diags[0].message, /\$\{TAG\}/);
    assert.equal(image('$TAG-alpine', {}).value, 'alpine');
    assert.equal(image('$A:-x y}z', {}).value, 'x y}z', 'up to the next }, which stays');
    assert.deepEqual(image('${TAG}-alpine', { TAG: '1.2' }), { value: '1.2-alpine', diags: [], text: image('${TAG}-alpine', {}).text });
  });

  test("the first operator in docker's order wins anywhere in the text: ${VAR:?must-be-set} never fails", () => {
    const r = image('${IMG:?must-be-set}', {});
    assert.equal(r.value, 'be-set', 'hardDefault splits at "-" and looks up "IMG:?must"');
    assert.deepEqual(codes(r.diags), ['interpolation-quirk']);
    assert.match(r.diags[0].message, /"IMG:\?must"/);
    const soft = image('${A?x:-y}', { A: 'set' });
    assert.equal(soft.value, 'y', 'softDefault looks up "A?x"');
    assert.deepEqual(codes(soft.diags), ['interpolation-quirk']);
  });

  test("only the last substitution's error survives in docker/cli: earlier ones pass as quirks", () => {
    const masked = image('${} $FOO', DEFAULTS);
    assert.equal(masked.value, '{} first');
    assert.deepEqual(codes(masked.diags), ['interpolation-quirk']);
    assert.equal(covered(masked.text, masked.diags[0]), '${}');
    const maskedRequired = image('${NOPE:?x} ${FOO}', DEFAULTS);
    assert.equal(maskedRequired.value, ' first');
    assert.deepEqual(codes(maskedRequired.diags), ['interpolation-quirk']);
    assert.match(maskedRequired.diags[0].message, /required variable NOPE is missing a value: x/);
    // When the last one fails docker refuses the value, and every problem in it is an error.
    const fatal = image('$FOO ${} $ x ${FOO:+x}', DEFAULTS);
    assert.deepEqual(codes(fatal.diags), ['interpolation-syntax', 'interpolation-syntax', 'interpolation-syntax']);
    assert.deepEqual(
      fatal.diags.map((d) => covered(fatal.text, d)),
      ['${}', '$', '${FOO:+x}'],
    );
    assert.deepEqual(codes(image('$$ ${}', DEFAULTS).diags), ['interpolation-syntax'], 'an escape does not clear the error');
  });

  test('interpolates string values in maps and lists, never keys or other scalars (TestInterpolate)', () => {
    const text = svc(
      '    labels:\n      $USER: "example:${USER}"\n    volumes: ["$FOO:/target"]\n    logging:\n      driver: ${FOO}\n      options:\n        user: $USER\n    stop_grace_period: 10s\n    deploy:\n      replicas: 2\n',
    );
    const { config } = interpolate(text, { USER: 'jenny', FOO: 'bar' });
    const web = (config.services as Record<string, Record<string, unknown>>).web;
    assert.deepEqual(web.labels, { $USER: 'example:jenny' });
    assert.deepEqual(web.volumes, ['bar:/target']);
    assert.deepEqual(web.logging, { driver: 'bar', options: { user: 'jenny' } });
    assert.deepEqual(web.deploy, { replicas: 2 });
  });

  test('returns a new object with the same paths and never modifies the raw value', () => {
    const text = svc('    environment:\n      - A=${A}\n    deploy:\n      replicas: ${N}\n  db:\n    image: postgres:16\n');
    const model = parseYaml(text);
    const raw = model.value as Record<string, unknown>;
    const snapshot = structuredClone(raw);
    const { config } = interpolate(text, { A: 'a', N: '3' });
    const again = interpolateConfig({ model, raw, env: { A: 'a', N: '3' }, mode: 'stack', report: () => {}, valueRange: (p) => valueRange(model, p) });
    assert.deepEqual(raw, snapshot);
    assert.notEqual(again, raw);
    assert.deepEqual(config, {
      services: { web: { image: 'nginx:1.27', environment: ['A=a'], deploy: { replicas: 3 } }, db: { image: 'postgres:16' } },
    });
    // A branch without any `$` is passed through as it is, not copied.
    assert.equal((again.services as Record<string, unknown>).db, (raw.services as Record<string, unknown>).db);
  });

  test('reads input.env only, never the process environment', () => {
    process.env.SWARM_PILOT_INTERPOLATION_TEST = 'from-process';
    try {
      const r = image('${SWARM_PILOT_INTERPOLATION_TEST}', {});
      assert.equal(r.value, '');
      assert.deepEqual(codes(r.diags), ['interpolation-unset']);
    } finally {
      delete process.env.SWARM_PILOT_INTERPOLATION_TEST;
    }
    assert.equal(image('${constructor}', {}).value, '', 'no prototype lookups');
    assert.equal(image('${X-def}', { X: undefined }).value, 'def', 'an undefined entry is unset');
  });
});

describe('stack mode: type casts of cli/compose/loader/interpolate.go', () => {
  const replicas = (env: Env, value = '${N}') => check(svc(`    deploy:\n      replicas: ${value}\n`), 'stack', { settings: { env } });

  test('replicas: ${N} validates clean with N=3 and the schema sees an integer', () => {
    assert.deepEqual(replicas({ N: '3' }), []);
    const { config } = interpolate(svc('    deploy:\n      replicas: ${N}\n'), { N: '3' });
    assert.equal((config.services as any).web.deploy.replicas, 3);
  });

  test("N=abc is a cast error on the value, with docker's message, and no schema duplicate", () => {
    const text = svc('    deploy:\n      replicas: ${N}\n');
    const d = check(text, 'stack', { settings: { env: { N: 'abc' } } });
    assert.deepEqual(codes(d), ['interpolation-cast']);
    assert.equal(d[0].severity, 'error');
    assert.equal(
      d[0].message,
      'error while interpolating services.web.deploy.replicas: failed to cast to expected type: strconv.Atoi: parsing "abc": invalid syntax',
    );
    assert.equal(covered(text, d[0]), '${N}');
  });

  test('N unset: blank, so docker fails the cast of "" (plus the unset warning)', () => {
    const d = replicas({});
    assert.deepEqual(codes(d), ['interpolation-unset', 'interpolation-cast']);
    assert.match(d[1].message, /strconv\.Atoi: parsing "": invalid syntax$/);
  });

  test('a value that interpolation did not change is not cast: the schema judges it', () => {
    assert.deepEqual(codes(replicas({}, '"3"')), ['stack-schema']);
    // N expands to its own template: the string is unchanged, so docker skips the cast.
    assert.deepEqual(codes(replicas({ N: '${N}' })), ['stack-schema']);
    assert.deepEqual(replicas({}, '${N:-2}'), []);
  });

  test("paths are matched like docker's dotted paths: a service name with a dot escapes the cast", () => {
    const d = check('services:\n  web.v2:\n    image: nginx\n    deploy:\n      replicas: ${N}\n', 'stack', { settings: { env: { N: '2' } } });
    assert.deepEqual(codes(d), ['stack-schema']);
  });

  test('toInt: strconv.Atoi syntax and int64 range', () => {
    assert.deepEqual(replicas({ N: '+5' }), []);
    assert.deepEqual(replicas({ N: '007' }), []);
    assert.match(replicas({ N: '1_000' })[0].message, /parsing "1_000": invalid syntax$/);
    assert.match(replicas({ N: '2.0' })[0].message, /parsing "2\.0": invalid syntax$/);
    assert.match(replicas({ N: ' 2' })[0].message, /parsing " 2": invalid syntax$/);
    assert.match(replicas({ N: '9223372036854775808' })[0].message, /strconv\.Atoi: parsing "9223372036854775808": value out of range$/);
    assert.equal(withCode(replicas({ N: '9223372036854775807' }), 'interpolation-cast').length, 0);
  });

  test('toFloat: strconv.ParseFloat syntax for max_failure_ratio', () => {
    const ratio = (v: string) => {
      const text = svc(`    deploy:\n      update_config:\n        max_failure_ratio: \${R}\n`);
      const r = interpolate(text, { R: v });
      return { value: (r.config.services as any).web.deploy.update_config.max_failure_ratio, diags: r.diags };
    };
    assert.deepEqual(ratio('0.25'), { value: 0.25, diags: [] });
    assert.deepEqual(ratio('.5'), { value: 0.5, diags: [] });
    assert.deepEqual(ratio('1_0.5'), { value: 10.5, diags: [] });
    assert.deepEqual(ratio('25e-2'), { value: 0.25, diags: [] });
    assert.deepEqual(ratio('0x1p-2'), { value: 0.25, diags: [] });
    assert.equal(ratio('Inf').value, Infinity);
    for (const [v, reason] of [
      ['1e400', 'value out of range'],
      ['0x1', 'invalid syntax'],
      ['_1', 'invalid syntax'],
      ['1__0', 'invalid syntax'],
      ['50%', 'invalid syntax'],
      ['+nan', 'invalid syntax'],
      ['', 'invalid syntax'],
    ]) {
      const r = ratio(v);
      assert.deepEqual(codes(r.diags), ['interpolation-cast'], v);
      assert.ok(r.diags[0].message.endsWith(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: ${reason}`), r.diags[0].message);
    }
  });

  test('toBoolean: y/yes/true/on and n/no/false/off in any case, for service and top-level keys', () => {
    const text = svc('    read_only: ${A}\n    tty: ${B}\n    privileged: ${C}\n    stdin_open: ${D}\nnetworks:\n  net:\n    external: ${E}\n');
    const on = interpolate(text, { A: 'Y', B: 'yes', C: 'TRUE', D: 'On', E: 'true' });
    assert.deepEqual(on.diags, []);
    const web = (on.config.services as any).web;
    assert.deepEqual([web.read_only, web.tty, web.privileged, web.stdin_open, (on.config.networks as any).net.external], [true, true, true, true, true]);
    const off = interpolate(text, { A: 'n', B: 'NO', C: 'False', D: 'off', E: 'OFF' });
    assert.deepEqual([(off.config.services as any).web.read_only, (off.config.networks as any).net.external], [false, false]);
    const bad = check(text, 'stack', { settings: { env: { A: '1', B: 'yes', C: 'no', D: 'on', E: 'maybe' } } });
    assert.deepEqual(
      bad.map((d) => d.message),
      [
        'error while interpolating services.web.read_only: failed to cast to expected type: invalid boolean: 1',
        'error while interpolating networks.net.external: failed to cast to expected type: invalid boolean: maybe',
      ],
    );
  });

  test('ports, ulimits (both forms), healthcheck and secret modes are cast; other keys stay strings', () => {
    const text = svc(
      '    ports:\n      - target: ${T}\n        published: ${P}\n    ulimits:\n      nproc: ${U}\n      nofile:\n        soft: ${U}\n        hard: ${U}\n    healthcheck:\n      retries: ${U}\n    secrets:\n      - source: s\n        mode: ${U}\n    labels:\n      n: ${U}\nsecrets:\n  s:\n    file: ./s\n',
    );
    const { config, diags } = interpolate(text, { T: '80', P: '8080', U: '10' });
    assert.deepEqual(diags, []);
    const web = (config.services as any).web;
    assert.deepEqual(web.ports, [{ target: 80, published: 8080 }]);
    assert.deepEqual(web.ulimits, { nproc: 10, nofile: { soft: 10, hard: 10 } });
    assert.equal(web.healthcheck.retries, 10);
    assert.equal(web.secrets[0].mode, 10);
    assert.equal(web.labels.n, '10');
    assert.deepEqual(check(text, 'stack', { settings: { env: { T: '80', P: '8080', U: '10' } } }), []);
  });

  test('after a template error docker stops before casting: no cast error and no schema noise', () => {
    const d = replicas({}, '${N:?set N}');
    assert.deepEqual(codes(d), ['interpolation-required']);
  });
});

describe('diagnostic ranges', () => {
  const one = (text: string, env: Env = {}) => check(text, 'stack', { settings: { env } }).map((d) => covered(text, d));

  test('exact ${…} / $VAR inside plain, single- and double-quoted scalars', () => {
    assert.deepEqual(one(svc('    environment:\n      A: pre-${ONE}-$TWO-post\n')), ['${ONE}', '$TWO-post']);
    assert.deepEqual(one(svc("    environment:\n      A: 'it''s' \n      B: '${ONE} x'\n")), ['${ONE}']);
    assert.deepEqual(one(svc('    environment:\n      B: "x ${ONE} $TWO"\n')), ['${ONE}', '$TWO']);
    assert.deepEqual(one(svc('    environment:\n      - "A=${ONE}"\n      - B=${TWO:?two}\n')), ['${ONE}', '${TWO:?two}']);
  });

  test('exact ranges inside a literal block, on the right line', () => {
    const text = svc('    command: |\n      echo one\n        echo ${ONE}\n      echo $TWO\n');
    const d = check(text, 'stack');
    assert.deepEqual(
      d.map((x) => [x.range.start.line, covered(text, x)]),
      [
        [5, '${ONE}'],
        [6, '$TWO'],
      ],
    );
  });

  test('where the source does not spell the value (escapes, folding) the whole scalar, on one line', () => {
    const escaped = svc('    command: "echo\\t${ONE}"\n');
    assert.deepEqual(one(escaped), ['"echo\\t${ONE}"']);
    const folded = svc('    command: >\n      echo\n      ${ONE}\n');
    const d = check(folded, 'stack');
    assert.equal(d.length, 1);
    assert.equal(d[0].range.start.line, d[0].range.end.line);
    const multi = svc('    command: |\n      echo ${ONE:-a\n      b}\n');
    const m = check(multi, 'stack', { settings: { env: { ONE: 'x' } } });
    assert.deepEqual(m, [], 'a default may span lines');
    const spanning = check(multi.replace('${ONE:-a', '${ONE:?a'), 'stack');
    assert.equal(spanning.length, 1);
    assert.equal(spanning[0].range.start.line, spanning[0].range.end.line);
    assert.equal(covered(multi.replace('${ONE:-a', '${ONE:?a'), spanning[0]), '${ONE:?a');
  });

  test('an invalid $ underlines its ${…} or the $ and the character after it', () => {
    assert.deepEqual(one(svc('    command: echo ${ foo} $1 ok\n')), ['${ foo}', '$1']);
  });

  test('a value reached through an alias is reported at the alias', () => {
    const text = 'x-img: &img nginx:${TAG}\nservices:\n  web:\n    image: *img\n';
    const d = check(text, 'stack');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['${TAG}', '*img'],
    );
  });

  test('swarm-pilot-disable and severity overrides apply to interpolation rules', () => {
    const text = svc('    command: echo ${ONE}\n');
    assert.deepEqual(check(text, 'stack', { settings: { ruleSeverity: { 'interpolation-unset': 'off' } } }), []);
    assert.equal(check(text, 'stack', { settings: { ruleSeverity: { 'interpolation-unset': 'error' } } })[0].severity, 'error');
  });
});

describe('compose mode: compose-go template.go', () => {
  const c = (t: string, env: Env = DEFAULTS) => image(t, env, 'compose');

  test(':+ and + substitute the alternative when set (and non-empty for :+)', () => {
    assert.equal(c('${FOO:+alt}').value, 'alt');
    assert.equal(c('${BAR:+alt}').value, '');
    assert.equal(c('${BAR+alt}').value, 'alt');
    assert.equal(c('${NOPE+alt}').value, '');
    assert.equal(c('${A:+${A},}B', {}).value, 'B');
  });

  test('nested templates in defaults, alternatives and after a closing brace (TestInterpolationNested)', () => {
    const cases: [string, string][] = [
      ['ok ${UNSET_VAR-$FOO}', 'ok first'],
      ['ok ${UNSET_VAR-${FOO}}', 'ok first'],
      ['ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok first first'],
      ['ok ${BAR:-${FOO} ${FOO}}', 'ok first first'],
      ['ok ${BAR+$FOO ${FOO:+second}}', 'ok first second'],
      ['+ok ${UNSET:-${BAR-defaultValue}}', '+ok '],
      ['${UNSET:-x}-${FOO}', 'x-first'],
    ];
    for (const [t, expected] of cases) assert.deepEqual(c(t), { value: expected, diags: [], text: c(t).text }, t);
    // stack mode does not nest: the default is "${FOO" and the last "}" is text.
    assert.equal(image('ok ${UNSET_VAR-${FOO}}', DEFAULTS).value, 'ok ${FOO}');
  });

  test('a $ that starts no template stays; $VAR ends at the name', () => {
    assert.deepEqual(c('a $ b $1 $}'), { value: 'a $ b $1 $}', diags: [], text: c('a $ b $1 $}').text });
    assert.equal(c('$FOO-alpine').value, 'first-alpine');
    assert.equal(c('$$FOO').value, '$FOO');
  });

  test('malformed templates are errors (TestInvalid), the first one per value', () => {
    for (const t of ['${', '${}', '${ }', '${ foo}', '${foo }', '${foo!}']) {
      const r = c(t);
      assert.deepEqual(codes(r.diags), ['interpolation-syntax'], t);
      assert.equal(r.diags[0].message, `invalid interpolation format for services.web.image. You may need to escape any $ with another $. ${t}`);
    }
    const two = c('${} ${ x}');
    assert.deepEqual(
      two.diags.map((d) => covered(two.text, d)),
      ['${}'],
    );
    const nested = c('${UNSET:-${}}');
    assert.deepEqual(codes(nested.diags), ['interpolation-syntax']);
    assert.equal(covered(nested.text, nested.diags[0]), '${}');
  });

  test('unset variables are not reported while a .env may set them', () => {
    assert.deepEqual(c('${NOPE} $NOPE ${NOPE:?need it} ${NOPE?x}').diags, []);
  });

  test('with the environment complete (no .env to read), an unset required variable fails', () => {
    const text = "services:\n  web:\n    image: '${ID:?ID variable must be set}'\n";
    const { config, diags } = interpolate(text, {}, 'compose', true);
    assert.deepEqual(
      diags.map((d) => d.message),
      ['error while interpolating services.web.image: required variable ID is missing a value: ID variable must be set'],
    );
    assert.equal((config.services as any).web.image, '${ID:?ID variable must be set}', 'compose-go keeps the value untouched with its error');
    assert.deepEqual(codes(interpolate(text.replace(':?', '?'), {}, 'compose', true).diags), ['interpolation-required']);
    assert.deepEqual(interpolate(text, { ID: 'x' }, 'compose', true).diags, []);
  });

  test('a required variable set but empty fails for :? (the environment overrides .env)', () => {
    const r = c('not ok ${BAR:?Mandatory Variable ${FOO}}');
    assert.deepEqual(codes(r.diags), ['interpolation-required']);
    assert.equal(r.diags[0].message, 'error while interpolating services.web.image: required variable BAR is missing a value: Mandatory Variable first');
    assert.equal(covered(r.text, r.diags[0]), '${BAR:?Mandatory Variable ${FOO}}');
    assert.deepEqual(c('ok ${BAR?err}').diags, []);
    assert.equal(c('${A?${B}}', { A: 'value' }).value, 'value');
  });

  test('compose-go casts the typed keys: a value that is no number fails, an empty one only when the variable is surely unset', () => {
    const { config, diags } = interpolate(svc('    deploy:\n      replicas: ${N}\n'), { N: '3' }, 'compose');
    assert.deepEqual(diags, []);
    assert.equal((config.services as any).web.deploy.replicas, 3);
    const scale = svc('    scale: ${FOO_SCALE}\n');
    const msg = 'error while interpolating services.web.scale: failed to cast to expected type: strconv.Atoi: parsing "": invalid syntax';
    assert.deepEqual(
      interpolate(scale, {}, 'compose', true).diags.map((d) => d.message),
      [msg],
    );
    assert.deepEqual(interpolate(scale, {}, 'compose').diags, [], 'a .env may set it');
    assert.deepEqual(codes(interpolate(scale, { FOO_SCALE: 'two' }, 'compose').diags), ['interpolation-cast']);
    const cpus = interpolate(svc('    cpu_count: ${C}\n    init: ${I}\n'), { C: 'x', I: 'maybe' }, 'compose').diags.map((d) => d.message);
    assert.deepEqual(cpus, [
      'error while interpolating services.web.cpu_count: failed to cast to expected type: strconv.ParseInt: parsing "x": invalid syntax',
      'error while interpolating services.web.init: failed to cast to expected type: invalid boolean: maybe',
    ]);
  });
});
