// The engine the test swarm runs (test/engine/docker-ci.sh: Engine 28.5.2 by default, 20.10 in the compat group), as
// the docker CLI reports it, and the API version Swarm Pilot must pin against it: the daemon's own, capped at the
// newest version Swarm Pilot speaks.
import { execFileSync } from 'node:child_process';
import { compareApiVersions, MAX_API_VERSION } from '../../../client/src/engine';

const server = JSON.parse(
  execFileSync('docker', ['-H', 'unix:///var/run/docker.sock', 'version', '--format', '{{json .Server}}'], { encoding: 'utf8', timeout: 20_000 }),
) as {
  Version: string;
  ApiVersion: string;
};

export const engineUnderTest = {
  /** "28.5.2+dfsg4", "20.10.24+dfsg1" */
  serverVersion: server.Version,
  /** The daemon's API version ("1.51", "1.41"). */
  serverApiVersion: server.ApiVersion,
  /** What negotiation must pin: the older of the daemon's and Swarm Pilot's newest. */
  pinnedApiVersion: compareApiVersions(server.ApiVersion, MAX_API_VERSION) < 0 ? server.ApiVersion : MAX_API_VERSION,
};
