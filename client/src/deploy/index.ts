// The stack deploy engine: compose files → swarm specs exactly as `docker stack deploy` (docker/cli 27.5.1) makes
// them, a plan with live checks, a parallel apply with a concurrent convergence watch, a failure-rate circuit breaker
// that rolls everything back, and stack revisions to roll back to. Pure TypeScript (no `vscode`).
export { applyPlan, Journal, pruneServices, type ApplyOptions, type ApplyOutcome, type ApplyStep, type ChangeKind, type ChangeRecord } from './apply';
export { CircuitBreaker, type BreakerOptions, type ServiceHealth, type TripInfo } from './circuitBreaker';
export * from './convert';
export { EngineOps, type ImageInspect, type NetworkSummary, type SwarmObject } from './engineOps';
export { parseModeComment, stackNameFromComment } from '../../../server/src/core/stackModel';
export { fileObjectRenameEdit, type TextEdit } from './fileObjectRename';
export { evaluateConstraints, nodeMatches, nodeName, normalizeArch } from './placement';
export {
  externalChecks,
  imageArchCheck,
  placementChecks,
  portChecks,
  replicasOf,
  volumeDriverChecks,
  volumeDriversOf,
  type CheckedService,
  type ExistingObjects,
  type ImagePlatforms,
  type LiveCheckCode,
  type LiveCheckProblem,
  type VolumeDrivers,
} from './liveChecks';
export { imagePlatforms } from './imagePlatforms';
export {
  planStack,
  type ObjectPlan,
  type PlanOptions,
  type PlanProblem,
  type ResolveImage,
  type RevisionLabels,
  type ServicePlan,
  type StackPlan,
} from './plan';
export { deployEventLines, formatPlan } from './planText';
export {
  convertToHostname,
  encodeAuthConfig,
  readDockerConfig,
  registryAuthForImage,
  registryKeyForImage,
  type AuthConfig,
  type DockerConfigFile,
  type ResolvedAuth,
} from './registryAuth';
export {
  decodeFilesLabel,
  defaultStateDir,
  encodeFilesLabel,
  FileRevisionStore,
  makeRevision,
  MemoryRevisionStore,
  PREVIOUS_FILES_LABEL,
  PREVIOUS_REVISION_LABEL,
  REVISION_LABEL,
  revisionId,
  type RevisionFile,
  type RevisionStore,
  type StackRevision,
} from './revisions';
export {
  DeployRunner,
  deployStack,
  type DeployEvent,
  type DeployOptions,
  type DeployResult,
  type DeploySource,
  type DeployState,
  type DeployStatus,
  type FileDiagnostics,
  type StackValidator,
} from './runner';
export { diffSpecs, effectiveSpec, formatChange, restartsTasks, serviceChanges, type SpecChange } from './specDiff';
export { goDuration, orderLike, renderLiveStack, type RenderOptions } from './liveRender';
export { fieldOf, formatDrift, stackDrift, type DriftLiveState, type DriftStatus, type FieldChange, type ServiceDrift, type StackDrift } from './drift';
export { findRollbackTarget, rollbackStack, type RollbackTarget } from './stackRollback';
export { readLiveState, snapshotStack, type LiveState, type StackSnapshot } from './state';
export { fatalRejection, isFatalRejectionText, type FatalRejection } from './taskRejection';
export { DeployTimeline, formatTimeline, timelineGap, type TimelineEntry, type TimelineKind } from './timeline';
export { undoJournal, type UndoOptions, type UndoResult } from './undo';
export { engineEventWake, eventServiceId } from './watchEvents';
export {
  ConvergenceWatcher,
  evaluateService,
  failedTasks,
  replacementOf,
  taskError,
  type ProgressReport,
  type ServiceProgress,
  type WatchOptions,
  type WatchResult,
  type WatchTarget,
} from './watch';
