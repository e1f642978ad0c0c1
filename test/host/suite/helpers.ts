import { execFileSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SwarmPilotApi } from '../../../client/src/api';

export const EXTENSION_ID = 'swarm-pilot.swarm-pilot';
/** The repository (for the CLI) and the workspace copy of examples/ the server was opened on. */
export const ROOT = process.env.SWARM_PILOT_ROOT!;
export const WORKSPACE = vscode.workspace.workspaceFolders![0].uri.fsPath;

export function wsUri(rel: string): vscode.Uri {
  return vscode.Uri.file(join(WORKSPACE, rel));
}

export async function activateExtension(): Promise<SwarmPilotApi> {
  const ext = vscode.extensions.getExtension<SwarmPilotApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `check` returns a value that is not undefined, or throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    await sleep(100);
  }
}

export interface PlainDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  range: [number, number, number, number];
  message: string;
}

const SEVERITY: Record<vscode.DiagnosticSeverity, PlainDiagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

const order = (a: PlainDiagnostic, b: PlainDiagnostic) =>
  a.range.join(',').localeCompare(b.range.join(','), undefined, { numeric: true }) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);

/** Swarm Pilot's diagnostics for a document, as plain sorted data. */
export function ourDiagnostics(uri: vscode.Uri): PlainDiagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'swarm-pilot')
    .map((d) => ({
      code: String(typeof d.code === 'object' ? d.code.value : d.code),
      severity: SEVERITY[d.severity],
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character] as PlainDiagnostic['range'],
      message: d.message,
    }))
    .sort(order);
}

/** What `swarm-pilot check --format json` reports for one file (the CLI of the same checkout). */
export function cliDiagnostics(file: string, extraArgs: string[] = []): { kind: string; diagnostics: PlainDiagnostic[] } {
  let out: string;
  try {
    out = execFileSync(process.execPath, [join(ROOT, 'bin', 'swarm-pilot.js'), 'check', '--format', 'json', ...extraArgs, file], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
  } catch (err) {
    // Exit status 1 means "errors found"; the JSON is still on stdout.
    out = (err as { stdout?: string }).stdout ?? '';
    if (!out) throw err;
  }
  const json = JSON.parse(out) as {
    files: {
      path: string;
      kind: string;
      diagnostics: {
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
        severity: PlainDiagnostic['severity'];
        code: string;
        message: string;
      }[];
    }[];
  };
  const f = json.files[0];
  return {
    kind: f.kind,
    diagnostics: f.diagnostics
      .map((d) => ({
        code: d.code,
        severity: d.severity,
        range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character] as PlainDiagnostic['range'],
        message: d.message,
      }))
      .sort(order),
  };
}

/** Opens a document in an editor (so pull diagnostics run and the status item applies to it). */
export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Waits until our diagnostics for `uri` satisfy `ok` (diagnostics arrive asynchronously). */
export function waitForDiagnostics(uri: vscode.Uri, ok: (d: PlainDiagnostic[]) => boolean, what: string, timeoutMs = 20_000): Promise<PlainDiagnostic[]> {
  return waitFor(
    what,
    () => {
      const d = ourDiagnostics(uri);
      return ok(d) ? d : undefined;
    },
    timeoutMs,
  );
}

/** PIDs of language servers this extension host started (`dist/server.js … --clientProcessId=<our pid>`). */
export function languageServerPids(): number[] {
  const pids: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmd.split('\0');
    if (args.some((a) => a.endsWith('/dist/server.js')) && args.includes(`--clientProcessId=${process.pid}`)) pids.push(Number(e));
  }
  return pids;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Adds a `name: value` line to the metrics file the runner prints after the suite. */
export function recordMetric(name: string, value: number | string): void {
  const file = process.env.SWARM_PILOT_HOST_METRICS;
  if (file) appendFileSync(file, `${name}: ${value}\n`);
}

const dockerCli = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 120_000 }).trim();

/** A swarm manager answers on the default Docker socket (the live suites skip without one). */
export function swarmManagerUp(): boolean {
  try {
    return dockerCli('info', '--format', '{{.Swarm.ControlAvailable}}') === 'true';
  } catch {
    return false;
  }
}

/** `docker service rm`, quiet when the service is not there. */
export function removeServiceQuietly(service: string): void {
  try {
    dockerCli('service', 'rm', service);
  } catch {
    /* not there */
  }
}

/** `docker stack rm`, quiet when the stack is not there. */
export function removeStackQuietly(stack: string): void {
  try {
    dockerCli('stack', 'rm', stack);
  } catch {
    /* not there */
  }
}
