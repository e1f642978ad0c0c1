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
