import type { FileProbe } from '../fs/fileProbe';
import type { CoreSettings } from '../settings';
import type { Diagnostic } from '../types';

/** What a JSON kind's validator receives (YAML kinds get a parsed model as well). */
export interface KindInput {
  text: string;
  filePath: string | undefined;
  settings: CoreSettings;
  fs: FileProbe;
}

export type KindValidator = (input: KindInput) => Diagnostic[];
