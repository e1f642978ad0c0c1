import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'mocha';
import type { SwarmPilotApi } from '../../../client/src/api';
import { activateExtension, closeAllEditors, openInEditor, waitFor, wsUri } from './helpers';

describe('language status item', () => {
  let api: SwarmPilotApi;
  before(async () => {
    api = await activateExtension();
  });
  after(closeAllEditors);

  const cases: [string, string, RegExp][] = [
    ['stack/docker-stack.yml', 'Stack file (swarm)', /^0 errors, 0 warnings · file name matches swarmPilot\.stackGlobs$/],
    ['stack/broken-stack.yml', 'Stack file (swarm)', /^\d+ errors, \d+ warnings · /],
    ['compose/compose.yaml', 'Compose file', /detected from the file name and content/],
    ['daemon/daemon.json', 'daemon.json', /errors?/],
    ['oci/config.json', 'OCI runtime config', /errors?/],
    ['oci/hooks.d/example.json', 'OCI hook', /errors?/],
  ];
  for (const [file, text, detail] of cases) {
    it(`shows "${text}" for ${file}`, async () => {
      const uri = wsUri(file);
      await openInEditor(uri);
      const s = await waitFor(`the status item for ${file}`, async () => {
        const st = await api.modeStatus();
        return st?.uri === uri.toString() && st.text === text ? st : undefined;
      });
      assert.match(s.detail, detail);
    });
  }

  it('offers "Not validated" for YAML that is not a Docker file', async () => {
    const uri = wsUri('other/not-docker.yml');
    mkdirSync(dirname(uri.fsPath), { recursive: true });
    writeFileSync(uri.fsPath, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  key: value\n');
    await openInEditor(uri);
    const s = await waitFor('the status item', async () => {
      const st = await api.modeStatus();
      return st?.uri === uri.toString() ? st : undefined;
    });
    assert.equal(s.text, 'Not validated');
  });
});
