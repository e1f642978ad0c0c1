// Drift on synthetic live services: deploy-time normalisation (pinned digest, resolved platforms, stack and revision
// labels, engine defaults, network IDs) is not drift; a changed field is, named as the stack file names it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  convertStack,
  formatDrift,
  goDuration,
  loadStackConfig,
  parseComposeYaml,
  renderLiveStack,
  stackDrift,
  type DesiredStack,
} from '../../client/src/deploy';
import type { SwarmService } from '../../client/src/engine';
import { notComparedReason } from '../../client/src/live/lensTitles';
import { kindFromComment } from '../../server/src/core/kinds/detect';
import { stackNameFromComment } from '../../server/src/core/stackModel';

const FILE = `services:
  web:
    image: probe/busybox:1
    networks: [front]
    deploy:
      replicas: 2
  api:
    image: probe/busybox:1
networks:
  front: {}
`;

const desiredOf = (text: string): DesiredStack => convertStack(loadStackConfig({ files: [{ path: '/s/stack.yml', text }], env: {} }), 'splive');

/** What the swarm returns for a service deployed from `desired`: IDs, digest, defaults, revision labels. */
function deployed(desired: DesiredStack, key: string): SwarmService {
  const spec = structuredClone(desired.services.find((s) => s.key === key)!.spec) as unknown as Record<string, any>;
  const c = spec.TaskTemplate.ContainerSpec;
  c.Image = `${c.Image}@sha256:${'a'.repeat(64)}`;
  spec.TaskTemplate.Placement = { ...(spec.TaskTemplate.Placement ?? {}), Platforms: [{ Architecture: 'amd64', OS: 'linux' }] };
  spec.Labels['com.swarm-pilot.revision'] = 'r1';
  spec.TaskTemplate.RestartPolicy = { Condition: 'any', Delay: 5_000_000_000, MaxAttempts: 0 };
  spec.TaskTemplate.ForceUpdate = 3;
  spec.EndpointSpec = { Mode: 'vip' };
  for (const n of spec.TaskTemplate.Networks ?? []) n.Target = `id-${n.Target}`;
  return { ID: `id-${key}`, Spec: spec } as SwarmService;
}

const networkNames = new Map(['splive_front', 'splive_default'].map((n) => [`id-${n}`, n]));

test('a stack as deployed is in sync: digest, platforms, labels, defaults and network IDs are normalisation', () => {
  const desired = desiredOf(FILE);
  const drift = stackDrift(desired, { services: [deployed(desired, 'web'), deployed(desired, 'api')], networkNames });
  assert.equal(drift.inSync, true, formatDrift(drift).join('\n'));
  assert.deepEqual(
    drift.services.map((s) => [s.key, s.status]),
    [
      ['api', 'in-sync'],
      ['web', 'in-sync'],
    ],
  );
});

test('image, replicas and a hand-added label are drift, named like the file; missing and extra services too', () => {
  const live = desiredOf(FILE);
  const web = deployed(live, 'web');
  (web.Spec!.Labels as Record<string, string>).owner = 'ops';
  const old = deployed(desiredOf(FILE.replace('  api:', '  old:')), 'old');
  const desired = desiredOf(FILE.replace('replicas: 2', 'replicas: 3').replace('image: probe/busybox:1\n    networks', 'image: probe/busybox:2\n    networks'));
  const drift = stackDrift(desired, { services: [web, old], networkNames });
  assert.equal(drift.inSync, false);
  const byKey = Object.fromEntries(drift.services.map((s) => [s.key, s]));
  assert.equal(byKey.api.status, 'not-deployed');
  assert.equal(byKey.old.status, 'would-prune');
  assert.equal(byKey.web.status, 'drifted');
  assert.deepEqual(byKey.web.fields, ['image', 'replicas', 'deploy.labels']);
  assert.deepEqual(
    byKey.web.changes.map((c) => [c.path, c.before, c.after]),
    [
      ['Labels.owner', 'ops', undefined],
      ['Mode.Replicated.Replicas', 2, 3],
      ['TaskTemplate.ContainerSpec.Image', `probe/busybox:1@sha256:${'a'.repeat(64)}`, 'probe/busybox:2'],
    ],
  );
  const text = formatDrift(drift).join('\n');
  assert.match(text, /web: drifted \(image, replicas, deploy\.labels\)\n {2}Labels\.owner: ops → \(unset\)/);
  assert.match(text, /stack splive: 1 drifted, 1 not deployed, 1 would be pruned, 0 in sync/);
});

test('an image changed behind the file (docker service update --image) is drift even when the stack label still matches', () => {
  const desired = desiredOf(FILE);
  const web = deployed(desired, 'web');
  (web.Spec!.TaskTemplate as { ContainerSpec: { Image: string } }).ContainerSpec.Image = 'probe/busybox:2';
  const drift = stackDrift(desired, { services: [web, deployed(desired, 'api')], networkNames });
  assert.deepEqual(drift.services.find((s) => s.key === 'web')!.fields, ['image']);
});

test("the live stack rendered back as a stack file: defaults and deploy labels omitted, the file's keys and order", () => {
  const text = `services:
  web:
    image: probe/busybox:1
    command: [sh, -c, exec sleep 100000]
    networks: [hostnet]
    deploy:
      replicas: 2
      update_config: {monitor: 1s, order: stop-first}
      restart_policy: {delay: 1s}
networks:
  hostnet:
    external: true
    name: host
`;
  const desired = desiredOf(text);
  const web = structuredClone(desired.services[0].spec) as unknown as Record<string, any>;
  web.TaskTemplate.ContainerSpec.Image += `@sha256:${'b'.repeat(64)}`;
  web.Labels['com.swarm-pilot.revision'] = 'r1';
  web.Labels.owner = 'ops';
  web.TaskTemplate.Networks = [{ Target: 'host-id' }];
  const rendered = renderLiveStack('splive', [{ ID: 'w', Spec: web } as SwarmService], {
    networkNames: new Map([['host-id', 'host']]),
    like: parseComposeYaml(text, 'f'),
    header: ['live'],
  });
  assert.equal(
    rendered,
    `# live
services:
  web:
    image: probe/busybox:1
    command:
      - sh
      - -c
      - exec sleep 100000
    networks:
      - hostnet
    deploy:
      replicas: 2
      update_config:
        monitor: 1s
      restart_policy:
        delay: 1s
      labels:
        owner: ops
networks:
  hostnet:
    external: true
    name: host
`,
  );
  assert.equal(goDuration(90_500_000_000), '1m30s500ms');
});

test('# swarm-pilot: stack NAME names the stack and still forces stack mode; other kinds name none', () => {
  assert.equal(stackNameFromComment('# swarm-pilot: stack shop-prod\nservices: {}\n'), 'shop-prod');
  assert.equal(kindFromComment('# swarm-pilot: stack shop-prod\nservices: {}\n'), 'stack');
  assert.equal(stackNameFromComment('# swarm-pilot: stack\nservices: {}\n'), undefined);
  assert.equal(kindFromComment('# swarm-pilot: stack\n'), 'stack');
  assert.equal(stackNameFromComment('# swarm-pilot: compose web\n'), undefined);
  assert.equal(stackNameFromComment('# swarm-pilot: stack -bad\n'), undefined);
});

test('a whole object on one side only names its fields: constraints added to a service deployed without placement', () => {
  const live = deployed(desiredOf(FILE), 'api');
  delete (live.Spec as Record<string, any>).TaskTemplate.Placement;
  const desired = desiredOf(
    FILE.replace(
      '  api:\n    image: probe/busybox:1\n',
      '  api:\n    image: probe/busybox:1\n    deploy:\n      placement:\n        constraints: [node.role == manager]\n',
    ),
  );
  const api = stackDrift(desired, { services: [live], networkNames }).services.find((s) => s.key === 'api')!;
  assert.equal(api.status, 'drifted');
  assert.deepEqual(api.fields, ['placement.constraints']);
});

test('Compare with Running writes unchanged values as the file does, and leaves out the default network', () => {
  const text = `# swarm-pilot: stack splive
services:
  worker:
    image: probe/busybox:1
    command: ["sleep", "86400"]
    deploy:
      replicas: 1
`;
  const spec = structuredClone(desiredOf(text).services[0].spec) as unknown as Record<string, any>;
  spec.TaskTemplate.Networks = [{ Target: 'default-id' }];
  spec.Labels.owner = 'ops';
  const render = (likeText?: string) =>
    renderLiveStack('splive', [{ ID: 'w', Spec: spec } as SwarmService], {
      networkNames: new Map([['default-id', 'splive_default']]),
      like: parseComposeYaml(text, 'f'),
      likeText,
    });
  assert.equal(
    render(text),
    `services:
  worker:
    image: probe/busybox:1
    command: ["sleep", "86400"]
    deploy:
      replicas: 1
      labels:
        owner: ops
`,
  );
  // Without the text, the value is the same, in the default style.
  assert.match(render(), /command:\n {6}- sleep\n {6}- "86400"\n/);
});

test('a lens on a file that cannot be converted gives the reason without the file’s own path, cut to a lens’ width', () => {
  const path = '/tmp/nc/examples/stack/broken-stack.yml';
  assert.equal(notComparedReason(`${path}: Compose file contains unsupported options\nmore`, path), 'Compose file contains unsupported options');
  assert.equal(notComparedReason(`${path}: ${'x'.repeat(200)}`, path).length, 90);
});
