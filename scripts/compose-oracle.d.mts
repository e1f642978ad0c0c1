// Types of scripts/compose-oracle.mjs for the TypeScript tests that reuse it.
export declare const TABLE: string;
export declare const TABLE_WITH_DOTENV: string;
export declare function composeVersion(): string;
export declare function composeVerdict(corpusComposeDir: string, rel: string, opts?: { dotenv?: boolean }): { exit: number; message: string };
export declare function readTable(file: string): { path: string; exit: number; message: string }[];
