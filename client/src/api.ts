import type { ModeStatusSnapshot } from './language/modeStatus';
import type { DocumentInfo } from '../../server/src/protocol';
import type { FleetFeature } from './fleetView';
import type { SwarmFeature } from './swarmCommands';

/** What `activate` returns: read-only information for other extensions and the host tests. */
export interface SwarmPilotApi {
  /** Milliseconds: `activate` body, and activation start → language server initialized. */
  readonly timings: { activateMs: number; serverReadyMs?: number };
  /** Resolves when the language server has answered `initialize`. */
  readonly ready: Promise<void>;
  /** The server's view of an open document: kind, forced mode, error and warning counts. */
  documentInfo(uri: string): Promise<DocumentInfo>;
  /** What the language status item shows for the active editor (refreshed first). */
  modeStatus(): Promise<ModeStatusSnapshot | undefined>;
  /** The Swarm explorer: connections, the live snapshot, the rows each view shows. */
  readonly swarm: SwarmFeature;
  /** The Fleet view: the chosen fleet and stack, the target rows. */
  readonly fleet: FleetFeature;
}
