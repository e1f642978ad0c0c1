import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic, Severity } from '../../server/src/core/types';
import { check, covered, withCode } from './helpers';

const linux = (text: string) => check(text, 'daemon');
const windows = (text: string) => check(text, 'daemon', { settings: { daemonPlatform: 'windows' } });

interface Want {
  severity?: Severity;
  text?: string;
  message?: RegExp | RegExp[];
}

/** The only diagnostic of `code`, with its covered text, checked against `want`. */
function one(text: string, diags: Diagnostic[], code: string, want: Want = {}): Diagnostic & { text: string } {
  const hits = withCode(diags, code);
  assert.equal(hits.length, 1, `expected one ${code}, got ${JSON.stringify(diags.map((d) => `${d.code}: ${d.message}`))}`);
  const d = { ...hits[0], text: covered(text, hits[0]) };
  if (want.severity) assert.equal(d.severity, want.severity);
  if (want.text !== undefined) assert.equal(d.text, want.text);
  for (const m of [want.message ?? []].flat()) assert.match(d.message, m);
  return d;
}

describe('syntax', () => {
  test('an empty or blank file is valid (dockerd: configuration OK)', () => {
    assert.deepEqual(linux(''), []);
    assert.deepEqual(linux('  \n\t\n'), []);
    assert.deepEqual(linux('{}'), []);
  });

  test('comments are errors and stop further checks', () => {
    const text = '{\n  // keep debug on\n  "debugg": true\n}';
    const d = linux(text);
    assert.deepEqual(
      d.map((x) => x.code),
      ['json-syntax'],
    );
    assert.equal(d[0].severity, 'error');
    assert.equal(covered(text, d[0]), '// keep debug on');
    assert.match(d[0].message, /Comments are not allowed/);
  });

  test('trailing commas are errors', () => {
    const text = '{\n  "labels": ["a=b",]\n}';
    const d = linux(text);
    assert.ok(d.length > 0 && d.every((x) => x.code === 'json-syntax' && x.severity === 'error'));
    assert.equal(covered(text, d[0]), ']');
    assert.match(d[0].message, /trailing comma/);
  });

  test('duplicate keys stay a warning and the file is still checked', () => {
    const text = '{"debug": true, "debug": false, "grahp": 1}';
    const d = linux(text);
    assert.equal(one(text, d, 'json-duplicate-key').severity, 'warning');
    assert.equal(one(text, d, 'daemon-unknown-key').text, '"grahp"');
  });

  test('the document must be an object', () => {
    const text = '["debug"]';
    one(text, linux(text), 'daemon-type', { severity: 'error', message: /must be a JSON object, not an array/ });
  });
});

describe('daemon-unknown-key', () => {
  test('a misspelt key is an error with the nearest valid key', () => {
    const text = '{\n  "debug": true,\n  "log-levle": "info"\n}';
    const d = one(text, linux(text), 'daemon-unknown-key', {
      severity: 'error',
      text: '"log-levle"',
      message: [/don't match any configuration option: log-levle/, /Did you mean "log-level"\?/],
    });
    assert.deepEqual(d.data, { key: 'log-levle', suggestion: 'log-level' });
  });

  test('keys are case-sensitive (dockerd looks up flags by exact name)', () => {
    const text = '{"Debug": true}';
    const d = one(text, linux(text), 'daemon-unknown-key');
    assert.equal(d.data?.suggestion, 'debug');
  });

  test('the valid keys of the platform pass', () => {
    assert.deepEqual(linux('{"debug": true, "log-level": "warn", "storage-driver": "overlay2", "live-restore": true, "data-root": "/srv/docker"}'), []);
    assert.deepEqual(windows('{"debug": true, "log-level": "warn", "group": "docker-users", "data-root": "D:\\\\docker"}'), []);
  });

  test('Linux-only keys are unknown on Windows and say so', () => {
    const text = '{"storage-driver": "overlay2", "live-restore": true}';
    assert.deepEqual(linux(text), []);
    const d = withCode(windows(text), 'daemon-unknown-key');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"storage-driver"', '"live-restore"'],
    );
    assert.match(d[0].message, /Linux-only option/);
    assert.deepEqual(d[0].data, { key: 'storage-driver', platform: 'linux' });
  });

  test('Windows-only service flags are unknown on Linux', () => {
    const text = '{"service-name": "docker"}';
    assert.equal(one(text, linux(text), 'daemon-unknown-key').text, '"service-name"');
    assert.equal(one(text, windows(text), 'daemon-ignored-key').text, '"service-name"');
  });

  test('config struct fields that are not options are refused', () => {
    const text = '{"resolv-conf": "/etc/resolv.conf"}';
    one(text, linux(text), 'daemon-unknown-key', { message: /field of dockerd's configuration struct but not an option/ });
  });

  test('containerd-plugin-namespace is refused and points at the flag', () => {
    const text = '{"containerd-plugin-namespace": "docker-plugins"}';
    one(text, linux(text), 'daemon-unknown-key', { message: /--containerd-plugins-namespace flag/ });
  });

  test('an unknown object is replaced by its inner keys: unknown inner keys stop dockerd', () => {
    const text = '{"logopts": {"max-size": "10m"}}';
    const d = one(text, linux(text), 'daemon-unknown-key', { text: '"logopts"', message: /configuration option: max-size/ });
    assert.equal(d.data?.suggestion, 'log-opts');
  });

  test('an unknown object whose inner keys are options is only ignored', () => {
    const text = '{"logging": {"log-driver": "local"}}';
    const d = linux(text);
    assert.equal(withCode(d, 'daemon-unknown-key').length, 0);
    const w = one(text, d, 'daemon-ignored-key');
    assert.equal(w.severity, 'warning');
    assert.match(w.message, /only checks the keys inside it, then ignores the object/);
  });

  test('unknown keys inside "proxies" are checked as options', () => {
    const text = '{"proxies": {"http_proxy": "http://proxy:3128"}}';
    const d = one(text, linux(text), 'daemon-unknown-key', { text: '"http_proxy"' });
    assert.equal(d.data?.suggestion, 'http-proxy');
    assert.deepEqual(linux('{"proxies": {"http-proxy": "http://proxy:3128", "no-proxy": "localhost"}}'), []);
  });
});

describe('daemon-removed-key', () => {
  const cases: [string, string, string | null][] = [
    ['graph', 'v23.0', 'data-root'],
    ['cluster-store', 'v23.0', null],
    ['cluster-advertise', 'v23.0', null],
    ['cluster-store-opts', 'v23.0', null],
    ['oom-score-adjust', 'v25.0', null],
    ['disable-legacy-registry', 'v19.03', null],
  ];
  for (const [key, version, replacement] of cases) {
    test(`${key} names ${version}${replacement ? ` and ${replacement}` : ''}`, () => {
      const text = `{"${key}": ${key === 'cluster-store-opts' ? '{}' : key === 'disable-legacy-registry' ? 'true' : '"x"'}}`;
      const d = one(text, linux(text), 'daemon-removed-key', {
        severity: 'error',
        text: `"${key}"`,
        message: new RegExp(`removed in Docker Engine ${version.replace('.', '\\.')}`),
      });
      if (replacement) assert.match(d.message, new RegExp(`Use "${replacement}" instead`));
      assert.deepEqual(d.data, { key, removedIn: version, replacement });
      assert.deepEqual(d.tags, ['deprecated']);
    });
  }

  test('the replacement is valid', () => {
    assert.deepEqual(linux('{"data-root": "/mnt/docker"}'), []);
  });
});

describe('daemon-newer-key', () => {
  for (const key of ['bip6', 'ip-forward-no-drop', 'allow-direct-routing', 'host-gateway-ips']) {
    test(`${key} is not in Engine 27`, () => {
      const text = `{"${key}": ${key === 'host-gateway-ips' ? '["10.0.0.1"]' : key === 'bip6' ? '"fd00::1/64"' : 'true'}}`;
      one(text, linux(text), 'daemon-newer-key', { severity: 'error', text: `"${key}"`, message: /not in Engine 27/ });
    });
  }

  test('on Windows only host-gateway-ips is new; bip6 is a plain unknown key there', () => {
    assert.equal(withCode(windows('{"host-gateway-ips": []}'), 'daemon-newer-key').length, 1);
    assert.deepEqual(
      windows('{"bip6": "fd00::1/64"}').map((d) => d.code),
      ['daemon-unknown-key'],
    );
  });

  test('the Engine 27 form is valid', () => {
    assert.deepEqual(linux('{"host-gateway-ip": "172.17.0.1", "ip-forward": true}'), []);
  });
});

describe('daemon-ignored-key', () => {
  const singular: [string, string, string][] = [
    ['label', 'labels', '"env=prod"'],
    ['storage-opt', 'storage-opts', '["overlay2.size=10G"]'],
    ['log-opt', 'log-opts', '{"max-size": "10m"}'],
    ['insecure-registry', 'insecure-registries', '["registry.local:5000"]'],
    ['registry-mirror', 'registry-mirrors', '"https://mirror.gcr.io"'],
    ['dns-opt', 'dns-opts', '["ndots:2"]'],
    ['default-ulimit', 'default-ulimits', '{}'],
  ];
  for (const [key, plural, value] of singular) {
    test(`${key} is accepted but ignored; the fix renames it to ${plural}`, () => {
      const text = `{"${key}": ${value}}`;
      const d = one(text, linux(text), 'daemon-ignored-key', {
        severity: 'warning',
        text: `"${key}"`,
        message: new RegExp(`accepted but ignored.*"${plural}"`),
      });
      assert.equal(d.data?.replacement, plural);
      assert.deepEqual(d.tags, ['unnecessary']);
    });
  }

  test('a string under a singular list name is wrapped in an array by the fix', () => {
    const text = '{"label": "env=prod"}';
    assert.deepEqual(one(text, linux(text), 'daemon-ignored-key').data, { key: 'label', replacement: 'labels', path: ['labels'], value: ['env=prod'] });
  });

  for (const key of ['http-proxy', 'https-proxy', 'no-proxy']) {
    test(`top-level ${key} belongs under "proxies"`, () => {
      const text = `{"${key}": "http://proxy:3128"}`;
      const d = one(text, linux(text), 'daemon-ignored-key', { text: `"${key}"`, message: /reads it from "proxies"/ });
      assert.deepEqual(d.data, { key, replacement: `proxies.${key}`, path: ['proxies', key] });
    });
  }

  test('containerd-plugins-namespace is accepted but never reaches its field', () => {
    const text = '{"containerd-plugins-namespace": "docker-plugins"}';
    one(text, linux(text), 'daemon-ignored-key', { message: /named "containerd-plugin-namespace", which dockerd refuses/ });
  });

  test('command-line flags configure nothing; validate: true warns that dockerd exits', () => {
    const text = '{"validate": true, "config-file": "/etc/docker/other.json"}';
    const d = withCode(linux(text), 'daemon-ignored-key');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"validate"', '"config-file"'],
    );
    assert.match(d[0].message, /only validates the configuration and exits/);
    assert.match(d[1].message, /command-line option/);
  });

  test('unknown fields of nested structs are ignored by Go, with a suggestion', () => {
    const text = '{"builder": {"gc": {"enabled": true, "defaultKeepStorag": "10GB"}}}';
    const d = one(text, linux(text), 'daemon-ignored-key', { text: '"defaultKeepStorag"' });
    assert.equal(d.data?.suggestion, 'DefaultKeepStorage');
  });

  test('nested struct fields match case-insensitively (Go encoding/json)', () => {
    assert.deepEqual(
      linux(
        '{"builder": {"GC": {"Enabled": true, "defaultKeepStorage": "10GB"}}, "default-ulimits": {"nofile": {"name": "nofile", "hard": 64000, "soft": 64000}}}',
      ),
      [],
    );
  });

  test('a non-default mtu is ignored on Windows', () => {
    const text = '{"mtu": 1400}';
    assert.deepEqual(linux(text), []);
    assert.match(one(text, windows(text), 'daemon-ignored-key').message, /not configurable on Windows/);
  });
});

describe('daemon-deprecated-key', () => {
  test('api-cors-header is deprecated in 27', () => {
    const text = '{"api-cors-header": "*"}';
    one(text, linux(text), 'daemon-deprecated-key', {
      severity: 'warning',
      text: '"api-cors-header"',
      message: /deprecated since v27\.0.*DOCKERD_DEPRECATED_CORS_HEADER/,
    });
  });
});

describe('daemon-type', () => {
  test('numbers in log-opts are errors with the string fix', () => {
    const text = '{"log-driver": "json-file", "log-opts": {"max-size": "10m", "max-file": 3}}';
    const d = one(text, linux(text), 'daemon-type', { severity: 'error', text: '3', message: /log-opts\.max-file must be a string, not a number/ });
    assert.deepEqual(d.data, { path: ['log-opts', 'max-file'], expected: 'string', value: '3' });
    assert.deepEqual(linux('{"log-opts": {"max-size": "10m", "max-file": "3"}}'), []);
  });

  test('default-shm-size must be a size string', () => {
    const text = '{"default-shm-size": 67108864}';
    one(text, linux(text), 'daemon-type', { text: '67108864', message: /size string such as "64M"/ });
    assert.deepEqual(linux('{"default-shm-size": "64M"}'), []);
  });

  test('booleans, integers and arrays are checked as Go decodes them', () => {
    const text = '{"debug": "true", "max-concurrent-downloads": 2.5, "dns": "8.8.8.8"}';
    const d = withCode(linux(text), 'daemon-type');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"true"', '2.5', '"8.8.8.8"'],
    );
    assert.equal(d[0].data?.value, true);
    assert.match(d[1].message, /must be an integer, not the number 2\.5/);
    assert.deepEqual(d[2].data?.value, ['8.8.8.8']);
  });

  test('runtimes entries and features have typed values', () => {
    const text = '{"runtimes": {"crun": {"path": "/usr/bin/crun", "runtimeArgs": "--debug"}}, "features": {"cdi": "yes"}}';
    assert.deepEqual(
      withCode(linux(text), 'daemon-type').map((x) => covered(text, x)),
      ['"--debug"', '"yes"'],
    );
  });

  test('a wrong type skips the value checks of that key', () => {
    assert.deepEqual(
      linux('{"log-level": 3}').map((d) => d.code),
      ['daemon-type'],
    );
  });
});

describe('daemon-value', () => {
  const invalid: [string, string, string, RegExp][] = [
    ['log-level', '"verbose"', '"verbose"', /invalid logging level: verbose/],
    ['log-format', '"logfmt"', '"logfmt"', /invalid log format: logfmt/],
    ['default-ipc-mode', '"host"', '"host"', /default IPC mode setting \(host\) is invalid; use "shareable" or "private"/],
    ['default-cgroupns-mode', '"shared"', '"shared"', /default cgroup namespace mode \(shared\) is invalid; use "host" or "private"/],
    ['bip', '"172.17.0.1"', '"172.17.0.1"', /not a CIDR/],
    ['fixed-cidr', '"10.20.0.0/33"', '"10.20.0.0/33"', /not a CIDR/],
    ['fixed-cidr-v6', '"10.0.0.0/24"', '"10.0.0.0/24"', /not a valid IPv6 subnet/],
    ['default-shm-size', '"64Q"', '"64Q"', /invalid suffix: 'q'/],
    ['dns', '["1.1.1.1o"]', '"1.1.1.1o"', /invalid IP address: 1\.1\.1\.1o/],
    ['dns-search', '["-bad-"]', '"-bad-"', /-bad- is not a valid domain/],
    ['max-concurrent-uploads', '-2', '-2', /invalid max concurrent uploads: -2/],
    ['registry-mirrors', '["mirror.gcr.io"]', '"mirror.gcr.io"', /invalid mirror: unsupported scheme ""/],
    ['insecure-registries', '["ftp://registry.local"]', '"ftp://registry.local"', /should not contain ':\/\/'/],
    ['hosts', '["ssh://0.0.0.0:2375"]', '"ssh://0.0.0.0:2375"', /unsupported proto 'ssh'/],
    ['exec-opts', '["native.cgroupdriver=system"]', '"native.cgroupdriver=system"', /native\.cgroupdriver option system not supported/],
    ['node-generic-resources', '["gpu"]', '"gpu"', /expected `name=value`/],
  ];
  for (const [key, value, cover, message] of invalid) {
    test(`${key}: ${value} is refused`, () => {
      const text = `{"${key}": ${value}}`;
      one(text, linux(text), 'daemon-value', { severity: 'error', text: cover, message });
    });
  }

  test('the same keys with good values pass', () => {
    const text = JSON.stringify({
      'log-level': 'WARN',
      'log-format': 'json',
      'default-ipc-mode': 'shareable',
      'default-cgroupns-mode': 'private',
      bip: '172.17.0.1/16',
      'fixed-cidr': '172.17.1.0/24',
      ipv6: true,
      'fixed-cidr-v6': '2001:db8:1::/64',
      'default-shm-size': '128MiB',
      dns: ['1.1.1.1', '2606:4700:4700::1111'],
      'dns-search': ['example.com', '.'],
      'max-concurrent-uploads': 0,
      'registry-mirrors': ['https://mirror.gcr.io'],
      'insecure-registries': ['registry.local:5000', '10.0.0.0/8', '[::1]:5000'],
      'exec-opts': ['native.cgroupdriver=systemd'],
      'node-generic-resources': ['gpu=UUID1'],
      'default-address-pools': [{ base: '10.100.0.0/16', size: 24 }],
    });
    assert.deepEqual(linux(text), []);
  });

  // swarmkit api/genericresource Parse (moby v27.5.1 daemon/config ParseGenericResources).
  test('node-generic-resources: one name is either one count or named values, never both', () => {
    const text = '{"node-generic-resources": ["gpu=1", "gpu=red", "fpga=a", "fpga=b", "fpga=2", "ssd=-1", "x=a=b", "nic=eth0", "nic=eth1", "cores=4"]}';
    const d = withCode(linux(text), 'daemon-value');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"x=a=b"', '"gpu=red"', '"fpga=2"', '"ssd=-1"'],
    );
    assert.match(d[0].message, /^could not parse GenericResource: incorrect term x=a=b, missing '=' or malformed expression/);
    assert.match(d[1].message, /^could not parse GenericResource: mixed discrete and named resources in expression 'gpu=\[1 red\]'/);
    assert.match(d[2].message, /mixed discrete and named resources in expression 'fpga=\[a b 2\]'/);
    assert.match(d[3].message, /^could not parse GenericResource: cannot ask for negative resource ssd/);
    assert.ok(d.every((x) => x.severity === 'error'));
  });

  test('node-generic-resources: two counts for one name are refused too (only a single value is discrete)', () => {
    const text = '{"node-generic-resources": ["gpu = 1", "gpu=2"]}';
    const d = withCode(linux(text), 'daemon-value');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"gpu=2"'],
    );
    assert.match(d[0].message, /'gpu=\[1 2\]'/);
  });

  test('labels need key=value, no reserved namespace and no conflicting values', () => {
    const text = '{"labels": ["nokv", "com.docker.x=1", "env=prod", "env=dev", "env=prod"]}';
    const d = withCode(linux(text), 'daemon-value');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"nokv"', '"com.docker.x=1"', '"env=dev"', '"env=prod"'],
    );
    assert.match(d[0].message, /bad attribute format: nokv/);
    assert.match(d[1].message, /reserved for internal use/);
    assert.match(d[2].message, /conflict labels for env=dev and env=prod/);
    assert.deepEqual(linux('{"labels": ["env=prod", "env=prod"]}'), []);
  });

  test('default-address-pools: CIDR base and a size at least the prefix length', () => {
    const text = '{"default-address-pools": [{"base": "10.100.0.0/16", "size": 8}, {"base": "10.200.0.0", "size": 24}, {"base": "10.0.0.0/8"}]}';
    const d = linux(text);
    assert.deepEqual(
      d.map((x) => `${x.code} ${covered(text, x)}`),
      ['daemon-value "10.200.0.0"', 'daemon-value 8', 'daemon-value {"base": "10.0.0.0/8"}'],
    );
    assert.match(d[0].message, /ParsePrefix/);
    assert.match(d[1].message, /smaller prefix \(\/16\) than the target size of that pool \(\/8\)/);
    assert.match(d[2].message, /not in canonical form/);
  });

  test('fixed-cidr-v6 may not clash with fe80::/64', () => {
    const text = '{"fixed-cidr-v6": "fe80::/48"}';
    assert.match(one(text, linux(text), 'daemon-value').message, /clashes with the Link-Local prefix/);
  });

  test('windows-dns-proxy is a Windows-only feature', () => {
    const text = '{"features": {"windows-dns-proxy": true}}';
    one(text, linux(text), 'daemon-value', { text: '"windows-dns-proxy"', message: /only available on Windows/ });
    assert.deepEqual(windows(text), []);
  });

  test('cross-key bridge checks dockerd makes at start', () => {
    const text = '{"bridge": "br0", "bip": "10.0.0.1/24", "icc": false, "iptables": false, "ipv6": true, "userland-proxy-path": "docker-proxy"}';
    const d = withCode(linux(text), 'daemon-value');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"10.0.0.1/24"', 'false', 'true', '"docker-proxy"'],
    );
    assert.match(d[0].message, /mutually exclusive/);
    assert.match(d[1].message, /--iptables=false with --icc=false/);
    assert.match(d[2].message, /IPv6 is enabled for the default bridge, but no subnet is configured/);
    assert.match(d[3].message, /must be an absolute path/);
    assert.deepEqual(linux('{"bridge": "none", "ipv6": true, "userland-proxy": false, "userland-proxy-path": "docker-proxy"}'), []);
  });
});

describe('daemon-hooks', () => {
  test('a hooks key is an error with a ready-made wrapper runtime', () => {
    const text = '{\n  "hooks": {"prestart": [{"path": "/usr/bin/nvidia-container-toolkit", "args": ["nvidia-container-toolkit", "prestart"]}]}\n}';
    const d = one(text, linux(text), 'daemon-hooks', {
      severity: 'error',
      text: '"hooks"',
      message: [/dockerd has no "hooks" setting/, /configuration option: prestart/, /oci-add-hooks under "runtimes"/],
    });
    const data = d.data as { runtime: { path: string; runtimeArgs: string[] }; path: string[]; hookConfig: { hooks: { prestart: unknown[] } } };
    assert.deepEqual(data.path, ['runtimes', 'oci-add-hooks']);
    assert.equal(data.runtime.path, 'oci-add-hooks');
    assert.deepEqual(data.runtime.runtimeArgs, ['--hook-config-path', '/etc/docker/oci-hooks.json', '--runtime-path', 'runc']);
    assert.equal(data.hookConfig.hooks.prestart.length, 1);
    assert.equal(withCode(linux(text), 'daemon-unknown-key').length, 0);
  });

  test('the suggested runtimes entry is itself valid', () => {
    assert.deepEqual(
      linux(
        '{"default-runtime": "oci-add-hooks", "runtimes": {"oci-add-hooks": {"path": "oci-add-hooks", "runtimeArgs": ["--hook-config-path", "/etc/docker/oci-hooks.json", "--runtime-path", "runc"]}}}',
      ),
      [],
    );
  });
});

describe('daemon-runtime-key and daemon-runtime', () => {
  test('runtimes.<name>.args is ignored: use runtimeArgs', () => {
    const text = '{"runtimes": {"nvidia": {"path": "nvidia-container-runtime", "args": []}}}';
    const d = one(text, linux(text), 'daemon-runtime-key', { severity: 'warning', text: '"args"', message: /runtimes\.nvidia\.args is not a runtime field/ });
    assert.equal(d.data?.replacement, 'runtimeArgs');
    assert.deepEqual(linux('{"runtimes": {"nvidia": {"path": "nvidia-container-runtime", "runtimeArgs": []}}}'), []);
  });

  test('shim runtimes take runtimeType and options', () => {
    assert.deepEqual(
      linux('{"runtimes": {"gvisor": {"runtimeType": "io.containerd.runsc.v1", "options": {"TypeUrl": "io.containerd.runsc.v1.options"}}}}'),
      [],
    );
  });

  test('runc is a reserved runtime name', () => {
    const text = '{"runtimes": {"runc": {"path": "runc"}}}';
    one(text, linux(text), 'daemon-runtime', { severity: 'error', text: '"runc"', message: /runtime name 'runc' is reserved/ });
  });

  test('path and runtimeType: exactly one, and their own extras', () => {
    const text =
      '{"runtimes": {"a": {}, "b": {"path": "/bin/b", "runtimeType": "io.containerd.b.v1"}, "c": {"path": "/bin/c", "options": {"x": 1}}, "d": {"runtimeType": "io.containerd.d.v1", "runtimeArgs": ["-x"]}}}';
    const d = withCode(linux(text), 'daemon-runtime');
    assert.deepEqual(
      d.map((x) => covered(text, x)),
      ['"a"', '"io.containerd.b.v1"', '{"x": 1}', '["-x"]'],
    );
    assert.match(d[0].message, /either a runtimeType or a path must be configured/);
    assert.match(d[1].message, /cannot configure both path and runtimeType/);
    assert.match(d[2].message, /options cannot be used with a path runtime/);
    assert.match(d[3].message, /args cannot be used with a runtimeType runtime/);
  });

  test('default-runtime must exist', () => {
    const text = '{"default-runtime": "nvidai", "runtimes": {"nvidia": {"path": "nvidia-container-runtime"}}}';
    const d = one(text, linux(text), 'daemon-runtime', { text: '"nvidai"', message: /specified default runtime 'nvidai' does not exist/ });
    assert.equal(d.data?.suggestion, 'nvidia');
    assert.deepEqual(linux('{"default-runtime": "io.containerd.runsc.v1"}'), []);
    assert.deepEqual(linux('{"default-runtime": "runc"}'), []);
  });
});

describe('daemon-unknown-feature and daemon-hosts-systemd', () => {
  test('a feature dockerd never reads is a warning with a suggestion', () => {
    const text = '{"features": {"buildkit": true, "containerd-snapshoter": true}}';
    const d = one(text, linux(text), 'daemon-unknown-feature', { severity: 'warning', text: '"containerd-snapshoter"' });
    assert.equal(d.data?.suggestion, 'containerd-snapshotter');
    assert.deepEqual(linux('{"features": {"buildkit": true, "containerd-snapshotter": true, "cdi": true}}'), []);
  });

  test('hosts gets the systemd -H fd:// advice', () => {
    const text = '{"hosts": ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2375"]}';
    one(text, linux(text), 'daemon-hosts-systemd', { severity: 'information', text: '"hosts"', message: /-H fd:\/\// });
    assert.deepEqual(linux('{"hosts": []}'), []);
  });
});

describe('settings', () => {
  test('severity overrides and off apply to daemon rules', () => {
    const text = '{"label": "a=b", "grph": "/x"}';
    const d = check(text, 'daemon', { settings: { ruleSeverity: { 'daemon-ignored-key': 'error', 'daemon-unknown-key': 'off' } } });
    assert.deepEqual(
      d.map((x) => `${x.code}:${x.severity}`),
      ['daemon-ignored-key:error'],
    );
  });
});
