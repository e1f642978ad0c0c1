import { defineRule } from '../../rules/registry';
import type { Severity } from '../../types';

/** A daemon.json rule (all of them apply to the `daemon` kind only). */
const rule = (code: string, severity: Severity, description: string, source: string, advice = false) =>
  defineRule({ code, kinds: ['daemon'], severity, description, source, ...(advice ? { advice } : {}) });

const CONFIG = 'moby daemon/config/config.go (v27.5.1)';
const FLAGS = 'moby cmd/dockerd/config*.go, options.go + daemon/config/*.go (v27.5.1), via schemas/dockerd-27-keys.json';

export const unknownKey = rule(
  'daemon-unknown-key',
  'error',
  'Key that is not a dockerd 27 option on the configured platform: dockerd refuses to start ("the following directives don\'t match any configuration option").',
  FLAGS,
);

export const removedKey = rule(
  'daemon-removed-key',
  'error',
  'Key of an option removed before Engine 27 (`graph`, `cluster-store`, …): dockerd refuses to start; the message names the release and the replacement.',
  'docker/cli docs/deprecated.md (v27.5.1)',
);

export const newerKey = rule(
  'daemon-newer-key',
  'error',
  'Key that only Docker Engine 28 knows (`bip6`, `host-gateway-ips`, …): not in Engine 27, so dockerd 27 refuses to start.',
  'moby cmd/dockerd (v28.2.2 against v27.5.1)',
);

export const ignoredKey = rule(
  'daemon-ignored-key',
  'warning',
  "Key dockerd accepts but never reads: singular flag names (`label`, `log-opt`, …), top-level `http-proxy`, command-line-only flags, fields Go's JSON decoder skips.",
  FLAGS,
);

export const deprecatedKey = rule(
  'daemon-deprecated-key',
  'warning',
  'Option deprecated in Engine 27 (`api-cors-header`): accepted, but without effect or about to be removed.',
  'moby cmd/dockerd/config.go; docker/cli docs/deprecated.md (v27.5.1)',
);

export const typeMismatch = rule(
  'daemon-type',
  'error',
  'Value of the wrong JSON type for its Go field (e.g. a number in `log-opts`): dockerd fails with "json: cannot unmarshal …".',
  FLAGS,
);

export const invalidValue = rule(
  'daemon-value',
  'error',
  'Value dockerd rejects when it loads or applies the configuration (log level, IPC mode, CIDRs, labels, sizes, registry mirrors, …).',
  `${CONFIG}, config_linux.go, registry/config.go, daemon/daemon_unix.go`,
);

export const hooksKey = rule(
  'daemon-hooks',
  'error',
  'A `hooks` key: dockerd has no hooks setting; OCI hooks are added through a wrapper runtime registered under `runtimes`.',
  'moby daemon/config (v27.5.1: no hooks field); awslabs/oci-add-hooks',
);

export const runtimeKey = rule(
  'daemon-runtime-key',
  'warning',
  'Field of `runtimes.<name>` other than `path`, `runtimeArgs`, `runtimeType`, `options` (e.g. `args`): ignored by dockerd.',
  'moby api/types/system/runtime.go (v27.5.1)',
);

export const runtimeConfig = rule(
  'daemon-runtime',
  'error',
  'Runtime configuration dockerd refuses at start: reserved name `runc`, path together with runtimeType, neither of them, options on a path runtime, unknown default-runtime.',
  'moby daemon/runtime_unix.go setupRuntimes (v27.5.1)',
);

export const unknownFeature = rule(
  'daemon-unknown-feature',
  'warning',
  'Name under `features` that dockerd 27 never reads (it is kept but has no effect).',
  'moby Features["…"] reads (v27.5.1), via schemas/dockerd-27-keys.json',
);

export const hostsWithSystemd = rule(
  'daemon-hosts-systemd',
  'information',
  '`hosts` in daemon.json conflicts with the `-H fd://` flag of the packaged docker.service unit: dockerd then refuses to start ("specified both as a flag and in the configuration file").',
  `${CONFIG} findConfigurationConflicts; docker/cli docs/reference/dockerd.md`,
  true,
);
