import type { StackCheck } from '../context';
import { checkHealth } from './health';
import { checkImagePinning } from './images';
import { checkBindMounts } from './mounts';
import { checkReplicaPlacement } from './placement';
import { checkResources } from './resources';
import { checkUpdateConfig } from './updates';

/** Swarm-readiness advice (information by default), after every check of what docker accepts. */
export const READINESS_CHECKS: StackCheck[] = [checkHealth, checkResources, checkImagePinning, checkUpdateConfig, checkReplicaPlacement, checkBindMounts];
