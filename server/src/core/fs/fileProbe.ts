import { statSync } from 'node:fs';

/** The only file-system access the core needs: does a file exist, and how big is it. Injected for tests. */
export interface FileProbe {
  /** undefined when the path does not exist; otherwise its size in bytes and whether it is a file. */
  stat(path: string): { size: number; isFile: boolean } | undefined;
}

export const nodeFileProbe: FileProbe = {
  stat(path) {
    try {
      const s = statSync(path);
      return { size: s.size, isFile: s.isFile() };
    } catch {
      return undefined;
    }
  },
};
