// The stack-file edit offered after a rotation: `name: OLD` becomes NEW; an external entry looked up by its key gets
// `name: NEW`; entries the stack creates from `file:` and files without OLD get no edit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileObjectRenameEdit, type TextEdit } from '../../client/src/deploy';

const apply = (text: string, e: TextEdit | undefined) => (e ? text.slice(0, e.offset) + e.text + text.slice(e.offset + e.length) : text);

const FILE = `services:
  web:
    image: probe/busybox:1
    secrets: [db_password, api_key]
secrets:
  db_password:
    external: true
    name: prod_db_password
  api_key:
    external: true
  tls:
    file: ./tls.pem
configs:
  site:
    name: "site_v3"
    external: true
`;

test('name: OLD is replaced by NEW, in the right section', () => {
  const after = apply(FILE, fileObjectRenameEdit(FILE, 'secret', 'prod_db_password', 'prod_db_password_v2'));
  assert.match(after, /db_password:\n {4}external: true\n {4}name: prod_db_password_v2\n/);
  assert.equal(fileObjectRenameEdit(FILE, 'config', 'prod_db_password', 'x'), undefined);
  const cfg = apply(FILE, fileObjectRenameEdit(FILE, 'config', 'site_v3', 'site_v4'));
  assert.match(cfg, /site:\n {4}name: site_v4\n {4}external: true\n/);
});

test('an external entry looked up by its key gets a name: line with the entry’s indentation', () => {
  const after = apply(FILE, fileObjectRenameEdit(FILE, 'secret', 'api_key', 'api_key_v2'));
  assert.match(after, /api_key:\n {4}name: api_key_v2\n {4}external: true\n/);
  assert.equal(after.replace('    name: api_key_v2\n', ''), FILE);
});

test('no edit for a file-based entry, an unknown name, or a file that does not parse', () => {
  assert.equal(fileObjectRenameEdit(FILE, 'secret', 'tls', 'tls_v2'), undefined);
  assert.equal(fileObjectRenameEdit(FILE, 'secret', 'nope', 'nope_v2'), undefined);
  assert.equal(fileObjectRenameEdit('secrets: [\n', 'secret', 'a', 'b'), undefined);
});
