// What docker/cli makes of a stack file, shared by the validator and the deploy engine: interpolation, volume specs,
// ports, byte sizes, Go durations, placement constraints and the swarm value sets. No rules and no registration
// side effects live here, so the deploy engine (and the extension bundle through it) never pulls in the rules.
export { parseConstraint, type ParsedConstraint } from './constraints';
export { isGoDuration, parseGoDuration } from './goDuration';
export { interpolateConfig, type InterpolationCode, type InterpolationInput } from './interpolate';
export { parseModeComment, stackNameFromComment } from './modeComment';
export { longPortConfig, parseShortPort, portEntryConfigs, type PortConfig } from './ports';
export { ramInBytes } from './sizes';
export { SWARM } from './swarmValues';
export { isFilePath, parseVolumeSpec, type VolumeSpec } from './volumeSpec';
export { parseYaml, YAML_PARSE_OPTIONS, type ValuePath, type YamlModel } from '../yaml/yamlDocument';
export type { Diagnostic, Range } from '../types';
export { isPlainObject } from '../text/guards';
