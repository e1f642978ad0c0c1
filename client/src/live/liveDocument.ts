// A stack file's text against a swarm snapshot: its drift, outline and `live-*` diagnostics — what the live model
// caches per document and what the lenses show. No `vscode`: the bench and the engine tests run the same computation.
import { dirname } from 'node:path';
import { convertStack, loadStackConfig, parseComposeYaml, type DesiredStack, type ImagePlatforms, type StackDrift, type VolumeDrivers } from '../deploy';
import { snapshotDrift, type SwarmSnapshot } from '../swarm';
import { fileLiveDiagnostics, type LiveDiagnostic } from './liveDiagnostics';
import { stackOutline, type StackOutline } from './stackOutline';

/** The namespace a file without a known stack name is checked under. */
const UNNAMED_STACK = 'unnamed';

export interface LiveDocument {
  stack: string;
  /** Where the stack name came from, for tooltips. */
  source: 'comment' | 'workspace' | 'revision';
  drift: StackDrift;
  snapshot: SwarmSnapshot;
  outline: StackOutline;
  /** The parsed file (its key order for the rendering). */
  parsed: unknown;
  connection: string;
  /** The `live-*` checks of the file against the snapshot. */
  diagnostics: LiveDiagnostic[];
}

export type LiveResult =
  | { kind: 'live'; live: LiveDocument }
  | { kind: 'off' }
  | { kind: 'no-stack'; outline: StackOutline; diagnostics: LiveDiagnostic[] }
  | { kind: 'error'; message: string; outline: StackOutline };

export interface LiveInput {
  text: string;
  path: string;
  /** The stack the file is deployed as, when known. */
  name?: { stack: string; source: LiveDocument['source'] };
  snapshot: SwarmSnapshot;
  /** The connection's name, in lenses and messages. */
  connection: string;
  /** The image's platforms (registry, else the manager's image store), when known (else the image check is skipped). */
  imageArch?: (image: string) => ImagePlatforms | string | undefined;
  /** The volume drivers the manager has (its /info Plugins.Volume), when known (else the driver check is skipped). */
  volumeDrivers?: () => VolumeDrivers | undefined;
}

/**
 * What the files would deploy as `stack`, as the lenses compare it: the process environment, the first file's directory;
 * secret/config files are not read (an unreadable one must not hide the services' drift; their content is not compared).
 */
export function desiredStackOf(files: { path: string; text: string }[], stack: string): DesiredStack {
  const readFile = () => Buffer.alloc(0);
  return convertStack(loadStackConfig({ files, env: process.env, workingDir: dirname(files[0].path), readFile }), stack, readFile);
}

export function computeLive(input: LiveInput): LiveResult {
  const { text, path, name, snapshot, connection } = input;
  let outline: StackOutline = { keys: new Map() };
  try {
    outline = stackOutline(text);
    // Without a stack name the live checks still run (the namespace only prefixes the stack's own objects).
    const desired = desiredStackOf([{ path, text }], name?.stack ?? UNNAMED_STACK);
    const diagnostics = fileLiveDiagnostics(desired, outline.document, snapshot, {
      stack: name?.stack,
      imageArch: input.imageArch,
      volumeDrivers: input.volumeDrivers?.(),
      swarm: connection,
    });
    if (!name) return { kind: 'no-stack', outline, diagnostics };
    const drift = snapshotDrift(desired, snapshot);
    return { kind: 'live', live: { ...name, drift, snapshot, outline, parsed: parseComposeYaml(text, path), connection, diagnostics } };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message, outline };
  }
}
