import type { StackCheck } from '../context';
import { checkByteSizes } from './byteSizes';
import { checkDeployValues } from './deployValues';
import { checkDurations } from './durations';
import { checkFileRefs } from './fileRefs';
import { checkImages } from './image';
import { checkNumbers } from './numbers';
import { checkPlacement } from './placement';
import { checkPorts } from './ports';
import { checkReferences } from './references';
import { checkUlimits } from './ulimits';

/**
 * What `docker stack config` accepts but deploy refuses, in the order docker meets it: loader transforms
 * (durations, sizes, short ports), convert (references, files, deploy values), then dockerd/swarmkit
 * (placement) and runc (ulimits).
 */
export const DEPLOY_RULE_CHECKS: StackCheck[] = [checkDurations, checkByteSizes, checkPorts, checkImages, checkReferences, checkFileRefs, checkDeployValues, checkNumbers, checkPlacement, checkUlimits];
