// The stack case suite: test/cases/stack/good.yml and its one-mutation variants in mutations/. Each file's header
// states what `docker stack deploy --resolve-image never` really does with it on the test swarm (`# docker:`) and
// what a correct validator says (`# ours:`). This test deploys every case on the real swarm, validates it in-process,
// and fails when either differs from the header; each stack is removed again, whatever happened.
//   DOCKER_CI_WORKERS=2 bash test/engine/docker-ci.sh up && node --import tsx --test test/engine/stack-cases.test.ts
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { defaultSettings } from '../../server/src/core/settings';
import type { Diagnostic } from '../../server/src/core/types';
import { validateText } from '../../server/src/core/validate';
import {
  cleanEnv,
  docker,
  dockerOk,
  removeStack,
  stackLeftovers,
  stackServices,
  stackTasks,
  swarmProblem,
  waitUntil,
  type ServiceState,
  type TaskState,
} from './docker';

const REPO = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const CASES = join(REPO, 'test', 'cases', 'stack');
const GOOD = join(CASES, 'good.yml');
/** Stacks deployed at the same time. */
const CONCURRENCY = 6;
/** A stack that is not converged this long after deploy is judged pending/failing (when its tasks say so). */
const SETTLE_MS = 6_000;
/**
 * How long a "tasks fail" judgement must hold before it is the outcome: tasks of a stack that converges can fail
 * at first (an overlay subnet still being allocated when 6 stacks deploy at once: "Pool overlaps"; a slow start).
 */
const FAIL_CONFIRM_MS = 15_000;
/** Longest wait for a deployed stack to converge or settle. */
const OBSERVE_MS = 90_000;

const DOCKER_OUTCOMES = ['refuses', 'deploys', 'deploys, tasks pending', 'deploys, tasks fail'] as const;
type DockerOutcome = (typeof DOCKER_OUTCOMES)[number];

interface OursExpectation {
  verdict: 'error' | 'warning' | 'clean';
  /** Codes that must be present with the verdict's severity. */
  codes: string[];
}

interface Case {
  file: string;
  rel: string;
  /** Stack namespace: spcase00 for good.yml, spcaseNN for mutations/NN-*.yml. */
  ns: string;
  text: string;
  docker: DockerOutcome;
  /** `# docker 20.10: …`: the outcome on an Engine 20.x, where it differs (evidence from upstream code or a run). */
  docker2010?: DockerOutcome;
  /** `# docker says: …`: checked against `docker stack deploy`'s stderr when the case is refused (see dockerSaysMatches). */
  says?: string;
  /** `# docker 20.10 says: …`: the same on an Engine 20.x, where its message differs. */
  says2010?: string;
  ours: OursExpectation;
}

function parseCase(file: string): Case {
  const text = readFileSync(file, 'utf8');
  const rel = relative(REPO, file);
  const d = /^# docker: (.+?)\s*$/m.exec(text)?.[1];
  const d2010 = /^# docker 20\.10: (.+?)\s*$/m.exec(text)?.[1];
  const says = /^# docker says: (.+?)\s*$/m.exec(text)?.[1];
  const says2010 = /^# docker 20\.10 says: (.+?)\s*$/m.exec(text)?.[1];
  const o = /^# ours: (error|warning|clean)((?: [a-z0-9-]+)*)\s*$/m.exec(text);
  if (!d || !(DOCKER_OUTCOMES as readonly string[]).includes(d))
    throw new Error(`${rel}: needs a header line "# docker: ${DOCKER_OUTCOMES.join(' | ')}" (got ${JSON.stringify(d)})`);
  if (d2010 !== undefined && !(DOCKER_OUTCOMES as readonly string[]).includes(d2010))
    throw new Error(`${rel}: "# docker 20.10:" must be one of ${DOCKER_OUTCOMES.join(' | ')} (got ${JSON.stringify(d2010)})`);
  if (!o) throw new Error(`${rel}: needs a header line "# ours: error|warning [code…]" or "# ours: clean"`);
  const id = file === GOOD ? '00' : /^(\d+)-/.exec(basename(file))?.[1];
  if (!id) throw new Error(`${rel}: mutation files are named NN-short-name.yml`);
  return {
    file,
    rel,
    ns: `spcase${id}`,
    text,
    docker: d as DockerOutcome,
    docker2010: d2010 as DockerOutcome | undefined,
    says,
    says2010,
    ours: { verdict: o[1] as OursExpectation['verdict'], codes: o[2].split(' ').filter(Boolean) },
  };
}

const mutationFiles = readdirSync(join(CASES, 'mutations'))
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => join(CASES, 'mutations', f));
const cases = [GOOD, ...mutationFiles].map(parseCase);
/** The environment of both docker and our validator: no test variable (TAG, REPLICAS, …) is set. */
const ENV = cleanEnv();

/**
 * Whether docker's stderr contains a `# docker says:` text: `<stack>` stands for the case's stack name, any other
 * `<…>` (a service ID, a map-order-dependent name) for any text on one line, `\n` for a line break and the
 * next line's indentation; the rest is
 * literal and must appear in that order.
 */
function dockerSaysMatches(says: string, ns: string, stderr: string): boolean {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\\n/g, '\\n[ \\t]*');
  const pattern = says
    .replace(/<stack>/g, ns)
    .split(/<[^<>]+>/)
    .map(literal)
    .join('[^\\n]*?');
  return new RegExp(pattern).test(stderr);
}

/** The major version of the engine under test (20 for the compat group's Engine 20.10). */
let engineMajor = 0;
const expectedDocker = (c: Case): DockerOutcome => (engineMajor === 20 && c.docker2010 ? c.docker2010 : c.docker);
const expectedSays = (c: Case): string | undefined => (engineMajor === 20 && c.says2010 ? c.says2010 : c.says);

// ---------------------------------------------------------------- our verdict

function ourDiagnostics(c: Case): Diagnostic[] {
  const r = validateText({ text: c.text, kind: 'stack', filePath: c.file, settings: defaultSettings({ env: ENV }) });
  if (!r) throw new Error(`${c.rel}: no validation result`);
  return r.diagnostics;
}

function oursMismatch(expect: OursExpectation, diags: Diagnostic[]): string | undefined {
  const errors = diags.filter((d) => d.severity === 'error');
  const warnings = diags.filter((d) => d.severity === 'warning');
  const got = errors.length ? 'error' : warnings.length ? 'warning' : 'clean';
  const pool = expect.verdict === 'error' ? errors : warnings;
  const missing = expect.codes.filter((code) => !pool.some((d) => d.code === code));
  if (got === expect.verdict && missing.length === 0) return undefined;
  const codes = (ds: Diagnostic[]) => [...new Set(ds.map((d) => d.code))].join(' ');
  const gotText = got === 'clean' ? 'clean' : `${got} ${codes(got === 'error' ? errors : warnings)}`;
  return `ours: expected "${[expect.verdict, ...expect.codes].join(' ')}", got "${gotText}"${missing.length ? ` (missing ${expect.verdict} ${missing.join(', ')})` : ''}`;
}

function formatDiagnostics(diags: Diagnostic[]): string {
  if (diags.length === 0) return '    (none)';
  return diags.map((d) => `    ${d.severity} ${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n');
}

// ---------------------------------------------------------------- docker's verdict

interface DockerObservation {
  outcome: DockerOutcome | 'not settled';
  exitCode: number | null;
  stderr: string;
  detail: string;
}

function describeState(services: ServiceState[], tasks: TaskState[]): string {
  const svc = services.map((s) => `${s.name} ${s.running}/${s.desired}`).join(', ');
  const notRunning = tasks
    .filter((t) => t.state !== 'Running' && t.desiredState === 'Running')
    .map((t) => `${t.name} ${t.state}${t.error ? ` (${t.error})` : ''}`);
  return `${svc || 'no services'}${notRunning.length ? `; ${notRunning.slice(0, 4).join('; ')}` : ''}`;
}

/**
 * After a successful deploy: converged (every service has all its replicas running), or, once SETTLE_MS have
 * passed, every service that is not converged either has a task pending with "no suitable node" or has had at
 * least two failed/rejected tasks and none running — the latter for FAIL_CONFIRM_MS in a row.
 */
async function observeDeployed(ns: string, t0: number): Promise<{ outcome: DockerOutcome | 'not settled'; detail: string }> {
  let last = '';
  let failingSince: number | undefined;
  try {
    return await waitUntil(
      `stack ${ns} to converge or settle`,
      async () => {
        const [services, tasks] = await Promise.all([stackServices(ns), stackTasks(ns)]);
        last = describeState(services, tasks);
        if (services.length > 0 && services.every((s) => s.desired > 0 && s.running === s.desired)) return { outcome: 'deploys' as const, detail: last };
        if (Date.now() - t0 < SETTLE_MS) return undefined;
        const stuck = services.filter((s) => s.running < s.desired || s.desired === 0);
        const of = (s: ServiceState) => tasks.filter((t) => t.service === s.name);
        const pending = stuck.filter((s) => of(s).some((t) => t.state === 'Pending' && t.desiredState === 'Running' && /no suitable node/.test(t.error)));
        const failing = stuck.filter(
          (s) => of(s).filter((t) => t.state === 'Failed' || t.state === 'Rejected').length >= 2 && !of(s).some((t) => t.state === 'Running'),
        );
        const settled = stuck.length > 0 && stuck.every((s) => pending.includes(s) || failing.includes(s));
        const failingNow = settled && failing.length > 0 && pending.length === 0;
        if (!failingNow) failingSince = undefined;
        if (!settled) return undefined;
        if (failing.length === 0) return { outcome: 'deploys, tasks pending' as const, detail: last };
        if (failingNow) {
          failingSince ??= Date.now();
          if (Date.now() - failingSince >= FAIL_CONFIRM_MS) return { outcome: 'deploys, tasks fail' as const, detail: last };
        }
        return undefined;
      },
      { timeoutMs: OBSERVE_MS, describe: () => last },
    );
  } catch (e) {
    return { outcome: 'not settled', detail: (e as Error).message };
  }
}

async function deployAndObserve(c: Case): Promise<DockerObservation> {
  const t0 = Date.now();
  const r = await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', c.file, c.ns], { cwd: dirname(c.file), env: ENV, timeoutMs: 60_000 });
  const stderr = r.stderr.trim();
  if (r.timedOut) return { outcome: 'not settled', exitCode: r.code, stderr, detail: `docker stack deploy timed out after ${r.ms} ms` };
  if (r.code !== 0) return { outcome: 'refuses', exitCode: r.code, stderr, detail: '' };
  const seen = await observeDeployed(c.ns, t0);
  return { ...seen, exitCode: r.code, stderr };
}

// ---------------------------------------------------------------- the suite

before(async () => {
  const problem = await swarmProblem();
  if (problem) throw new Error(`${problem}\nStart the test swarm with: DOCKER_CI_WORKERS=2 bash test/engine/docker-ci.sh up`);
  await dockerOk(['image', 'inspect', '--format', '{{.Id}}', 'probe/busybox:1']);
  engineMajor = Number((await dockerOk(['version', '--format', '{{.Server.Version}}'])).trim().split('.')[0]);
});

describe('every mutation changes one small region of good.yml', () => {
  /** The file without its leading comment block, with mutations' `../files/` read as good.yml's `./files/`. */
  const body = (text: string) => {
    const lines = text.replace(/\.\.\/files\//g, './files/').split('\n');
    return lines.slice(lines.findIndex((l) => !l.startsWith('#')));
  };
  const good = body(readFileSync(GOOD, 'utf8'));
  for (const c of cases.slice(1)) {
    it(c.rel, () => {
      const m = body(c.text);
      let p = 0;
      while (p < m.length && p < good.length && m[p] === good[p]) p++;
      let s = 0;
      while (s < m.length - p && s < good.length - p && m[m.length - 1 - s] === good[good.length - 1 - s]) s++;
      const removed = good.length - p - s;
      const added = m.length - p - s;
      assert.ok(removed + added > 0, `${c.rel} does not change good.yml`);
      assert.ok(
        removed <= 6 && added <= 6,
        `${c.rel} changes lines ${p + 1}..${p + Math.max(removed, added)} of good.yml's body: more than one small mutation?`,
      );
    });
  }
});

/** One deploy of a case, observed, and the stack removed again whatever happened. */
async function deployedOnce(c: Case): Promise<DockerObservation> {
  try {
    return await deployAndObserve(c);
  } finally {
    await removeStack(c.ns);
  }
}

/** Runs `fn` when no other `alone` call runs (the first deploys of other cases go on meanwhile). */
let aloneChain: Promise<unknown> = Promise.resolve();
function alone<T>(fn: () => Promise<T>): Promise<T> {
  const run = aloneChain.then(fn, fn);
  aloneChain = run.catch(() => undefined);
  return run;
}

describe('stack cases: docker stack deploy on the test swarm vs our validator', { concurrency: CONCURRENCY }, () => {
  for (const c of cases) {
    it(`${c.rel} (docker: ${c.docker}; ours: ${[c.ours.verdict, ...c.ours.codes].join(' ')})`, async () => {
      const diags = ourDiagnostics(c);
      if ((await stackLeftovers(c.ns)).length > 0) await removeStack(c.ns); // left by an interrupted earlier run
      const expected = expectedDocker(c);
      let seen = await deployedOnce(c);
      // A stack that deploys may see its tasks fail or stall while 6 stacks start at once on 2 cores: such a case is
      // deployed once more (one retry at a time) before it counts as a disagreement (a refusal never depends on load).
      let retried = '';
      if (seen.outcome !== expected && seen.outcome !== 'refuses' && expected !== 'refuses') {
        retried = ` (first deploy: "${seen.outcome}"; deployed again)`;
        seen = await alone(() => deployedOnce(c));
        if (seen.outcome === expected) console.log(`# ${c.rel}${retried}: "${seen.outcome}" the second time`);
      }
      const problems: string[] = [];
      if (seen.outcome !== expected)
        problems.push(`docker: expected "${expected}", got "${seen.outcome}"${retried} (exit ${seen.exitCode})${seen.detail ? `: ${seen.detail}` : ''}`);
      // The message is checked where the outcome is the main header's refusal: a 20.10 outcome has no message of its own.
      else if (expected === 'refuses' && expected === c.docker && expectedSays(c) && !dockerSaysMatches(expectedSays(c)!, c.ns, seen.stderr))
        problems.push(`docker says: stderr does not contain "${expectedSays(c)}"`);
      const ours = oursMismatch(c.ours, diags);
      if (ours) problems.push(ours);
      if (problems.length) {
        assert.fail(
          `${c.rel}\n  ${problems.join('\n  ')}\n  docker stack deploy stderr:\n${seen.stderr ? seen.stderr.replace(/^/gm, '    ') : '    (empty)'}\n  our diagnostics:\n${formatDiagnostics(diags)}`,
        );
      }
    });
  }
});
