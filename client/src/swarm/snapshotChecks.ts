// The planner's live checks (deploy/liveChecks) for a stack file against the explorer's snapshot, with no swarm read
// of their own: what the editor's `live-*` diagnostics show.
import { externalChecks, imageArchCheck, placementChecks, portChecks, type DesiredStack, type ImagePlatforms, type LiveCheckProblem } from '../deploy';
import { STACK_LABEL, type SwarmSnapshot } from './snapshot';

export interface SnapshotCheckOptions {
  /** The stack the file is deployed as: its own services' ports are not "used by another service". */
  stack?: string;
  /** The image's platforms (registry, else the manager's image store; a string: one architecture), when known;
   * undefined: skip the image check. */
  imageArch?: (image: string) => ImagePlatforms | string | undefined;
}

export function snapshotChecks(desired: DesiredStack, snapshot: SwarmSnapshot, options: SnapshotCheckOptions = {}): LiveCheckProblem[] {
  const others = snapshot.services.filter((s) => !options.stack || s.service.Spec?.Labels?.[STACK_LABEL] !== options.stack).map((s) => s.service);
  const images = desired.services.flatMap((s) => {
    const arch = options.imageArch?.(s.image);
    const problem = arch ? imageArchCheck(s, arch, snapshot.nodes) : undefined;
    return problem ? [problem] : [];
  });
  return [
    ...placementChecks(desired.services, snapshot.nodes),
    ...externalChecks(desired, { networks: snapshot.networks, secrets: snapshot.secrets.map((o) => o.name), configs: snapshot.configs.map((o) => o.name) }),
    ...portChecks(desired.services, others),
    ...images,
  ];
}
