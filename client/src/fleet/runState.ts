// The rollout state, written per target as it happens (one JSON file per fleet and stack beside the revision store,
// atomically: temp file + rename), so an interrupted rollout is resumed without redoing finished targets. Pure but
// for the file functions at the end.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type TargetStatus = 'pending' | 'deploying' | 'succeeded' | 'unchanged' | 'failed' | 'skipped' | 'rolled-back';
export type RunStatus = 'running' | 'succeeded' | 'paused' | 'rolled-back' | 'failed' | 'interrupted';

export interface TargetState {
  wave: number;
  status: TargetStatus;
  /** The revision the target runs after this run touched it (the services' com.swarm-pilot.revision). */
  revision?: string;
  /** This run changed the target (a deploy that converged with changes): a rollback takes it back. */
  changed?: boolean;
  startedAt?: string;
  finishedAt?: string;
  /** Why it failed or was skipped, with the node when the swarm named one. */
  message?: string;
}

export interface FleetRunState {
  version: 1;
  runId: string;
  fleet: string;
  stack: string;
  /** The revision id this run deploys (of the stack files, the same on every target). */
  release?: string;
  startedAt: string;
  updatedAt: string;
  status: RunStatus;
  waves: string[][];
  targets: Record<string, TargetState>;
  /** Why the run stopped (budget exceeded, cancelled). */
  message?: string;
}

export function newRunState(fleet: string, stack: string, waves: string[][], now = new Date()): FleetRunState {
  const targets: Record<string, TargetState> = {};
  waves.forEach((w, i) => w.forEach((name) => (targets[name] = { wave: i, status: 'pending' })));
  return {
    version: 1,
    runId: `${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`,
    fleet,
    stack,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    status: 'running',
    waves,
    targets,
  };
}

const DONE: ReadonlySet<TargetStatus> = new Set(['succeeded', 'unchanged']);

export const isDone = (t: TargetState | undefined): boolean => !!t && DONE.has(t.status);

/** The targets a resume still deploys, per wave (finished ones are left out; empty waves dropped). */
export function resumeSelection(state: FleetRunState): { wave: number; targets: string[] }[] {
  return state.waves.map((w, i) => ({ wave: i, targets: w.filter((n) => !isDone(state.targets[n])) })).filter((w) => w.targets.length);
}

/** Why a run cannot be resumed, or undefined when it can. */
export function notResumable(state: FleetRunState | undefined): string | undefined {
  if (!state) return 'no rollout of this stack to this fleet is recorded';
  if (state.status === 'succeeded') return `rollout ${state.runId} already reached every target`;
  if (state.status === 'rolled-back') return `rollout ${state.runId} was rolled back; start a new one with \`fleet deploy\``;
  return undefined;
}

/** The targets this run changed (a rollback takes them back). */
export function changedTargets(state: FleetRunState): string[] {
  return Object.entries(state.targets)
    .filter(([, t]) => t.changed && t.status === 'succeeded')
    .map(([n]) => n);
}

export function runStatePath(stateDir: string, fleet: string, stack: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  return join(stateDir, 'fleet', `${safe(fleet)}--${safe(stack)}.json`);
}

export function readRunState(path: string): FleetRunState | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as FleetRunState;
    return data?.version === 1 && data.targets ? data : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`the rollout state ${path} cannot be read: ${(err as Error).message}`);
  }
}

/** Synchronous on purpose: a Ctrl-C right after a target finished must not lose its line. */
export function writeRunState(path: string, state: FleetRunState, now = new Date()): void {
  state.updatedAt = now.toISOString();
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, path);
}
