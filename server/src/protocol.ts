// The custom messages between the extension and the language server: declared once, here, on the
// vscode-languageserver-protocol types that both vscode-languageclient and vscode-languageserver use, and
// imported by both sides (the client bundle takes only this file: the core import below is type-only).
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { FileKind } from './core';

export type { FileKind };

export interface DocumentInfoParams {
  uri: string;
}
export interface DocumentInfo {
  kind: FileKind | null;
  forced: boolean;
  errors: number;
  warnings: number;
}
export const DocumentInfoRequest = new RequestType<DocumentInfoParams, DocumentInfo, void>('swarmPilot/documentInfo');

export interface SetKindParams {
  uri: string;
  /** null returns the document to automatic detection. */
  kind: FileKind | null;
}
export const SetKindNotification = new NotificationType<SetKindParams>('swarmPilot/setKind');

/**
 * The V8 flags the language server runs with, wherever it is started: the extension forks it with them, and the bench
 * reads them from dist/server.js so that it measures the process users get. Every edit of a large file leaves its
 * previous text behind in V8's large-object space (2 MB per keystroke on a 1000-service stack), which only a full GC
 * frees; by default the old generation may grow to about twice the live heap before one runs, on top of a 32 MB young
 * generation. A 2 MB semi-space and a 35% growth step cut the peak RSS of that stack, opened and edited, from about
 * 217 to 163 MB (issue #17). A 20% step reaches 157 MB but makes its edits about half as slow again (more full GCs).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--heap-growing-percent=35'];

/**
 * Environment the language server is started with, beside SERVER_NODE_FLAGS (same consumers). V8 compiles and
 * collects on helper threads, and glibc gives each thread that mallocs its own arena, which keeps the pages it once
 * used: one arena cut the server's resident size by 6–12 MB with stack-1000.yml open and edited, with no measurable
 * change in latency (issue #17). Runtimes that do not use glibc's malloc ignore it.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '1' };
