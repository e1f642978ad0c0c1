// Fleet rollouts: one stack to many swarms in health-gated waves, built on the deploy engine (Node only).
export { backoffDelays, reach, targetClient } from './connect';
export { parseBudget, parseFleetFile, type Budget, type FleetFile, type FleetTarget, type RolloutPolicy } from './fleetFile';
export {
  failureReason,
  fleetEventLine,
  FleetRunner,
  fleetStatus,
  planSummary,
  type FleetEvent,
  type FleetOptions,
  type FleetOutcome,
  type FleetResult,
  type TargetPlan,
} from './fleetRunner';
export { stackUnhealthy } from './health';
export { mapLimit } from './pool';
export {
  changedTargets,
  isDone,
  newRunState,
  notResumable,
  readRunState,
  resumeSelection,
  runStatePath,
  writeRunState,
  type FleetRunState,
  type RunStatus,
  type TargetState,
  type TargetStatus,
} from './runState';
export { allowedFailures, budgetExceeded, computeWaves, formatBudget, waveBudget } from './waves';
