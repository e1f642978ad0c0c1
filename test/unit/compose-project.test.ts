import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, covered, memoryFs, withCode } from './helpers';

const FILE = '/srv/app/compose.yaml';
const run = (text: string, files: Record<string, string> = {}) => check(text, 'compose', { filePath: FILE, fs: memoryFs(files) });

test('a service with neither image nor build is refused, unless it extends or is a provider', () => {
  const text = 'services:\n  a:\n    command: x\n  b:\n    extends: {service: a}\n  c:\n    provider: {type: model}\n  d:\n    build: .\n';
  const d = withCode(run(text), 'compose-missing-image');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['a'],
  );
  assert.equal(d[0].message, 'service "a" has neither an image nor a build context specified: invalid compose project');
});

test('undefined networks, volumes, secrets and services are refused with compose’s message', () => {
  const text =
    'services:\n  a:\n    image: x\n    networks: [front]\n    volumes: ["data:/d"]\n    secrets: [tok]\n    depends_on: [db]\n  b:\n    image: x\n    networks: [default]\n    depends_on: {a: {condition: service_started}, c: {condition: service_started, required: false}}\n';
  const d = withCode(run(text), 'compose-undefined-reference');
  assert.deepEqual(
    d.map((x) => x.message),
    [
      'service "a" refers to undefined network front: invalid compose project',
      'service "a" refers to undefined volume data: invalid compose project',
      'service "a" refers to undefined secret tok: invalid compose project',
      'service "a" depends on undefined service "db": invalid compose project',
    ],
  );
});

test('missing env_file, extends.file and include paths are refused; required: false and present files are not', () => {
  const text =
    'include:\n  - other.yaml\n  - path: [there.yaml]\nservices:\n  a:\n    image: x\n    env_file: [.env.local, {path: opt.env, required: false}, here.env]\n    extends: {file: base.yaml, service: b}\n';
  const d = withCode(run(text, { '/srv/app/here.env': 'A=1', '/srv/app/there.yaml': 'services: {}' }), 'compose-file-missing');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['.env.local', 'base.yaml', 'other.yaml'],
  );
  assert.equal(d[0].message, 'env file /srv/app/.env.local not found: stat /srv/app/.env.local: no such file or directory');
  assert.equal(d[2].message, 'open /srv/app/other.yaml: no such file or directory');
});
