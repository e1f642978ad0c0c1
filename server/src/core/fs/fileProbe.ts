import { readFileSync, statSync } from 'node:fs';

/** The only file-system access the core needs: does a file exist, and how big is it. Injected for tests. */
export interface FileProbe {
  /** undefined when the path does not exist; otherwise its size in bytes and whether it is a file. */
  stat(path: string): { size: number; isFile: boolean } | undefined;
  /** The file's text (UTF-8), or undefined when it cannot be read; optional: probes without it skip content checks. */
  read?(path: string): string | undefined;
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
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};
