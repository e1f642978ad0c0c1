import { NotificationType, RequestType } from 'vscode-languageclient/node';
import type { DocumentInfo, DocumentInfoParams, SetKindParams } from '../../../server/src/protocol';

// The server's custom messages, declared with the client library's types (the method names must match
// server/src/lsp/protocol.ts; only its types are imported so the client bundle stays free of server code).
export type { DocumentInfo, SetKindParams };
export type FileKind = NonNullable<DocumentInfo['kind']>;

export const DocumentInfoRequest = new RequestType<DocumentInfoParams, DocumentInfo, void>('swarmPilot/documentInfo');
export const SetKindNotification = new NotificationType<SetKindParams>('swarmPilot/setKind');

/** How each kind is named in the UI. */
export const KIND_LABEL: Record<FileKind, string> = {
  stack: 'Stack file (swarm)',
  compose: 'Compose file',
  daemon: 'daemon.json',
  'oci-runtime': 'OCI runtime config',
  'oci-hooks': 'OCI hook',
};
