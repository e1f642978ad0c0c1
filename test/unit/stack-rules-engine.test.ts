// The deploy-time refusals of issue #14 (docs/engine-parity.md): names, duplicate targets and mounts, mount
// options and targets, published ports across services, cpu minimum, networks, healthcheck/credential_spec,
// log and template drivers. Each rule: the Engine's message on the value at fault, and a clean variant.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kindFromComment } from '../../server/src/core/kinds/detect';
import { stackNameFromComment } from '../../server/src/core/stackModel';
import { goFormatG } from '../../server/src/core/kinds/stack/rules/numbers';
import { subnetProblem } from '../../server/src/core/kinds/stack/rules/networks';
import { annotationNameProblem, configOrSecretNameProblem } from '../../server/src/core/stackModel/names';
import { check, covered, withCode } from './helpers';

const svc = (body: string, extra = '') => `services:\n  web:\n    image: nginx:1.27\n${body}${extra}`;
const only = (text: string, code: string) => withCode(check(text, 'stack'), code);

test('swarm name checks follow validateAnnotations and validateConfigOrSecretAnnotations', () => {
  assert.equal(annotationNameProblem('st_web'), undefined);
  assert.equal(annotationNameProblem('st_web.v2'), 'name must be valid as a DNS name component');
  assert.equal(annotationNameProblem('st_web-'), 'name must be valid as a DNS name component');
  assert.equal(annotationNameProblem('a'.repeat(63)), undefined);
  assert.equal(annotationNameProblem('a'.repeat(64)), 'name must be 63 characters or fewer');
  assert.equal(configOrSecretNameProblem('st_app.secret-1'), undefined);
  assert.match(configOrSecretNameProblem('app secret') ?? '', /^invalid name, only 64/);
  assert.match(configOrSecretNameProblem('app.') ?? '', /^invalid name/);
  assert.equal(configOrSecretNameProblem('a'.repeat(64)), undefined);
  assert.match(configOrSecretNameProblem('a'.repeat(65)) ?? '', /^invalid name/);
});

test('the mode comment may carry the stack name; `# swarm-pilot: stack` alone still works', () => {
  assert.equal(kindFromComment('# swarm-pilot: stack\nservices: {}\n'), 'stack');
  assert.equal(stackNameFromComment('# swarm-pilot: stack\n'), undefined);
  assert.equal(kindFromComment('# swarm-pilot: stack prod\n'), 'stack');
  assert.equal(stackNameFromComment('# swarm-pilot: stack prod\n'), 'prod');
  assert.equal(stackNameFromComment('# swarm-pilot: compose prod\n'), undefined);
});

test('stack-service-name: a dot in the key, on the key; length measured with the assumed or the given stack name', () => {
  const dot = 'services:\n  web.v2:\n    image: nginx:1.27\n';
  const [d] = only(dot, 'stack-service-name');
  assert.equal(d.severity, 'error');
  assert.equal(covered(dot, d), 'web.v2');
  assert.match(d.message, /^name must be valid as a DNS name component \(service "<stack>_web\.v2".*"web-v2"/);
  const key = 'k'.repeat(55); // 8 + 1 + 55 = 64
  const long = `services:\n  ${key}:\n    image: nginx:1.27\n`;
  const [l] = only(long, 'stack-service-name');
  assert.match(l.message, /^name must be 63 characters or fewer \("<stack>_k+" is 64 characters with an assumed 8-character stack name/);
  assert.deepEqual(only(`# swarm-pilot: stack short\n${long}`, 'stack-service-name'), []);
  const [named] = only(`# swarm-pilot: stack longername\n${long}`, 'stack-service-name');
  assert.match(named.message, /"longername_k+" is 66 characters; shorten/);
  assert.deepEqual(only('services:\n  web_v2-x:\n    image: nginx:1.27\n', 'stack-service-name'), []);
});

test('stack-object-name: secret/config/network names on the `name:` value; external and valid names are clean', () => {
  const text = svc(
    '',
    '\nsecrets:\n  s:\n    file: ./s.txt\n    name: app secret\nconfigs:\n  c:\n    file: ./c.txt\n    name: app/config\nnetworks:\n  n:\n    name: back end\n  b:\n    name: " "\n  ext:\n    external: true\n    name: not valid!\n',
  );
  const d = only(text, 'stack-object-name');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['back end', '" "', 'app secret', 'app/config'],
  );
  assert.match(d[0].message, /^name must be valid as a DNS name component \(stack deploy creates network "back end"/);
  assert.match(d[1].message, /^invalid name: name is empty/);
  assert.match(
    d[2].message,
    /^invalid name, only 64 \[a-zA-Z0-9-_\.\] characters allowed, and the start and end character must be \[a-zA-Z0-9\] \(stack deploy creates secret "app secret"/,
  );
  assert.deepEqual(
    only(svc('', '\nsecrets:\n  s:\n    file: ./s.txt\n    name: app.secret_1\nnetworks:\n  n:\n    name: back-end\n'), 'stack-object-name'),
    [],
  );
  // A long key: measured with the assumed stack name, on the key.
  const long = svc('', `\nsecrets:\n  ${'s'.repeat(60)}:\n    file: ./s.txt\n`);
  const [k] = only(long, 'stack-object-name');
  assert.equal(covered(long, k), 's'.repeat(60));
  assert.match(k.message, /69 characters with an assumed 8-character stack name/);
});

test('stack-duplicate-target: the second reference (its target, or the entry) with the CLI message', () => {
  const text = svc(
    '    secrets:\n      - app\n      - source: app\n    configs:\n      - source: c\n        target: /etc/a\n      - source: d\n        target: /etc/a\n',
    '\nsecrets:\n  app:\n    file: ./a\nconfigs:\n  c:\n    file: ./c\n  d:\n    file: ./d\n',
  );
  const d = only(text, 'stack-duplicate-target');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['source: app', '/etc/a'],
  );
  assert.match(d[0].message, /^duplicate secret target for <stack>_app not allowed \(secrets\[1\] has the same target "app" as secrets\[0\]/);
  assert.match(d[1].message, /^duplicate config target for <stack>_d not allowed/);
  assert.deepEqual(
    only(
      text
        .replace('      - source: app\n', '      - source: app\n        target: other\n')
        .replace('target: /etc/a\n      - source: d\n        target: /etc/a', 'target: /etc/a\n      - source: d\n        target: /etc/b'),
      'stack-duplicate-target',
    ),
    [],
  );
});

test('stack-duplicate-mount: same target in short and long syntax, on the second entry', () => {
  const text = svc('    volumes:\n      - type: tmpfs\n        target: /scratch\n      - /scratch\n      - /data/\n      - /data\n');
  const d = only(text, 'stack-duplicate-mount');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['/scratch'],
  );
  assert.equal(d[0].range.start.line, 6);
  assert.match(d[0].message, /^ContainerSpec: duplicate mount point: \/scratch \(volumes\[1\] mounts on the same target as volumes\[0\]/);
});

test('stack-mount-options: the convert errors in handle*ToMount order, on the key at fault', () => {
  const mount = (lines: string) => svc(`    volumes:\n      - ${lines}\n`);
  const cases: [string, string, string][] = [
    ['type: tmpfs\n        target: /s\n        volume:\n          nocopy: true', 'volume', 'volume options are incompatible with type tmpfs'],
    [
      'type: tmpfs\n        source: x\n        target: /s\n        bind:\n          propagation: shared',
      'source',
      'invalid tmpfs source, source must be empty',
    ],
    ['type: bind\n        source: /tmp\n        target: /s\n        tmpfs:\n          size: 1', 'tmpfs', 'tmpfs options are incompatible with type bind'],
    ['target: /s\n        bind:\n          propagation: shared', 'bind', 'bind options are incompatible with type volume'],
    ['type: cluster\n        target: /s', 'type: cluster', 'invalid cluster source, source cannot be empty'],
    [
      'type: npipe\n        source: //./pipe/x\n        target: /s\n        tmpfs:\n          size: 1',
      'tmpfs',
      'tmpfs options are incompatible with type npipe',
    ],
    ['type: ramdisk\n        target: /s', 'ramdisk', 'volume type must be volume, bind, tmpfs, npipe, or cluster'],
    ['type: bind\n        source: /tmp\n        target: /s\n        bind:\n          propagation: bogus', 'bogus', 'invalid MountPropagation: "bogus"'],
  ];
  for (const [lines, at, message] of cases) {
    const text = mount(lines);
    const [d] = only(text, 'stack-mount-options');
    assert.ok(d, message);
    assert.equal(d.severity, 'error');
    assert.equal(covered(text, d), at, message);
    assert.ok(d.message.startsWith(message), d.message);
  }
  for (const ok of [
    'type: bind\n        source: /tmp\n        target: /s\n        bind:\n          propagation: RSHARED',
    'type: npipe\n        source: //./pipe/x\n        target: /s\n        bind:\n          propagation: private',
    'type: tmpfs\n        target: /s\n        tmpfs:\n          size: 1',
  ]) {
    assert.deepEqual(only(mount(ok), 'stack-mount-options'), [], ok);
  }
});

test('stack-mount-target and stack-mount-readonly: warnings (the service is created, its tasks fail)', () => {
  const text = svc(
    '    volumes:\n      - type: tmpfs\n        target: scratch\n      - type: tmpfs\n        target: //\n      - type: volume\n        target: /ro\n        read_only: true\n      - type: tmpfs\n        target: /fine\n',
  );
  const t = only(text, 'stack-mount-target');
  assert.deepEqual(
    t.map((x) => covered(text, x)),
    ['scratch', '//'],
  );
  assert.ok(t.every((x) => x.severity === 'warning'));
  assert.match(t[0].message, /^invalid mount target, must be an absolute path: scratch/);
  assert.match(t[1].message, /^invalid mount config for type "tmpfs": invalid specification: destination can't be '\/'/);
  const r = only(text, 'stack-mount-readonly');
  assert.deepEqual(
    r.map((x) => covered(text, x)),
    ['true'],
  );
  assert.match(r[0].message, /^invalid mount config for type "volume": must not set ReadOnly mode when using anonymous volumes/);
});

test('stack-published-port-conflict: across services when either side is ingress; two host-mode publishers share', () => {
  const two = (a: string, b: string) => `services:\n  web:\n    image: nginx:1.27\n    ports: [${a}]\n  cache:\n    image: nginx:1.27\n    ports: [${b}]\n`;
  const text = two('"8080:80"', '{target: 80, published: 8080, mode: host}');
  const [d] = only(text, 'stack-published-port-conflict');
  assert.equal(covered(text, d), '8080');
  assert.match(d.message, /^port '8080' is already in use by service '<stack>_web' as an ingress port/);
  const reverse = two('{target: 80, published: 8080, mode: host}', '"8080:80"');
  assert.match(only(reverse, 'stack-published-port-conflict')[0].message, /as a host-published port/);
  assert.deepEqual(only(two('{target: 80, published: 8080, mode: host}', '{target: 81, published: 8080, mode: host}'), 'stack-published-port-conflict'), []);
  assert.deepEqual(only(two('"8080:80"', '"8080:80/udp"'), 'stack-published-port-conflict'), []);
  assert.deepEqual(only(two('"8080:80"', '"8081:80"'), 'stack-published-port-conflict'), []);
});

test('stack-cpu-minimum: below 0.001 (not 0) with Go %g formatting', () => {
  assert.equal(goFormatG(0.0001), '0.0001');
  assert.equal(goFormatG(0.00001), '1e-05');
  assert.equal(goFormatG(-1), '-1');
  const res = (v: string) => svc(`    deploy:\n      resources:\n        limits:\n          cpus: "${v}"\n`);
  const [d] = only(res('0.00001'), 'stack-cpu-minimum');
  assert.equal(covered(res('0.00001'), d), '"0.00001"');
  assert.match(d.message, /^invalid cpu value 1e-05: Must be at least 0\.001/);
  assert.match(only(res('-1'), 'stack-cpu-minimum')[0].message, /^invalid cpu value -1:/);
  assert.deepEqual(only(res('0'), 'stack-cpu-minimum'), []);
  assert.deepEqual(only(res('0.001'), 'stack-cpu-minimum'), []);
});

test('stack-negative-count: replicas of 2^63 or more', () => {
  const text = svc('    deploy:\n      replicas: 9223372036854775808\n');
  const [d] = only(text, 'stack-negative-count');
  assert.equal(covered(text, d), '9223372036854775808');
  assert.match(d.message, /^Number of replicas must be non-negative/);
  assert.match(
    only(text.replace('deploy:\n', 'deploy:\n      mode: replicated-job\n'), 'stack-negative-count')[0].message,
    /^Maximum concurrent jobs must not be negative/,
  );
  assert.deepEqual(only(svc('    deploy:\n      replicas: 9223372036854775\n'), 'stack-negative-count'), []);
});

test('stack-network-scope: a local-scope driver used by a service, the ingress network attached explicitly', () => {
  const text = svc(
    '    networks: [lan, ing]\n',
    '\nnetworks:\n  lan:\n    driver: bridge\n  ing:\n    external: true\n    name: ingress\n  unused:\n    driver: macvlan\n',
  );
  const d = only(text, 'stack-network-scope');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['bridge', 'ingress'],
  );
  assert.match(d[1].message, /^Service cannot be explicitly attached to the ingress network "ingress"/);
  assert.match(
    d[0].message,
    /^The network <stack>_lan cannot be used with services\. Only networks scoped to the swarm can be used, such as those created with the overlay driver\./,
  );
  assert.deepEqual(only(svc('    networks: [lan]\n', '\nnetworks:\n  lan:\n    driver: overlay\n'), 'stack-network-scope'), []);
});

test('stack-network-config: reserved label, subnets, enable_ipv6, predefined and built-in names', () => {
  assert.equal(subnetProblem('10.0.9.0/24'), undefined);
  assert.equal(subnetProblem('10.99.0.1/24'), 'invalid subnet 10.99.0.1/24: it should be 10.99.0.0/24');
  assert.equal(subnetProblem('10.99.0.0'), 'invalid subnet 10.99.0.0: invalid CIDR block notation');
  assert.equal(subnetProblem('fd00::1/64'), undefined);
  const text = svc(
    '',
    '\nnetworks:\n  a:\n    labels:\n      com.docker.swarm.predefined: "true"\n    ipam:\n      config:\n        - subnet: 10.99.0.1/24\n    driver_opts:\n      com.docker.network.enable_ipv6: "maybe"\n  b:\n    name: none\n  c:\n    name: host\n  d:\n    external: true\n    name: host\n',
  );
  const d = only(text, 'stack-network-config');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['com.docker.swarm.predefined', '10.99.0.1/24', '"maybe"', 'none', 'host'],
  );
  assert.match(d[0].message, /^label com\.docker\.swarm\.predefined is for internally created predefined networks and cannot be applied by users/);
  assert.match(d[1].message, /^invalid network config: invalid subnet 10\.99\.0\.1\/24: it should be 10\.99\.0\.0\/24/);
  assert.match(d[2].message, /^driver-opt "com\.docker\.network\.enable_ipv6" is not a valid bool/);
  assert.match(d[3].message, /^operation is not permitted on predefined none network/);
  assert.match(d[4].message, /^network with name host already exists/);
});

test('stack-healthcheck-disable and stack-credential-spec: the CLI convert errors', () => {
  const hc = svc('    healthcheck:\n      test: ["CMD", "true"]\n      disable: true\n');
  const [h] = only(hc, 'stack-healthcheck-disable');
  assert.equal(covered(hc, h), 'disable');
  assert.match(h.message, /^test and disable can't be set at the same time/);
  assert.deepEqual(only(svc('    healthcheck:\n      disable: true\n'), 'stack-healthcheck-disable'), []);
  const cs = svc('    credential_spec:\n      file: spec.json\n      registry: spec\n');
  const [c] = only(cs, 'stack-credential-spec');
  assert.equal(covered(cs, c), 'registry');
  assert.match(c.message, /^invalid credential spec: cannot specify both "File" and "Registry"/);
  const three = svc('    credential_spec:\n      config: c\n      file: spec.json\n      registry: spec\n', '\nconfigs:\n  c:\n    file: ./c\n');
  assert.match(only(three, 'stack-credential-spec')[0].message, /^invalid credential spec: cannot specify both "Config", "File", and "Registry"/);
  assert.deepEqual(only(svc('    credential_spec:\n      file: spec.json\n'), 'stack-credential-spec'), []);
});

test('stack-log-driver and stack-template-driver: warnings on the driver value', () => {
  const log = svc('    logging:\n      driver: logentries\n');
  const [l] = only(log, 'stack-log-driver');
  assert.equal(l.severity, 'warning');
  assert.equal(covered(log, l), 'logentries');
  assert.deepEqual(only(svc('    logging:\n      driver: json-file\n'), 'stack-log-driver'), []);
  const tpl = svc('', '\nsecrets:\n  s:\n    file: ./s\n    template_driver: bogus\nconfigs:\n  c:\n    file: ./c\n    template_driver: golang\n');
  const t = only(tpl, 'stack-template-driver');
  assert.deepEqual(
    t.map((x) => covered(tpl, x)),
    ['bogus'],
  );
  assert.match(t[0].message, /^unrecognized template type/);
});

test('stack-credential-spec E16: credential_spec.config whose config is created under another name, on the config value', () => {
  const text = svc('    credential_spec:\n      config: cs\n', '\nconfigs:\n  cs:\n    file: ./cs.json\n    name: creds\n');
  const [d, ...rest] = only(text, 'stack-credential-spec');
  assert.deepEqual(rest, []);
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'cs');
  assert.equal(d.range.start.line, 4);
  assert.match(
    d.message,
    /^invalid credential spec: spec specifies config cs, but no such config can be found \(configs\.cs is created as "creds".*remove its `name:`\)/,
  );
  // The names the CLI finds: the key itself, `<stack>_<key>` (any prefix when the stack name is unknown), no `name:`.
  for (const name of ['cs', 'prod_cs']) assert.deepEqual(only(text.replace('name: creds', `name: ${name}`), 'stack-credential-spec'), [], name);
  assert.deepEqual(only(text.replace('    name: creds\n', ''), 'stack-credential-spec'), []);
  assert.deepEqual(only(`# swarm-pilot: stack prod\n${text.replace('name: creds', 'name: prod_cs')}`, 'stack-credential-spec'), []);
  assert.equal(only(`# swarm-pilot: stack prod\n${text.replace('name: creds', 'name: other_cs')}`, 'stack-credential-spec').length, 1);
});

test('stack-volume-name D29: a mounted local volume whose `name:` the local driver refuses, a warning on the name', () => {
  const text = svc(
    '    volumes:\n      - data:/data\n      - type: volume\n        source: one\n        target: /one\n',
    '\nvolumes:\n  data:\n    name: "my data"\n  one:\n    name: x\n  unused:\n    name: "not used"\n  plugin:\n    driver: rexray\n    name: "a b"\n',
  );
  const d = only(text, 'stack-volume-name');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['"my data"', 'x'],
  );
  assert.ok(d.every((x) => x.severity === 'warning'));
  assert.match(
    d[0].message,
    /^"my data" includes invalid characters for a local volume name, only "\[a-zA-Z0-9\]\[a-zA-Z0-9_.-\]" are allowed\. If you intended to pass a host directory, use absolute path \(the service is created/,
  );
  assert.match(d[1].message, /^volume name is too short, names should be at least two alphanumeric characters/);
  const clean = text.replace('"my data"', 'my-data.v1_2').replace('name: x', 'name: xy');
  assert.deepEqual(only(clean, 'stack-volume-name'), []);
  // External volumes, other drivers and templated names (expanded on the node) are not checked.
  assert.deepEqual(only(svc('    volumes:\n      - data:/data\n', '\nvolumes:\n  data:\n    external: true\n    name: "my data"\n'), 'stack-volume-name'), []);
  assert.deepEqual(only(svc('    volumes:\n      - data:/data\n', '\nvolumes:\n  data:\n    driver: rexray\n    name: "my data"\n'), 'stack-volume-name'), []);
  assert.deepEqual(only(svc('    volumes:\n      - data:/data\n', '\nvolumes:\n  data:\n    name: "data-{{.Task.Slot}}"\n'), 'stack-volume-name'), []);
});
