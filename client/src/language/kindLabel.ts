import type { FileKind } from '../../../server/src/protocol';

/** How each kind is named in the UI. */
export const KIND_LABEL: Record<FileKind, string> = {
  stack: 'Stack file (swarm)',
  compose: 'Compose file',
  daemon: 'daemon.json',
  'oci-runtime': 'OCI runtime config',
  'oci-hooks': 'OCI hook',
  fleet: 'Fleet file',
};
