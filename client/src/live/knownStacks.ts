// Stack files the workspace knows but that are not open — files with a `# swarm-pilot: stack NAME` comment found in
// the workspace, and the newest revision of each stack deployed to this connection whose files still exist — and the
// services of theirs that drifted, for the explorer's marks (the open files' drift comes from the live model).
// No `vscode`: the engine tests run it on the real swarm.
import { stackNameFromComment, type StackRevision } from '../deploy';
import { snapshotDrift, type SwarmSnapshot } from '../swarm';
import { desiredStackOf } from './liveDocument';

export interface KnownStack {
  stack: string;
  /** The stack's files, in `-c` order. */
  files: string[];
  source: 'comment' | 'revision';
}

/**
 * The known stacks: each commented file as its own stack, then each revision whose files all exist and none of which
 * is a commented or an open file (those are the file's own word on its stack). A stack already known is not repeated.
 */
export function knownStacks(commented: ReadonlyMap<string, string>, revisions: readonly StackRevision[], exists: (path: string) => boolean): KnownStack[] {
  const out: KnownStack[] = [...commented].map(([path, stack]) => ({ stack, files: [path], source: 'comment' as const }));
  const stacks = new Set(out.map((k) => k.stack));
  for (const r of revisions) {
    const files = r.files.map((f) => f.path);
    if (stacks.has(r.stack) || !files.length || files.some((f) => commented.has(f) || !exists(f))) continue;
    stacks.add(r.stack);
    out.push({ stack: r.stack, files, source: 'revision' });
  }
  return out;
}

/** The stack name a file's text gives itself, for the workspace scan. */
export const commentedStack = (text: string): string | undefined => stackNameFromComment(text);

/**
 * Full service name → drifted fields, for the known stacks not open (`skip`: paths open in the editor). A stack whose
 * files no longer load is left out: its lens says why once it is opened.
 */
export function knownDrift(
  known: readonly KnownStack[],
  snapshot: SwarmSnapshot,
  read: (path: string) => string | undefined,
  skip: ReadonlySet<string> = new Set(),
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of known) {
    if (k.files.some((f) => skip.has(f))) continue;
    const texts = k.files.map((path) => ({ path, text: read(path) }));
    if (texts.some((t) => t.text === undefined)) continue;
    try {
      const desired = desiredStackOf(
        texts.map((t) => ({ path: t.path, text: t.text! })),
        k.stack,
      );
      for (const s of snapshotDrift(desired, snapshot).services) if (s.status === 'drifted') out.set(s.name, s.fields);
    } catch {
      /* not loadable now */
    }
  }
  return out;
}
