import type { StackCheck } from '../context';
import { checkByteSizes } from './byteSizes';
import { checkDeployValues } from './deployValues';
import { checkDurations } from './durations';
import { checkFileRefs } from './fileRefs';
import { checkDuplicateTargets } from './duplicateTargets';
import { checkImages } from './image';
import { checkMounts } from './mounts';
import { checkObjectNames, checkServiceNames, checkVolumeNames } from './names';
import { checkNetworks } from './networks';
import { checkNumbers } from './numbers';
import { checkPlacement } from './placement';
import { checkPorts } from './ports';
import { checkPublishedPorts } from './publishedPorts';
import { checkReferences } from './references';
import { checkDrivers, checkServiceOptions } from './serviceOptions';
import { checkTemplates } from './templates';
import { checkUlimits } from './ulimits';

/**
 * What `docker stack config` accepts but deploy refuses, in the order docker meets it: loader transforms
 * (durations, sizes, short ports), convert (references, files, deploy values), then dockerd/swarmkit
 * (placement, names, networks, mounts, ports across services) and runc (ulimits).
 */
export const DEPLOY_RULE_CHECKS: StackCheck[] = [
  checkDurations,
  checkByteSizes,
  checkPorts,
  checkImages,
  checkReferences,
  checkFileRefs,
  checkServiceOptions,
  checkDrivers,
  checkMounts,
  checkTemplates,
  checkDuplicateTargets,
  checkDeployValues,
  checkNumbers,
  checkObjectNames,
  checkVolumeNames,
  checkNetworks,
  checkServiceNames,
  checkPlacement,
  checkPublishedPorts,
  checkUlimits,
];
