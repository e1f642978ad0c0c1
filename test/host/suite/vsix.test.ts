import * as assert from 'node:assert/strict';
import { copyFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SwarmPilotApi } from '../../../client/src/api';
import { cliDiagnostics, EXTENSION_ID, openInEditor, ourDiagnostics, recordMetric, ROOT, waitFor, wsUri } from './helpers';

// Runs against the .vsix made by `npm run package`, installed with --install-extension into a fresh
// extensions dir, in a workspace with no Docker files (so nothing activates it at startup).
describe('the packaged .vsix', () => {
  const ext = () => vscode.extensions.getExtension<SwarmPilotApi>(EXTENSION_ID)!;

  it('is the installed package, not the source tree', () => {
    assert.ok(ext(), `${EXTENSION_ID} is installed`);
    const dir = process.env.SWARM_PILOT_HOST_EXTENSIONS_DIR!;
    assert.ok(ext().extensionPath.startsWith(dir + '/'), `${ext().extensionPath} is under ${dir}`);
  });

  it('ships only bundles, media, examples and grammars', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(relative(ext().extensionPath, p));
      }
    };
    walk(ext().extensionPath);
    const unexpected = files.filter(
      (f) =>
        !/^(package\.json|readme\.md|changelog\.md|license.*|\.vsixmanifest|dist\/(extension|server|serverCore|validator)\.js|dist\/validators\/[a-z0-9.-]+\.js|media\/.+|examples\/.+|syntaxes\/[^/]+\.tmLanguage\.json)$/i.test(
          f,
        ),
    );
    assert.deepEqual(unexpected, []);
  });

  it('ships every schema validator generated at build time (dist/validators/)', () => {
    const shipped = readdirSync(join(ext().extensionPath, 'dist', 'validators')).sort();
    const built = readdirSync(join(ROOT, 'dist', 'validators'))
      .filter((f) => f.endsWith('.js'))
      .sort();
    assert.ok(shipped.includes('stack-3.13.js'), shipped.join());
    assert.deepEqual(shipped, built);
  });

  it('is not active before a Docker file is opened', () => {
    assert.equal(ext().isActive, false);
  });

  it('activates on a stack file and validates it like the CLI', async () => {
    const uri = wsUri('docker-stack.yml');
    copyFileSync(join(ROOT, 'examples', 'stack', 'broken-stack.yml'), uri.fsPath);
    const t0 = Date.now();
    await openInEditor(uri);
    await waitFor('activation', () => (ext().isActive ? true : undefined));
    const api = ext().exports;
    await api.ready;
    recordMetric('vsix: file opened → extension active and server ready ms', Date.now() - t0);
    recordMetric('vsix: client activate() ms', api.timings.activateMs);
    recordMetric('vsix: activation start → server initialized ms', api.timings.serverReadyMs ?? 'n/a');
    const expected = cliDiagnostics(uri.fsPath).diagnostics;
    assert.ok(expected.length > 0);
    await waitFor('diagnostics equal to the CLI output', () => (isDeepStrictEqual(ourDiagnostics(uri), expected) ? true : undefined)).catch(() =>
      assert.deepEqual(ourDiagnostics(uri), expected),
    );
    recordMetric('vsix: file opened → diagnostics shown ms', Date.now() - t0);
    assert.equal((await api.modeStatus())?.text, 'Stack file (swarm)');
  });
});
