// compose-go's checks beside the compose-spec schema (kinds/compose/composeConsistency.ts, composeDependencies.ts,
// composeAliases.ts): each rule with a file compose refuses and one it accepts, messages as docker compose 2.40.3.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shortVolumeError } from '../../server/src/core/kinds/compose/composeConsistency';
import { check, covered, memoryFs, withCode } from './helpers';

const FILE = '/srv/app/compose.yaml';
const run = (text: string, files: Record<string, string> = {}) => check(text, 'compose', { filePath: FILE, fs: memoryFs(files) });
const messages = (text: string, code: string) => withCode(run(text), code).map((d) => d.message);

test('a depends_on cycle is refused once, with compose’s path in name order, on the edge that starts it', () => {
  const text =
    'services:\n  c:\n    image: x\n    depends_on: [a]\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: {c: {condition: service_started}}\n';
  const d = withCode(run(text), 'compose-dependency-cycle');
  assert.deepEqual(
    d.map((x) => x.message),
    ['dependency cycle detected: a -> b -> c -> a'],
  );
  assert.equal(covered(text, d[0]), 'b');
  assert.deepEqual(messages('services:\n  a:\n    image: x\n    depends_on: [a]\n', 'compose-dependency-cycle'), ['dependency cycle detected: a -> a']);
  assert.deepEqual(messages('services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n', 'compose-dependency-cycle'), []);
});

test('links, service: namespaces and volumes_from are dependencies too: cycles and undefined services', () => {
  const text =
    'services:\n  a:\n    image: x\n    links: ["b:alias"]\n  b:\n    image: x\n    network_mode: "service:c"\n  c:\n    image: x\n    volumes_from: ["a:ro", "container:other"]\n';
  assert.deepEqual(messages(text, 'compose-dependency-cycle'), ['dependency cycle detected: a -> b -> c -> a']);
  assert.deepEqual(messages('services:\n  web:\n    image: x\n    links: [bar]\n', 'compose-undefined-reference'), [
    'service "web" depends on undefined service "bar": invalid compose project',
  ]);
  assert.deepEqual(messages('services:\n  web:\n    image: x\n    volumes_from: ["container:bar"]\n    ipc: host\n', 'compose-undefined-reference'), []);
});

test('network_mode beside networks is refused; either alone is not', () => {
  const text = 'services:\n  redis:\n    image: x\n    network_mode: bridge\n    networks: [front]\nnetworks:\n  front: {}\n';
  const d = withCode(run(text), 'compose-exclusive-keys');
  assert.deepEqual(
    d.map((x) => x.message),
    ['service redis declares mutually exclusive `network_mode` and `networks`: invalid compose project'],
  );
  assert.equal(covered(text, d[0]), 'networks');
  assert.deepEqual(messages('services:\n  redis:\n    image: x\n    network_mode: bridge\n', 'compose-exclusive-keys'), []);
});

test('a device request with count and device_ids, or a count that is neither a number nor "all", is refused', () => {
  const dev = (body: string) =>
    `services:\n  gpu:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - {capabilities: [gpu], ${body}}\n`;
  assert.deepEqual(messages(dev('count: 2, device_ids: ["0"]'), 'compose-exclusive-keys'), [
    'services.gpu.deploy.resources.reservations.devices.[]: "count" and "device_ids" attributes are exclusive',
  ]);
  assert.deepEqual(messages(dev('count: some_string'), 'compose-decode'), [
    `decoding failed due to the following error(s): 'services[gpu].deploy.resources.reservations.devices[0].count' invalid value "some_string", the only value allowed is 'all' or a number`,
  ]);
  for (const ok of ['count: all', 'count: "3"', 'count: 1', 'device_ids: ["0"]']) {
    assert.deepEqual([...messages(dev(ok), 'compose-decode'), ...messages(dev(ok), 'compose-exclusive-keys')], [], ok);
  }
});

test('an extra_hosts entry without an IP or without a host name is refused', () => {
  const text = 'services:\n  web:\n    image: x\n    extra_hosts: ["a:1.2.3.4", "b=ff02::1", "c:[ff02::2]", "noaddress", "=1.2.3.4"]\n';
  const d = withCode(run(text), 'compose-decode');
  assert.deepEqual(
    d.map((x) => x.message),
    [
      "decoding failed due to the following error(s): 'services[web].extra_hosts' invalid additional host, missing IP: noaddress",
      "decoding failed due to the following error(s): 'services[web].extra_hosts' bad host name ''",
    ],
  );
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['"noaddress"', '"=1.2.3.4"'],
  );
});

test('platform must be one of build.platforms', () => {
  const svc = (platform: string) =>
    `services:\n  p:\n    image: x\n    platform: ${platform}\n    build:\n      context: .\n      platforms: [linux/amd64, linux/arm64]\n`;
  assert.deepEqual(messages(svc('linux/riscv64'), 'compose-platform'), [
    'service.build.platforms MUST include service.platform "linux/riscv64": invalid compose project',
  ]);
  assert.deepEqual(messages(svc('linux/arm64'), 'compose-platform'), []);
});

test('secrets and configs need a source unless external; file and environment exclude each other', () => {
  assert.deepEqual(messages('services: {}\nsecrets:\n  s:\n    driver: bucket\n', 'compose-file-object-source'), [
    'secret "s" must declare either `file` or `environment`: invalid compose project',
  ]);
  assert.deepEqual(messages('services: {}\nsecrets:\n  s:\n    name: n\nconfigs:\n  c:\n    name: n\n', 'compose-file-object-source'), [
    'secrets.s: one of file|environment must be set',
    'configs.c: one of file|environment|content must be set',
  ]);
  assert.deepEqual(messages('services: {}\nconfigs:\n  c:\n    file: ./a\n    content: x\n', 'compose-exclusive-keys'), [
    'configs.c: file|environment|content attributes are mutually exclusive',
  ]);
  const fine = 'services: {}\nsecrets:\n  a: {external: true}\n  b: {environment: TOKEN}\n  x-c: {driver: d}\nconfigs:\n  c: {content: x}\n  d: {driver: d}\n';
  assert.deepEqual([...messages(fine, 'compose-file-object-source'), ...messages(fine, 'compose-exclusive-keys')], []);
});

test('short volume specs compose-go cannot parse and bind mounts without source are refused', () => {
  assert.equal(shortVolumeError(':/media/'), 'invalid spec: :/media/: empty section between colons');
  assert.equal(shortVolumeError('ab:/b:ro:x'), 'invalid spec: ab:/b:ro:x: too many colons');
  assert.equal(shortVolumeError('a:/b:ro:x'), undefined, 'a letter before the first colon is a Windows drive');
  assert.equal(shortVolumeError('/b:'), 'invalid spec: /b:: empty section between colons');
  for (const ok of ['/data', 'data:/data', 'data:/data:ro', 'C:\\data:/data', './a:/b:rw,z', 'ab']) assert.equal(shortVolumeError(ok), undefined, ok);
  const text =
    'services:\n  a:\n    image: x\n    volumes:\n      - ":/text_file.txt"\n      - type: bind\n        target: /app\n      - {type: bind, source: ., target: /b}\n';
  const d = withCode(run(text), 'compose-volume-spec');
  assert.deepEqual(
    d.map((x) => x.message),
    ['invalid spec: :/text_file.txt: empty section between colons', 'invalid mount config for type "bind": field Source must not be empty'],
  );
});

test('x- names in the top-level sections are extensions: a service using one refers to an undefined resource', () => {
  const text =
    'services:\n  x-foo:\n    image: x\n    networks: [x-network]\n    volumes: ["x-volume:/v", "data:/d"]\nnetworks:\n  x-network: {}\nvolumes:\n  x-volume: {}\n  data: {}\n';
  assert.deepEqual(messages(text, 'compose-undefined-reference'), [
    'service "x-foo" refers to undefined network x-network: invalid compose project',
    'service "x-foo" refers to undefined volume x-volume: invalid compose project',
  ]);
});

test('a file including itself is an include cycle; including another file is not', () => {
  const text = 'include:\n  - compose.yaml\nservices:\n  a:\n    image: x\n';
  assert.deepEqual(messages(text, 'compose-include-cycle'), [`include cycle detected:\n${FILE}\n include ${FILE}`]);
  assert.deepEqual(messages('include:\n  - other.yaml\nservices: {}\n', 'compose-include-cycle'), []);
});

test('an image that interpolates to "" counts as none', () => {
  assert.deepEqual(messages('services:\n  a:\n    image: ${UNSET_IMAGE}\n', 'compose-missing-image'), [
    'service "a" has neither an image nor a build context specified: invalid compose project',
  ]);
  assert.deepEqual(messages('services:\n  a:\n    image: ${UNSET_IMAGE}\n    build: .\n', 'compose-missing-image'), []);
});

test('an anchor aliased below another use of itself is a cycle for compose (dotted keys included)', () => {
  const text = 'services:\n  test.unit: &shared\n    image: alpine\n  test: *shared\n  test.other: *shared\n';
  const d = withCode(run(text), 'compose-alias-cycle');
  assert.deepEqual(
    d.map((x) => x.message),
    ['cycle detected: node at path services.test.other references node at path services.test'],
  );
  assert.equal(covered(text, d[0]), '*shared');
  assert.deepEqual(messages('x-s: &s {image: alpine}\nservices:\n  a: *s\n  b: *s\n  c:\n    <<: *s\n', 'compose-alias-cycle'), []);
});

test('aliases compose would compare too many times are refused; a smaller fan-out is not', () => {
  const bomb = (depth: number) => {
    const lines = ['x-a0: &a0 {k: v}'];
    for (let i = 1; i <= depth; i++) lines.push(`x-a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    return `${lines.join('\n')}\nservices:\n  svc:\n    image: alpine\n`;
  };
  assert.equal(withCode(run(bomb(10)), 'compose-alias-blowup').length, 1);
  assert.equal(withCode(run(bomb(8)), 'compose-alias-blowup').length, 0);
});

test('an unset required variable fails unless a .env beside the file may set it (or the caller says env is complete)', () => {
  const text = 'services:\n  a:\n    image: ${ID:?ID variable must be set}\n';
  const required = (files: Record<string, string>, envComplete?: boolean) =>
    withCode(check(text, 'compose', { filePath: FILE, fs: memoryFs(files), settings: { envComplete } }), 'interpolation-required').map((d) => d.message);
  const msg = 'error while interpolating services.a.image: required variable ID is missing a value: ID variable must be set';
  assert.deepEqual(required({}), [msg]);
  assert.deepEqual(required({ '/srv/app/.env': 'ID=1' }), []);
  assert.deepEqual(required({ '/srv/app/.env': 'ID=1' }, true), [msg]);
});
