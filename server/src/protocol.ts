import { NotificationType, RequestType } from 'vscode-languageserver';
import type { FileKind } from './core/types';

/** Custom messages between the extension and the server (shared by both sides). */
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
