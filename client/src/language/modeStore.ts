import type * as vscode from 'vscode';
import type { FileKind } from '../../../server/src/protocol';

const KEY = 'swarmPilot.forcedModes';

/**
 * Modes forced with "Swarm Pilot: Set Validation Mode", per document URI. Kept in workspace state so they
 * survive a reload and are sent again to a restarted server (which starts with none).
 */
export class ModeStore {
  constructor(private readonly memento: vscode.Memento) {}

  get(uri: string): FileKind | undefined {
    return this.all()[uri];
  }

  all(): Record<string, FileKind> {
    return { ...(this.memento.get<Record<string, FileKind>>(KEY) ?? {}) };
  }

  async set(uri: string, kind: FileKind | undefined): Promise<void> {
    const modes = this.all();
    if (kind) modes[uri] = kind;
    else delete modes[uri];
    await this.memento.update(KEY, modes);
  }
}
