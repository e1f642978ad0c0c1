// Endpoint resolution: the docker CLI's order and context store, checked against contexts the real docker CLI writes
// into a temp DOCKER_CONFIG and against what `docker context show/inspect` says for the same environment.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compareApiVersions, negotiateApiVersion } from '../../client/src/engine/apiVersion';
import { contextDirName } from '../../client/src/engine/contextStore';
import { parseSshUrl } from '../../client/src/engine/dockerHost';
import { listConnections, resolveEndpoint, type ResolveInput } from '../../client/src/engine/endpointResolution';
import { EngineError } from '../../client/src/engine/engineErrors';
import { sshCommandArgs } from '../../client/src/engine/sshTransport';
import { dockerOk as docker } from './docker';
import { makeCa, makeCert, type CertFiles } from './support/openssl';

let root: string;
let configDir: string;
let home: string;
let ca: CertFiles;
let client: CertFiles;
let certDir: string;

/** The environment the docker CLI runs with for a case: only what the case sets, plus PATH. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, ...env };
}

function expectInvalid(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof EngineError && err.kind === 'endpoint-invalid' && re.test(err.message));
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'spengine-resolve-'));
  home = join(root, 'home');
  configDir = join(root, 'dockercfg');
  mkdirSync(home);
  const pki = join(root, 'pki');
  mkdirSync(pki);
  ca = makeCa(pki, 'spengine-ca');
  client = makeCert(pki, ca, 'spengine-client', { usage: 'clientAuth' });
  certDir = join(root, 'certs');
  mkdirSync(certDir);
  copyFileSync(ca.cert, join(certDir, 'ca.pem'));
  copyFileSync(client.cert, join(certDir, 'cert.pem'));
  copyFileSync(client.key, join(certDir, 'key.pem'));
  const env = cliEnv({ DOCKER_CONFIG: configDir });
  // Contexts written by the real CLI: one with TLS material, one ssh, one plain tcp with a numeric-sorting name.
  await docker(
    [
      'context',
      'create',
      'spengine-tls',
      '--description',
      'tls box',
      '--docker',
      `host=tcp://127.0.0.1:2376,ca=${ca.cert},cert=${client.cert},key=${client.key}`,
    ],
    { env },
  );
  await docker(['context', 'create', 'spengine-ssh', '--docker', 'host=ssh://deploy@127.0.0.1:2222'], { env });
  await docker(['context', 'create', 'spengine-10', '--docker', 'host=tcp://127.0.0.1:2375'], { env });
  await docker(['context', 'create', 'spengine-9', '--docker', 'host=unix:///run/spengine-9.sock,skip-tls-verify=true'], { env });
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('docker CLI order', () => {
  const input = (env: Record<string, string>, extra: Partial<ResolveInput> = {}): ResolveInput => ({
    env: { DOCKER_CONFIG: configDir, ...env },
    homedir: home,
    platform: 'linux',
    ...extra,
  });

  test('no environment: the default context on the local socket, like the CLI', async () => {
    const ep = resolveEndpoint(input({}));
    assert.equal(ep.source, 'default');
    assert.equal(ep.contextName, 'default');
    assert.equal(ep.host, 'unix:///var/run/docker.sock');
    assert.deepEqual(ep.address, { kind: 'unix', socketPath: '/var/run/docker.sock' });
    assert.equal((await docker(['context', 'show'], { env: cliEnv({ DOCKER_CONFIG: configDir }) })).trim(), 'default');
  });

  test('DOCKER_HOST wins over DOCKER_CONTEXT and config.json; tcp gets the CLI default port 2375', async () => {
    const env = { DOCKER_HOST: 'tcp://127.0.0.1', DOCKER_CONTEXT: 'spengine-tls' };
    const ep = resolveEndpoint(input(env));
    assert.equal(ep.source, 'DOCKER_HOST');
    assert.equal(ep.host, 'tcp://127.0.0.1:2375');
    assert.equal(ep.tls, undefined);
    assert.equal((await docker(['context', 'show'], { env: cliEnv({ DOCKER_CONFIG: configDir, ...env }) })).trim(), ep.contextName);
  });

  test('DOCKER_CONTEXT selects a stored context with its TLS material (read from contexts/tls/<sha256>/docker)', async () => {
    const ep = resolveEndpoint(input({ DOCKER_CONTEXT: 'spengine-tls' }));
    assert.equal(ep.source, 'DOCKER_CONTEXT');
    assert.equal(ep.id, 'context:spengine-tls');
    assert.equal(ep.host, 'tcp://127.0.0.1:2376');
    assert.ok(ep.tls);
    assert.deepEqual(ep.tls.ca, ca.certPem);
    assert.deepEqual(ep.tls.cert, client.certPem);
    assert.deepEqual(ep.tls.key, client.keyPem);
    assert.equal(ep.tls.skipVerify, false);
    assert.match(ep.tls.source, new RegExp(contextDirName('spengine-tls')));
    assert.match(ep.description, /tls box/);
    const cliHost = await docker(['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], {
      env: cliEnv({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'spengine-tls' }),
    });
    assert.equal(cliHost.trim(), ep.host);
  });

  test('currentContext in config.json is used when no variable is set; DOCKER_CONTEXT beats it', async () => {
    await docker(['context', 'use', 'spengine-ssh'], { env: cliEnv({ DOCKER_CONFIG: configDir }) });
    try {
      const ep = resolveEndpoint(input({}));
      assert.equal(ep.source, 'config-file');
      assert.equal(ep.contextName, 'spengine-ssh');
      assert.deepEqual(ep.address, { kind: 'ssh', user: 'deploy', host: '127.0.0.1', port: 2222 });
      assert.equal((await docker(['context', 'show'], { env: cliEnv({ DOCKER_CONFIG: configDir }) })).trim(), 'spengine-ssh');
      const viaEnv = resolveEndpoint(input({ DOCKER_CONTEXT: 'spengine-10' }));
      assert.equal(viaEnv.contextName, 'spengine-10');
      assert.equal(viaEnv.host, 'tcp://127.0.0.1:2375');
    } finally {
      await docker(['context', 'use', 'default'], { env: cliEnv({ DOCKER_CONFIG: configDir }) });
    }
  });

  test('without DOCKER_CONFIG the store is <homedir>/.docker', () => {
    const dotDocker = join(home, '.docker');
    mkdirSync(dotDocker, { recursive: true });
    writeFileSync(join(dotDocker, 'config.json'), JSON.stringify({ currentContext: 'spengine-home' }));
    const id = contextDirName('spengine-home');
    mkdirSync(join(dotDocker, 'contexts', 'meta', id), { recursive: true });
    // Key case as Go's encoding/json accepts it: lower-case keys work too.
    writeFileSync(
      join(dotDocker, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({ name: 'spengine-home', endpoints: { docker: { host: 'tcp://127.0.0.1:23750' } } }),
    );
    try {
      const ep = resolveEndpoint({ env: {}, homedir: home, platform: 'linux' });
      assert.equal(ep.contextName, 'spengine-home');
      assert.equal(ep.host, 'tcp://127.0.0.1:23750');
    } finally {
      rmSync(dotDocker, { recursive: true, force: true });
    }
  });

  test('the explicit setting wins: a context name, or a host (TLS from the env like the CLI flags)', () => {
    const env = { DOCKER_HOST: 'unix:///run/other.sock', DOCKER_CONTEXT: 'spengine-10' };
    const byContext = resolveEndpoint(input(env, { setting: { name: 'Prod', context: 'spengine-tls' } }));
    assert.equal(byContext.source, 'setting');
    assert.equal(byContext.id, 'setting:Prod');
    assert.equal(byContext.label, 'Prod');
    assert.equal(byContext.host, 'tcp://127.0.0.1:2376');
    assert.ok(byContext.tls?.ca);
    const byHost = resolveEndpoint(input({ ...env, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir }, { setting: { host: '127.0.0.1:2376' } }));
    assert.equal(byHost.host, 'tcp://127.0.0.1:2376');
    assert.deepEqual(byHost.tls?.ca, ca.certPem);
    const noTls = resolveEndpoint(
      input({ ...env, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir }, { setting: { host: 'tcp://127.0.0.1:2375', tlsVerify: false } }),
    );
    assert.equal(noTls.tls, undefined);
    expectInvalid(() => resolveEndpoint(input({}, { setting: { name: 'both', host: 'tcp://127.0.0.1:1', context: 'x' } })), /both a host and a context/);
  });

  test('DOCKER_TLS_VERIFY + DOCKER_CERT_PATH: ca/cert/key from that directory, verification on', () => {
    const ep = resolveEndpoint(input({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir }));
    assert.ok(ep.tls);
    assert.equal(ep.tls.skipVerify, false);
    assert.deepEqual(ep.tls.ca, ca.certPem);
    assert.deepEqual(ep.tls.cert, client.certPem);
    assert.deepEqual(ep.tls.key, client.keyPem);
    assert.equal(ep.tls.source, certDir);
  });

  test('DOCKER_TLS without DOCKER_TLS_VERIFY: TLS without verification; no DOCKER_HOST: tcp://localhost:2376', () => {
    const ep = resolveEndpoint(input({ DOCKER_TLS: '1', DOCKER_CERT_PATH: certDir }));
    assert.equal(ep.host, 'tcp://localhost:2376');
    assert.equal(ep.tls?.skipVerify, true);
  });

  test('TLS on but no ca.pem where the CLI looks: endpoint-invalid naming the file', () => {
    const empty = join(root, 'empty-certs');
    mkdirSync(empty, { recursive: true });
    expectInvalid(
      () => resolveEndpoint(input({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: empty })),
      new RegExp(`${empty}/ca.pem`),
    );
  });

  test('a context that does not exist: endpoint-invalid with its name', () => {
    expectInvalid(() => resolveEndpoint(input({ DOCKER_CONTEXT: 'spengine-missing' })), /"spengine-missing" does not exist/);
  });

  test('npipe:// is an error on Linux and fine on Windows', () => {
    expectInvalid(() => resolveEndpoint(input({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' })), /named pipe/);
    const win = resolveEndpoint(input({}, { platform: 'win32' }));
    assert.equal(win.host, 'npipe:////./pipe/docker_engine');
  });

  test('invalid hosts are rejected with the CLI wording', () => {
    expectInvalid(() => resolveEndpoint(input({ DOCKER_HOST: 'foo://bar' })), /invalid bind address format/);
    expectInvalid(() => resolveEndpoint(input({ DOCKER_HOST: 'fd://3' })), /fd:\/\//);
  });
});

describe('listing connections', () => {
  test('settings, the default context and every stored context; the active one follows the CLI order', async () => {
    const env = { DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'spengine-tls' };
    const list = listConnections({
      settings: [
        { name: 'Lab', host: 'tcp://127.0.0.1:2375' },
        { name: 'Broken', context: 'spengine-missing' },
      ],
      env,
      homedir: home,
      platform: 'linux',
    });
    assert.deepEqual(
      list.entries.map((e) => e.id),
      ['setting:Lab', 'setting:Broken', 'context:default', 'context:spengine-9', 'context:spengine-10', 'context:spengine-ssh', 'context:spengine-tls'],
    );
    assert.equal(list.activeId, 'context:spengine-tls');
    const broken = list.entries.find((e) => e.id === 'setting:Broken');
    assert.equal(broken?.error?.kind, 'endpoint-invalid');
    assert.equal(broken?.endpoint, undefined);
    // Same hosts and descriptions as `docker context ls`.
    const cli = (await docker(['context', 'ls', '--format', 'json'], { env: cliEnv({ DOCKER_CONFIG: configDir }) }))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { Name: string; DockerEndpoint: string; Description: string });
    for (const c of cli) {
      const ours = list.entries.find((e) => e.id === `context:${c.Name}`);
      assert.ok(ours?.endpoint, c.Name);
      assert.equal(ours.endpoint.host, c.DockerEndpoint, c.Name);
    }
    const skip = list.entries.find((e) => e.id === 'context:spengine-9')?.endpoint;
    assert.equal(skip?.address.kind, 'unix');
    assert.equal(skip?.tls, undefined, 'TLS settings do not apply to unix sockets');
  });

  test('an explicit active id is kept when it names an entry', () => {
    const list = listConnections({
      settings: [{ name: 'Lab', host: 'tcp://127.0.0.1:2375' }],
      activeId: 'setting:Lab',
      env: { DOCKER_CONFIG: configDir },
      homedir: home,
      platform: 'linux',
    });
    assert.equal(list.activeId, 'setting:Lab');
    assert.equal(list.entries[0].endpoint?.label, 'Lab');
  });
});

describe('ssh:// URLs (cli/connhelper/ssh.ParseURL)', () => {
  test('user, host, port and socket path', () => {
    assert.deepEqual(parseSshUrl('ssh://me@example.test:2200/run/user/1000/docker.sock'), {
      kind: 'ssh',
      user: 'me',
      host: 'example.test',
      port: 2200,
      socketPath: '/run/user/1000/docker.sock',
    });
    assert.deepEqual(parseSshUrl('ssh://example.test'), { kind: 'ssh', host: 'example.test' });
  });

  test('password, query, fragment and a missing host are rejected', () => {
    assert.throws(() => parseSshUrl('ssh://me:secret@example.test'), /plain-text password is not supported/);
    assert.throws(() => parseSshUrl('ssh://example.test?x=1'), /extra query/);
    assert.throws(() => parseSshUrl('ssh://example.test#x'), /extra fragment/);
    assert.throws(() => parseSshUrl('ssh://'), /no host specified|cannot parse/);
  });

  test('the ssh argv runs `docker system dial-stdio` like the CLI, without a tty and without prompts', () => {
    const args = sshCommandArgs(parseSshUrl('ssh://me@example.test:2200/run/d.sock'), ['-F', '/x/config'], 7.2);
    assert.deepEqual(args, [
      '-F',
      '/x/config',
      '-o',
      'ConnectTimeout=8',
      '-o',
      'BatchMode=yes',
      '-T',
      '-l',
      'me',
      '-p',
      '2200',
      '--',
      'example.test',
      'docker',
      '--host',
      'unix:///run/d.sock',
      'system',
      'dial-stdio',
    ]);
  });
});

describe('API version negotiation (pure)', () => {
  test('pins the older of the daemon and Swarm Pilot, never below 1.41', () => {
    assert.equal(negotiateApiVersion({ apiVersion: '1.41' }, 'x').apiVersion, '1.41');
    assert.equal(negotiateApiVersion({ apiVersion: '1.47' }, 'x').apiVersion, '1.47');
    assert.equal(negotiateApiVersion({ apiVersion: '1.51' }, 'x').apiVersion, '1.47');
    const tooNew = negotiateApiVersion({ apiVersion: '1.60', minApiVersion: '1.50' }, 'x');
    assert.equal(tooNew.apiVersion, '1.50');
    assert.equal(tooNew.warnings.length, 1);
    assert.throws(
      () => negotiateApiVersion({ apiVersion: '1.40' }, 'unix:///s'),
      (e: unknown) => e instanceof EngineError && e.kind === 'api-version-too-old' && /1\.40/.test(e.message),
    );
    assert.throws(
      () => negotiateApiVersion({}, 'x'),
      (e: unknown) => e instanceof EngineError && e.kind === 'api-version-too-old' && /1\.24/.test(e.message),
    );
    assert.ok(compareApiVersions('1.9', '1.41') < 0);
  });
});
