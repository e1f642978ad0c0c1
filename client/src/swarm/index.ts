// The live swarm for the explorer and the node/service commands. Pure TypeScript (no `vscode`).
export { analyzeDrain, type DrainImpact, type TaskMove, type Unplaceable } from './drainImpact';
export {
  drainNode,
  followDrain,
  OpRefused,
  removeNode,
  removeNodeLabel,
  setAvailability,
  setNodeLabel,
  setRole,
  type Availability,
  type DrainOutcome,
  type DrainProgress,
} from './nodeOperations';
export { downNodes, reschedulingPending, rootCaExpiry, type DownNode, type RescheduledTask } from './recovery';
export { checkQuorumChange, raftHealth, type QuorumVerdict } from './quorum';
export { isNoLeaderError, quorumLostState, quorumState, type ManagerRef, type QuorumState } from './quorumLoss';
export {
  forceUpdateService,
  removeService,
  rollbackService,
  scaleService,
  watchServiceUpdate,
  type UpdateOutcome,
  type WatchResult,
} from './serviceOperations';
export {
  shortImage,
  stacksOf,
  STACK_LABEL,
  summarizeService,
  takeSnapshot,
  tasksOf,
  type NamedObject,
  type ServiceSummary,
  type SwarmSnapshot,
} from './snapshot';
export { serviceHealth, snapshotDrift, type ServiceHealth } from './liveStack';
export { snapshotChecks, type SnapshotCheckOptions } from './snapshotChecks';
export { SwarmWatcher, type WatcherState } from './swarmWatcher';
export { isEmptyStack, removalLines, removeStack, stackContents, type StackContents, type StackObject, type StackRemovalResult } from './stackRemoval';
export {
  createObject,
  findObject,
  nextObjectName,
  objectUses,
  removeObject,
  rotateObject,
  type FileObjectKind,
  type ObjectUse,
  type RotationResult,
  type RotationService,
} from './fileObjects';
export { formatStackLogLine, splitDetails, splitTimestamp, stackLogs, type StackLogLine, type StackLogOptions } from './stackLogs';
export {
  eligibleNodes,
  moveLine,
  NodeReturns,
  outcomeLine,
  rebalance,
  runningTasksByNode,
  skewedServices,
  type RebalanceOutcome,
  type SkewedService,
} from './rebalance';
export {
  clientForRoute,
  NODE_CONNECTIONS_SETTING,
  openShell,
  routeToNode,
  SHELL_COMMAND,
  type NodeConnectionSetting,
  type NodeRoute,
  type ShellSession,
} from './taskShell';
