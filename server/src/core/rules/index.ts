// Every rule of the validator, by code: an explicit, sorted list (as ESLint's lib/rules/index.js), so that the
// README table, SARIF output and the parity tests read one list instead of what importing the validators registered.
// Add a rule here when you define one; test/unit/rules-index.test.ts checks that nothing is missing or unsorted.
import type { RuleMeta } from './registry';
import * as jsonDocument from '../json/jsonDocument';
import * as composeAliases from '../kinds/compose/composeAliases';
import * as composeChecks from '../kinds/compose/composeChecks';
import * as composeConsistency from '../kinds/compose/composeConsistency';
import * as composeDependencies from '../kinds/compose/composeDependencies';
import * as composeProject from '../kinds/compose/composeProject';
import * as daemonRules from '../kinds/daemon/rules';
import * as fleetRules from '../kinds/fleet/validateFleet';
import * as validateOciHooks from '../kinds/ociHooks/validateOciHooks';
import * as validateOciRuntime from '../kinds/ociRuntime/validateOciRuntime';
import * as loaderChecks from '../kinds/stack/loader/loaderChecks';
import * as loaderKeys from '../kinds/stack/loaderKeys';
import * as health from '../kinds/stack/readiness/health';
import * as images from '../kinds/stack/readiness/images';
import * as mounts from '../kinds/stack/readiness/mounts';
import * as readinessPlacement from '../kinds/stack/readiness/placement';
import * as resources from '../kinds/stack/readiness/resources';
import * as updates from '../kinds/stack/readiness/updates';
import * as byteSizes from '../kinds/stack/rules/byteSizes';
import * as deployValues from '../kinds/stack/rules/deployValues';
import * as duplicateTargets from '../kinds/stack/rules/duplicateTargets';
import * as durations from '../kinds/stack/rules/durations';
import * as fileRefs from '../kinds/stack/rules/fileRefs';
import * as image from '../kinds/stack/rules/image';
import * as interpolation from '../kinds/stack/rules/interpolation';
import * as stackMounts from '../kinds/stack/rules/mounts';
import * as names from '../kinds/stack/rules/names';
import * as networks from '../kinds/stack/rules/networks';
import * as numbers from '../kinds/stack/rules/numbers';
import * as rulesPlacement from '../kinds/stack/rules/placement';
import * as ports from '../kinds/stack/rules/ports';
import * as publishedPorts from '../kinds/stack/rules/publishedPorts';
import * as references from '../kinds/stack/rules/references';
import * as serviceOptions from '../kinds/stack/rules/serviceOptions';
import * as templates from '../kinds/stack/rules/templates';
import * as ulimits from '../kinds/stack/rules/ulimits';
import * as schemaCheck from '../kinds/stack/schemaCheck';
import * as yamlKind from '../kinds/yamlKind';
import * as validate from '../validate';
import * as yamlDocument from '../yaml/yamlDocument';

export const RULES: readonly RuleMeta[] = [
  composeAliases.composeAliasBlowupRule, // compose-alias-blowup
  composeAliases.composeAliasCycleRule, // compose-alias-cycle
  composeConsistency.composeDecodeRule, // compose-decode
  composeDependencies.composeDependencyCycleRule, // compose-dependency-cycle
  composeConsistency.composeExclusiveKeysRule, // compose-exclusive-keys
  composeProject.composeFileMissingRule, // compose-file-missing
  composeConsistency.composeFileObjectSourceRule, // compose-file-object-source
  composeProject.composeIncludeCycleRule, // compose-include-cycle
  composeProject.composeMissingImageRule, // compose-missing-image
  composeConsistency.composePlatformRule, // compose-platform
  composeChecks.composeSchemaRule, // compose-schema
  yamlKind.topLevelRule, // compose-top-level
  composeProject.composeUndefinedReferenceRule, // compose-undefined-reference
  composeConsistency.composeVolumeSpecRule, // compose-volume-spec
  daemonRules.deprecatedKey, // daemon-deprecated-key
  daemonRules.hooksKey, // daemon-hooks
  daemonRules.hostsWithSystemd, // daemon-hosts-systemd
  daemonRules.ignoredKey, // daemon-ignored-key
  daemonRules.newerKey, // daemon-newer-key
  daemonRules.removedKey, // daemon-removed-key
  daemonRules.runtimeConfig, // daemon-runtime
  daemonRules.runtimeKey, // daemon-runtime-key
  daemonRules.typeMismatch, // daemon-type
  daemonRules.unknownFeature, // daemon-unknown-feature
  daemonRules.unknownKey, // daemon-unknown-key
  daemonRules.invalidValue, // daemon-value
  validate.binaryRule, // file-not-text
  validate.tooLargeRule, // file-too-large
  fleetRules.fleetDuplicateTargetRule, // fleet-duplicate-target
  fleetRules.fleetSchemaRule, // fleet-schema
  fleetRules.fleetSecretRule, // fleet-secret
  fleetRules.fleetTopLevelRule, // fleet-top-level
  fleetRules.fleetUnknownTargetRule, // fleet-unknown-target
  fleetRules.fleetWaveFormRule, // fleet-wave-form
  validate.internalErrorRule, // internal-error
  interpolation.interpolationCastRule, // interpolation-cast
  interpolation.interpolationQuirkRule, // interpolation-quirk
  interpolation.interpolationRequiredRule, // interpolation-required
  interpolation.interpolationSyntaxRule, // interpolation-syntax
  interpolation.interpolationUnsetRule, // interpolation-unset
  jsonDocument.jsonDuplicateKeyRule, // json-duplicate-key
  jsonDocument.jsonSyntaxRule, // json-syntax
  validateOciHooks.ociHooksBothSetRule, // oci-hooks-both-set
  validateOciHooks.ociHooksEmptyStagesRule, // oci-hooks-empty-stages
  validateOciHooks.ociHooksExtensionStageRule, // oci-hooks-extension-stage
  validateOciHooks.ociHooksKeyCaseRule, // oci-hooks-key-case
  validateOciHooks.ociHooksLegacyRule, // oci-hooks-legacy-format
  validateOciHooks.ociHooksNeverMatchesRule, // oci-hooks-never-matches
  validateOciHooks.ociHooksPathNotFoundRule, // oci-hooks-path-not-found
  validateOciHooks.ociHooksPathRelativeRule, // oci-hooks-path-relative
  validateOciHooks.ociHooksRegexRule, // oci-hooks-regex
  validateOciHooks.ociHooksRequiredRule, // oci-hooks-required
  validateOciHooks.ociHooksSchemaRule, // oci-hooks-schema
  validateOciHooks.ociHooksTimeoutRule, // oci-hooks-timeout
  validateOciHooks.ociHooksUnknownKeyRule, // oci-hooks-unknown-key
  validateOciHooks.ociHooksUnknownStageRule, // oci-hooks-unknown-stage
  validateOciHooks.ociHooksVersionRule, // oci-hooks-version
  validateOciRuntime.ociRuntimeHookPathRule, // oci-runtime-hook-path-relative
  validateOciRuntime.ociRuntimeHookTimeoutRule, // oci-runtime-hook-timeout
  validateOciRuntime.ociRuntimeNewerFieldRule, // oci-runtime-newer-field
  validateOciRuntime.ociRuntimePrestartRule, // oci-runtime-prestart-deprecated
  validateOciRuntime.ociRuntimeRemovedFieldRule, // oci-runtime-removed-field
  validateOciRuntime.ociRuntimeSchemaRule, // oci-runtime-schema
  validateOciRuntime.ociRuntimeUnknownKeyRule, // oci-runtime-unknown-key
  validateOciRuntime.ociRuntimeVersionRule, // oci-runtime-version
  validateOciRuntime.ociRuntimeVersionUnknownRule, // oci-runtime-version-unknown
  mounts.bindMountRule, // stack-bind-mount
  byteSizes.byteSizeRule, // stack-byte-size
  rulesPlacement.constraintSyntaxRule, // stack-constraint-syntax
  rulesPlacement.constraintUnknownKeyRule, // stack-constraint-unknown-key
  rulesPlacement.constraintValueRule, // stack-constraint-value
  numbers.cpuMinimumRule, // stack-cpu-minimum
  numbers.cpusRule, // stack-cpus
  serviceOptions.credentialSpecRule, // stack-credential-spec
  deployValues.deployModeRule, // stack-deploy-mode
  loaderKeys.deprecatedKey, // stack-deprecated-key
  stackMounts.duplicateMountRule, // stack-duplicate-mount
  duplicateTargets.duplicateTargetRule, // stack-duplicate-target
  durations.durationRule, // stack-duration
  deployValues.endpointModeRule, // stack-endpoint-mode
  loaderChecks.envFileRule, // stack-env-file-missing
  loaderChecks.externalConflictRule, // stack-external-conflict
  loaderChecks.externalFileRule, // stack-external-file
  deployValues.failureActionRule, // stack-failure-action
  deployValues.failureRatioRule, // stack-failure-ratio
  fileRefs.fileEmptyRule, // stack-file-empty
  fileRefs.fileMissingRule, // stack-file-missing
  fileRefs.fileSourceRule, // stack-file-source
  fileRefs.fileTooLargeRule, // stack-file-too-large
  loaderKeys.forbiddenKey, // stack-forbidden-key
  serviceOptions.healthcheckDisableRule, // stack-healthcheck-disable
  durations.healthcheckDurationRule, // stack-healthcheck-duration
  health.noStartPeriodRule, // stack-healthcheck-start-period
  readinessPlacement.hostPortReplicasRule, // stack-host-port-replicas
  loaderKeys.silentlyIgnoredKey, // stack-ignored-key
  image.imageRule, // stack-image
  images.unpinnedImageRule, // stack-image-digest
  images.mutableTagRule, // stack-image-latest
  deployValues.jobUpdateConfigRule, // stack-job-update-config
  serviceOptions.logDriverRule, // stack-log-driver
  byteSizes.memoryMinimumRule, // stack-memory-minimum
  image.missingImageRule, // stack-missing-image
  stackMounts.mountOptionsRule, // stack-mount-options
  stackMounts.mountReadOnlyRule, // stack-mount-readonly
  stackMounts.mountTargetRule, // stack-mount-target
  numbers.negativeCountRule, // stack-negative-count
  durations.negativeDurationRule, // stack-negative-duration
  networks.networkConfigRule, // stack-network-config
  networks.networkScopeRule, // stack-network-scope
  health.noHealthcheckRule, // stack-no-healthcheck
  resources.noLimitsRule, // stack-no-resource-limits
  loaderChecks.nonStringKeyRule, // stack-non-string-key
  names.objectNameRule, // stack-object-name
  ports.portRule, // stack-port
  ports.portValueRule, // stack-port-value
  publishedPorts.publishedPortConflictRule, // stack-published-port-conflict
  deployValues.replicasGlobalRule, // stack-replicas-global
  readinessPlacement.replicasPerNodeRule, // stack-replicas-per-node
  resources.reservationAboveLimitRule, // stack-reservation-above-limit
  deployValues.restartConditionRule, // stack-restart-condition
  schemaCheck.stackSchemaRule, // stack-schema
  names.serviceNameRule, // stack-service-name
  rulesPlacement.spreadIgnoredRule, // stack-spread-ignored
  templates.templateRule, // stack-template
  serviceOptions.templateDriverRule, // stack-template-driver
  templates.templateFileRule, // stack-template-file
  ulimits.ulimitRule, // stack-ulimit
  references.undefinedReferenceRule, // stack-undefined-reference
  loaderKeys.unsupportedKey, // stack-unsupported-key
  references.unusedDefinitionRule, // stack-unused-definition
  updates.updateWithoutRollbackRule, // stack-update-no-rollback
  schemaCheck.stackVersionRule, // stack-version
  names.volumeNameRule, // stack-volume-name
  loaderChecks.volumeSpecRule, // stack-volume-spec
  yamlDocument.yamlAliasBombRule, // yaml-alias-bomb
  yamlDocument.yamlDuplicateKeyRule, // yaml-duplicate-key
  yamlDocument.yamlSyntaxRule, // yaml-syntax
];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

/** Every rule, sorted by code. */
export function allRules(): RuleMeta[] {
  return [...RULES];
}

export function ruleByCode(code: string): RuleMeta | undefined {
  return BY_CODE.get(code);
}
