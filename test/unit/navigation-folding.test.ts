import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJson } from '../../server/src/core/json/jsonDocument';
import { foldingRanges } from '../../server/src/core/navigation/folding';
import { parseYaml } from '../../server/src/core/yaml/yamlDocument';

/** Folds as `start-end` strings (0-based lines), comment folds marked with `#`. */
const brief = (folds: ReturnType<typeof foldingRanges>) => folds.map((f) => `${f.kind === 'comment' ? '#' : ''}${f.startLine}-${f.endLine}`);

test('YAML folding: block mappings and sequences, list items, block and multi-line scalars, flow collections, comment blocks', () => {
  const text = [
    '# Header comment', //  0
    '# second line', //     1
    'services:', //         2
    '  web:', //            3
    '    image: nginx', //  4
    '    command: |', //    5
    '      # not a comment', // 6
    '      # still text', // 7
    '      nginx -g daemon', // 8
    '    ports:', //        9
    '      - target: 80', // 10
    '        published: 8080', // 11
    '      - "443:443"', // 12
    '    environment: {', // 13
    '      A: "1",', //     14
    '      B: "2" }', //    15
    '    # trailing', //    16
    '    # comment block', // 17
    '    labels:', //       18
    '      note: "multi', // 19
    '        line"', //     20
    '', //                  21
    'networks:', //         22
    '  front:', //          23
    '',
  ].join('\n');
  assert.deepEqual(brief(foldingRanges({ kind: 'stack', yaml: parseYaml(text) })), [
    '#0-1',
    '2-20',
    '3-20',
    '5-8',
    '9-12',
    '10-11',
    '13-15',
    '#16-17',
    '18-20',
    '19-20',
    '22-23',
  ]);
});

test('YAML folding: one range per start line (the outermost), nothing for one-line values, CRLF files alike', () => {
  const text = 'a:\n  - name:\n      x: 1\n      y: 2\n  - b\nc: 1\nd: [1, 2]\n';
  assert.deepEqual(brief(foldingRanges({ kind: 'compose', yaml: parseYaml(text) })), ['0-4', '1-3']);
  const crlf = text.replace(/\n/g, '\r\n');
  assert.deepEqual(brief(foldingRanges({ kind: 'compose', yaml: parseYaml(crlf) })), brief(foldingRanges({ kind: 'compose', yaml: parseYaml(text) })));
});

test('JSON folding: objects and arrays up to the line before their closing bracket', () => {
  // Lines 0-13; the closing brackets stay visible, one-line arrays and objects do not fold.
  const text = `{
  "debug": true,
  "runtimes": {
    "crun": {
      "path": "/usr/bin/crun",
      "runtimeArgs": [
        "--debug"
      ]
    }
  },
  "labels": ["a", "b"],
  "log-opts": { "max-size": "10m",
    "max-file": "3" }
}
`;
  assert.deepEqual(brief(foldingRanges({ kind: 'daemon', json: parseJson(text) })), ['0-12', '2-8', '3-7', '5-6']);
  assert.deepEqual(foldingRanges({ kind: 'daemon', json: parseJson('') }), []);
});
