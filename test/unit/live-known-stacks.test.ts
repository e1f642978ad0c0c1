// Which stack files the workspace knows without their being open (live/knownStacks): commented files, then the newest
// revision per stack whose files exist; what a commented or open file says wins; unloadable stacks are left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StackRevision } from '../../client/src/deploy';
import { commentedStack, knownDrift, knownStacks } from '../../client/src/live/knownStacks';
import { syntheticSnapshot } from '../support/syntheticSwarm';

const revision = (stack: string, ...paths: string[]) => ({ stack, files: paths.map((path) => ({ path, text: '' })) }) as unknown as StackRevision;

test('commented files first; revisions whose files all exist, not commented, and of a stack not known yet', () => {
  const commented = new Map([
    ['/w/a.yml', 'shop'],
    ['/w/b.yml', 'blog'],
  ]);
  const revisions = [
    revision('shop', '/w/other.yml'), // shop is named by a.yml's comment
    revision('api', '/w/api.yml', '/w/api.prod.yml'),
    revision('gone', '/w/deleted.yml'),
    revision('mixed', '/w/b.yml'), // b.yml says it is blog
  ];
  const exists = (p: string) => p !== '/w/deleted.yml';
  assert.deepEqual(
    knownStacks(commented, revisions, exists).map((k) => `${k.source} ${k.stack} ${k.files.join(' ')}`),
    ['comment shop /w/a.yml', 'comment blog /w/b.yml', 'revision api /w/api.yml /w/api.prod.yml'],
  );
  assert.equal(commentedStack('# swarm-pilot: stack shop\nservices: {}\n'), 'shop');
  assert.equal(commentedStack('services: {}\n'), undefined);
});

test('knownDrift: open files and unreadable or unloadable stacks are left out; not deployed is not drift', () => {
  const known = [
    { stack: 'a', files: ['/w/a.yml'], source: 'comment' as const },
    { stack: 'b', files: ['/w/b.yml'], source: 'comment' as const },
    { stack: 'c', files: ['/w/c.yml'], source: 'comment' as const },
  ];
  const texts: Record<string, string> = { '/w/a.yml': 'services:\n  web:\n    image: x\n', '/w/b.yml': 'services: [not, a, map]\n' };
  const read = (p: string) => texts[p];
  // Nothing of these stacks runs on the synthetic swarm: not-deployed services, no drift, and no error.
  assert.deepEqual([...knownDrift(known, syntheticSnapshot([]), read)], []);
  assert.deepEqual([...knownDrift(known, syntheticSnapshot([]), read, new Set(['/w/a.yml']))], []);
});
