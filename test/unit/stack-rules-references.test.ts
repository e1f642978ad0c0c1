import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, covered, memoryFs, withCode } from './helpers';

const FS = memoryFs({ '/work/test/db_password.txt': 's3cret', '/work/test/nginx.conf': 'events {}' });
const run = (text: string) => check(text, 'stack', { fs: FS });

test('every reference form resolves: networks list/map, default network, named volumes, secrets/configs short and long', () => {
  const text = [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    networks: [front]',
    '    volumes:',
    '      - static:/usr/share/nginx/html:ro',
    '      - ./local:/local',
    '      - /var/run/docker.sock:/var/run/docker.sock',
    '    configs:',
    '      - source: nginx_conf',
    '        target: /etc/nginx/nginx.conf',
    '  db:',
    '    image: postgres:16',
    '    networks:',
    '      back:',
    '        aliases: [database]',
    '      default:',
    '    volumes:',
    '      - type: volume',
    '        source: pgdata',
    '        target: /var/lib/postgresql/data',
    '      - type: tmpfs',
    '        target: /tmp',
    '    secrets: [db_password]',
    '  worker:',
    '    image: busybox:1.36',
    'networks:',
    '  front:',
    '  back:',
    '  default:',
    '    driver: overlay',
    'volumes:',
    '  static:',
    '  pgdata:',
    'secrets:',
    '  db_password:',
    '    file: ./db_password.txt',
    'configs:',
    '  nginx_conf:',
    '    file: ./nginx.conf',
    '',
  ].join('\n');
  assert.deepEqual(run(text), []);
});

test('an undefined network is an error on the reference, with defined names and the nearest as suggestion', () => {
  const text = 'services:\n  web:\n    image: nginx:1.27\n    networks: [frontend, backnet]\nnetworks:\n  frontend:\n  backend:\n';
  const [d] = withCode(run(text), 'stack-undefined-reference');
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'backnet');
  assert.match(d.message, /^undefined network "backnet"/);
  assert.match(d.message, /defined networks: "frontend", "backend"/);
  assert.deepEqual(d.data, { kind: 'network', name: 'backnet', defined: ['frontend', 'backend'], suggestion: 'backend' });
});

test('map-form networks are reported on the key; host is not implicit in a stack file', () => {
  const text = 'services:\n  web:\n    image: nginx:1.27\n    networks:\n      host: {}\n';
  const [d] = withCode(run(text), 'stack-undefined-reference');
  assert.equal(covered(text, d), 'host');
  assert.match(d.message, /the file defines no top-level networks/);
});

test('undefined named volumes (short and long, cluster) are errors; group: cluster sources are not looked up', () => {
  const text = [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    volumes:',
    '      - dta:/data',
    '      - type: volume',
    '        source: logs',
    '        target: /logs',
    '      - type: cluster',
    '        source: group:fast',
    '        target: /fast',
    'volumes:',
    '  data:',
    '',
  ].join('\n');
  const d = withCode(run(text), 'stack-undefined-reference');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['dta:/data', 'logs'],
  );
  assert.equal(d[0].data?.suggestion, 'data');
  assert.match(d[1].message, /^undefined volume "logs"/);
});

test('undefined secrets and configs (short, long, credential_spec) are errors', () => {
  const text = [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    secrets:',
    '      - db_pasword',
    '    configs:',
    '      - source: app_conf',
    '    credential_spec:',
    '      config: gmsa',
    'secrets:',
    '  db_password:',
    '    file: ./db_password.txt',
    '',
  ].join('\n');
  const d = withCode(run(text), 'stack-undefined-reference');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['db_pasword', 'app_conf', 'gmsa'],
  );
  assert.equal(d[0].data?.suggestion, 'db_password');
  assert.match(d[1].message, /^undefined config "app_conf"/);
});

test('definitions no service uses are hints tagged unnecessary, on the name', () => {
  const text =
    'services:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front:\n  old:\nvolumes:\n  cache:\nsecrets:\n  db_password:\n    file: ./db_password.txt\n';
  const d = withCode(run(text), 'stack-unused-definition');
  assert.deepEqual(
    d.map((x) => covered(text, x)),
    ['old', 'cache', 'db_password'],
  );
  assert.ok(d.every((x) => x.severity === 'hint' && x.tags?.includes('unnecessary')));
  assert.match(d[0].message, /network "old" is defined but no service uses it/);
});

test('wrong shapes are left to the schema: no reference errors and no unused hints', () => {
  const text =
    'services:\n  web:\n    image: nginx:1.27\n    networks: front\n    secrets: db\nnetworks: [front]\nsecrets:\n  db:\n    file: ./db_password.txt\n';
  const d = run(text);
  assert.ok(withCode(d, 'stack-schema').length > 0);
  assert.deepEqual(
    d.filter((x) => x.code !== 'stack-schema'),
    [],
  );
});
