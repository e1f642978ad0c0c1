import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'mocha';
import type { SwarmPilotApi } from '../../../client/src/api';
import { activateExtension, cliDiagnostics, closeAllEditors, openInEditor, ourDiagnostics, waitFor, wsUri } from './helpers';

// The editor must show exactly what `swarm-pilot check --format json` reports for the same file:
// same codes, severities, ranges and messages.
const EXAMPLES: { file: string; kind: string; expectProblems: boolean }[] = [
  { file: 'stack/docker-stack.yml', kind: 'stack', expectProblems: false },
  { file: 'stack/broken-stack.yml', kind: 'stack', expectProblems: true },
  { file: 'compose/compose.yaml', kind: 'compose', expectProblems: false },
  { file: 'daemon/daemon.json', kind: 'daemon', expectProblems: true },
  { file: 'oci/config.json', kind: 'oci-runtime', expectProblems: true },
  { file: 'oci/hooks.d/example.json', kind: 'oci-hooks', expectProblems: true },
];

describe('diagnostics equal the CLI', () => {
  let api: SwarmPilotApi;
  before(async () => {
    api = await activateExtension();
  });
  after(closeAllEditors);

  for (const ex of EXAMPLES) {
    it(`${ex.file} (${ex.kind})`, async () => {
      const uri = wsUri(ex.file);
      const cli = cliDiagnostics(uri.fsPath);
      assert.equal(cli.kind, ex.kind, 'the CLI detects the kind');
      // Problems are errors and warnings; readiness advice (information) may be there either way.
      const problems = cli.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.equal(problems.length > 0, ex.expectProblems, `the example ${ex.expectProblems ? 'has' : 'has no'} problems: ${JSON.stringify(problems)}`);
      await openInEditor(uri);
      const info = await waitFor('the server to know the document', async () => {
        const i = await api.documentInfo(uri.toString());
        return i.kind ? i : undefined;
      });
      assert.equal(info.kind, ex.kind, 'the server detects the same kind');
      // Diagnostics arrive asynchronously: wait until they equal the CLI's (and the server's own counts).
      const errors = cli.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = cli.diagnostics.filter((d) => d.severity === 'warning').length;
      assert.deepEqual({ errors: info.errors, warnings: info.warnings }, { errors, warnings }, 'server counts equal the CLI counts');
      try {
        await waitFor('diagnostics equal to the CLI output', () => (isDeepStrictEqual(ourDiagnostics(uri), cli.diagnostics) ? true : undefined), 15_000);
      } catch {
        assert.deepEqual(ourDiagnostics(uri), cli.diagnostics);
      }
    });
  }
});
