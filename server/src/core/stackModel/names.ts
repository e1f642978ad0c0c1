/**
 * The names swarm gives stack objects and the name checks the Engine makes on them: swarmkit's
 * manager/controlapi/common.go validateAnnotations (services, networks) and validateConfigOrSecretAnnotations
 * (secrets, configs), vendored in moby v27.5.1 (identical in v28.5.2).
 */

/** Stack name assumed when the file does not say (`# swarm-pilot: stack NAME`): 8 characters, like `spcase71`. */
export const ASSUMED_STACK_NAME_LENGTH = 8;

/** `<stack>_<key>`: what docker/cli's convert.Namespace.Scope makes of a service, network, secret or config key. */
export function scopedName(stack: string, key: string): string {
  return `${stack}_${key}`;
}

const DNS_COMPONENT = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
const CONFIG_OR_SECRET_NAME = /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/;

export const NAME_MESSAGES = {
  dns: 'name must be valid as a DNS name component',
  length: 'name must be 63 characters or fewer',
  configOrSecret: 'invalid name, only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]',
} as const;

/** validateAnnotations: the swarmkit message for a service or network name, or undefined when it is valid. */
export function annotationNameProblem(name: string): string | undefined {
  if (!DNS_COMPONENT.test(name)) return NAME_MESSAGES.dns;
  if (name.length > 63) return NAME_MESSAGES.length;
  return undefined;
}

/** validateConfigOrSecretAnnotations: the message for a secret or config name, or undefined when it is valid. */
export function configOrSecretNameProblem(name: string): string | undefined {
  return name.length > 64 || !CONFIG_OR_SECRET_NAME.test(name) ? NAME_MESSAGES.configOrSecret : undefined;
}
