// dockerd reads daemon.json as UTF-8 with or without a BOM, or UTF-16 LE/BE with a BOM (moby v27.5.1
// daemon/config/config_test.go TestDaemonConfigurationUnicodeVariations, TestDaemonConfigurationInvalidUnicode).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeText, defaultSettings, validateText } from '../../server/src/core';
import { brief } from './helpers';

/** The upstream test's encodings, as the bytes a file on disk holds. */
const ENCODINGS: Record<string, (text: string) => Buffer> = {
  'UTF-8': (t) => Buffer.from(t, 'utf8'),
  'UTF-8 (with BOM)': (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
  'UTF-16 (BE with BOM)': (t) => Buffer.from(Buffer.from(`\ufeff${t}`, 'utf16le')).swap16(),
  'UTF-16 (LE with BOM)': (t) => Buffer.from(`\ufeff${t}`, 'utf16le'),
};

function validateBytes(bytes: Buffer, kind: 'daemon' | 'stack') {
  const decoded = decodeText(bytes);
  assert.ok(!('error' in decoded), `not decoded: ${'error' in decoded ? decoded.error : ''}`);
  return validateText({ text: decoded.text, encoding: decoded.encoding, kind, filePath: '/etc/docker/daemon.json', settings: defaultSettings() })!.diagnostics;
}

for (const [name, encode] of Object.entries(ENCODINGS)) {
  test(`daemon.json in ${name}: the upstream {"debug": true} is clean, and positions are in the decoded text`, () => {
    assert.deepEqual(validateBytes(encode('{"debug": true}'), 'daemon'), []);
    const d = validateBytes(encode('{\n  "debug": true,\n  "log-level": "loud"\n}'), 'daemon');
    assert.deepEqual(brief(d), ['daemon-value@3:16']);
  });
}

test('UTF-16 is for daemon.json only: a UTF-16 stack file is not text', () => {
  for (const name of ['UTF-16 (BE with BOM)', 'UTF-16 (LE with BOM)']) {
    const d = validateBytes(ENCODINGS[name]('services:\n  web:\n    image: nginx:1.27\n'), 'stack');
    assert.deepEqual(
      d.map((x) => [x.code, x.severity]),
      [['file-not-text', 'error']],
    );
    assert.match(d[0].message, /not valid UTF-8 text.*UTF-16 [LB]E \(only dockerd reads UTF-16/);
  }
});

test('invalid UTF-8, with or without a UTF-8 BOM, is refused as dockerd refuses it (ErrInvalidUTF8)', () => {
  for (const bytes of [Buffer.from('\xef\xbb\xbf{"debug": true}\xff', 'latin1'), Buffer.from('{"debug": true}\xff', 'latin1')]) {
    const decoded = decodeText(bytes);
    assert.ok('error' in decoded);
    assert.match(decoded.error, /not valid UTF-8/);
  }
});
