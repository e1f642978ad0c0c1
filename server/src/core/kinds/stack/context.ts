import type { FileProbe } from '../../fs/fileProbe';
import type { ReportExtra } from '../../rules/reporter';
import type { RuleMeta } from '../../rules/registry';
import type { CoreSettings } from '../../settings';
import type { Range } from '../../types';
import type { ValuePath, YamlModel } from '../../yaml/yamlDocument';
import { isPlainObject } from '../../text/guards';

/** What every stack/compose check receives. Checks read `config`, never re-parse the text. */
export interface StackContext {
  readonly model: YamlModel;
  /** The loaded file after interpolation (and type casts), i.e. what docker's loader validates. */
  readonly config: Record<string, unknown>;
  /** Absolute path of the file, for resolving relative `file:` entries; undefined for unsaved buffers. */
  readonly filePath: string | undefined;
  readonly settings: CoreSettings;
  /** The stack name from a `# swarm-pilot: stack NAME` comment; undefined when the file does not say. */
  readonly stackName?: string;
  readonly fs: FileProbe;
  report(rule: RuleMeta, range: Range, message: string, extra?: ReportExtra): void;
  /** Range of the key at path (value range for list items). */
  keyRange(path: ValuePath): Range;
  /** Range of the value at path. */
  valueRange(path: ValuePath): Range;
  /**
   * Runs `body` for each service, for a check whose per-service part reads only that service and the file's
   * other top-level sections: in the editor, services unchanged since the last edit replay their stored results.
   */
  eachService(check: string, body: (name: string, svc: Record<string, unknown>) => void): void;
}

export type StackCheck = (ctx: StackContext) => void;

/** Small typed accessors over the loaded config, shared by all checks. */
export function asMap(v: unknown): Record<string, unknown> | undefined {
  return isPlainObject(v) ? v : undefined;
}

export function entries(v: unknown): [string, unknown][] {
  const m = asMap(v);
  return m ? Object.entries(m) : [];
}

/** The list per loaded config: some twenty checks ask for it on every validation. */
const serviceLists = new WeakMap<object, readonly [string, Record<string, unknown>][]>();

export function services(ctx: StackContext): readonly [string, Record<string, unknown>][] {
  let list = serviceLists.get(ctx.config);
  if (!list) {
    const all: [string, Record<string, unknown>][] = [];
    const map = asMap(ctx.config.services);
    // A plain loop: built on every keystroke, for every service.
    if (map) {
      for (const name of Object.keys(map)) {
        const m = asMap(map[name]);
        if (m) all.push([name, m]);
      }
    }
    serviceLists.set(ctx.config, (list = all));
  }
  return list;
}
