// The engine module: how Swarm Pilot reaches a Docker Engine. Pure TypeScript (no `vscode`); the status bar, the
// connection picker and the Retry / Edit connection actions are glue on top of these exports.
export { compareApiVersions, MAX_API_VERSION, MIN_API_VERSION, negotiateApiVersion, type NegotiatedApi, type ServerApiInfo } from './apiVersion';
export { contextDirName, dockerConfigDir, listContexts, readContext, readCurrentContext, type StoredContext, type TlsFiles } from './contextStore';
export { defaultDockerHost, normalizeDockerHost, parseDockerAddress, parseSshUrl, type DockerAddress } from './dockerHost';
export {
  DEFAULT_CONTEXT_NAME,
  listConnections,
  resolveEndpoint,
  type ConnectionEntry,
  type ConnectionList,
  type ConnectionSetting,
  type EndpointSource,
  type ResolvedEndpoint,
  type ResolveInput,
  type TlsConfig,
} from './endpointResolution';
export {
  createEngineClient,
  DEFAULT_TIMEOUT_SECONDS,
  EngineClient,
  type CallOptions,
  type EngineClientOptions,
  type EventsOptions,
  type EventStream,
  type ServiceLogOptions,
  type UpdateResult,
} from './engineClient';
export { classifyEngineError, daemonMessageOf, EngineError, type EngineErrorAction, type EngineErrorKind, type ErrorContext } from './engineErrors';
export { jsonLines, logLines, type LogLine } from './engineStreams';
export type * from './engineTypes';
export { engineRequest, type EngineRequest } from './rawRequest';
export { sshCommandArgs, SshAgent, SshTransportError } from './sshTransport';
