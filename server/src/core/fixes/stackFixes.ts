import { nearest } from '../text/nearest';
import { vocabularyFor } from '../intel';
import type { Diagnostic } from '../types';
import type { Node } from 'yaml';
import type { ValuePath, YamlModel } from '../yaml/yamlDocument';
import { typoDistance } from '../kinds/ociRuntime/jsonContext';
import { yamlScalar } from '../intel/complete';
import { replaceWord } from './textEdits';
import type { FixInput, QuickFix, TextEdit } from './types';
import { insertAt, ownEntry, RawYaml, removePair, scalarAt, type YamlValue } from './yamlEdits';

/** Service keys swarm ignores or refuses that have an equivalent under `deploy`. */
const MOVES: Record<string, string[]> = {
  mem_limit: ['deploy', 'resources', 'limits', 'memory'],
  cpus: ['deploy', 'resources', 'limits', 'cpus'],
  mem_reservation: ['deploy', 'resources', 'reservations', 'memory'],
};

/** Keys with no swarm equivalent: the fix title says what to do instead. */
const NO_EQUIVALENT: Record<string, string> = {
  cpu_shares: 'swarm has no CPU shares; cap CPUs with deploy.resources.limits.cpus',
  cpu_quota: 'swarm has no CPU quota; cap CPUs with deploy.resources.limits.cpus',
  cpuset: 'swarm cannot pin CPUs; use placement constraints and deploy.resources',
  memswap_limit: 'swarm has no swap limit; set deploy.resources.limits.memory',
};

/** docker's `restart:` values as swarm restart policies (docker/cli convert.restartPolicy). */
function restartPolicy(value: string): Record<string, YamlValue> | undefined {
  if (value === 'no') return { condition: 'none' };
  if (value === 'always' || value === 'unless-stopped') return { condition: 'any' };
  const m = /^on-failure(?::(\d+))?$/.exec(value);
  if (m) return m[1] ? { condition: 'on-failure', max_attempts: Number(m[1]) } : { condition: 'on-failure' };
  return undefined;
}

const plainOk = (w: string) => yamlScalar(w) === w;

function removeFix(model: YamlModel, path: ValuePath, title: string, preferred: boolean): QuickFix[] {
  const edit = removePair(model, path);
  return edit ? [{ title, edits: [edit], preferred }] : [];
}

const before = (a: TextEdit['range']['start'], b: TextEdit['range']['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** Insert + remove as edits that never overlap: an insertion inside the removed lines replaces them instead. */
function insertAndRemove(insert: TextEdit, remove: TextEdit): TextEdit[] {
  const at = insert.range.start;
  if (before(at, remove.range.start) || !before(at, remove.range.end)) return [insert, remove];
  return [{ range: remove.range, newText: `${insert.newText.replace(/^\n/, '')}\n` }];
}

/** A service key moved to where swarm reads it (or just removed when the target is already set). */
function moveFixes(model: YamlModel, service: string, key: string): QuickFix[] {
  const from = ['services', service, key];
  const remove = removePair(model, from) ?? replaceOnly(model, from);
  if (!remove) return [];
  const scalar = scalarAt(model, from);
  let target: string[] | undefined;
  let value: YamlValue | undefined;
  if (key === 'restart' && typeof scalar?.value === 'string') {
    const policy = restartPolicy(scalar.value);
    if (policy) [target, value] = [['deploy', 'restart_policy'], policy];
  } else if (MOVES[key] && scalar) {
    // deploy.resources takes strings ("0.5", "512M"): a number is written as one.
    [target, value] = [MOVES[key], typeof scalar.value === 'number' ? String(scalar.value) : new RawYaml(scalar.source)];
  }
  if (!target || value === undefined) return [];
  const insert = insertAt(model, ['services', service], target, value);
  if (insert === undefined) return [];
  const dotted = target.join('.');
  if (insert === 'exists') return [{ title: `Remove ${key} (${dotted} is already set and is what swarm uses)`, edits: [remove], preferred: true }];
  return [{ title: `Move ${key} to ${dotted}`, edits: insertAndRemove(insert, remove), preferred: true }];
}

/** The lines of a pair that is its map's only entry: a move may replace them, a removal may not. */
function replaceOnly(model: YamlModel, path: ValuePath): TextEdit | undefined {
  const own = ownEntry(model, path);
  if (!own) return undefined;
  const key = own.pair.key as Node;
  const value = own.pair.value as Node | null;
  const keyPos = model.lines.positionAt(key.range![0]);
  const end = model.lines.positionAt(value?.range ? value.range[1] : key.range![1]);
  return { range: { start: { line: keyPos.line, character: 0 }, end: { line: end.line + 1, character: 0 } }, newText: '' };
}

/** Loader keys (forbidden, ignored, deprecated, silently dropped): move where swarm reads them, or remove. */
function loaderKeyFixes(input: FixInput, model: YamlModel, d: Diagnostic): QuickFix[] {
  const key = d.data?.key;
  const service = d.data?.service;
  if (typeof key !== 'string' || typeof service !== 'string') return [];
  const moves = moveFixes(model, service, key);
  const why = NO_EQUIVALENT[key];
  const title = why ? `Remove ${key} (${why})` : `Remove ${key} (${d.severity === 'error' ? 'refused' : 'ignored'} by swarm)`;
  return [...moves, ...removeFix(model, ['services', service, key], title, moves.length === 0)];
}

/** Schema errors: an unknown key → nearest known key or a move; a bad enum value → nearest allowed; ulimits without hard. */
function schemaFixes(input: FixInput, model: YamlModel, d: Diagnostic): QuickFix[] {
  const path = Array.isArray(d.data?.path) ? (d.data.path as (string | number)[]) : undefined;
  if (!path) return [];
  const keyword = d.data?.keyword;
  if (keyword === 'additionalProperties' && typeof d.data?.property === 'string') {
    const prop = d.data.property;
    const parent = path.slice(0, -1);
    if (parent.length === 2 && parent[0] === 'services' && MOVES[prop]) return moveFixes(model, String(parent[1]), prop);
    const known =
      vocabularyFor(input)
        ?.keys(parent)
        .map((k) => k.name) ?? [];
    const suggestion = nearest(prop, known, { maxDistance: typoDistance(prop) });
    // Not preferred: the nearest key may expect another shape of value (pre_start → restart).
    const fixes: QuickFix[] = suggestion ? [{ title: `Change ${prop} to ${suggestion}`, edits: [replaceWord(input.text, d.range, suggestion, plainOk)] }] : [];
    return [...fixes, ...removeFix(model, path, `Remove ${prop}`, false)];
  }
  if (keyword === 'enum' && Array.isArray(d.data?.allowed)) {
    const value = scalarAt(model, path);
    const allowed = (d.data.allowed as unknown[]).map(String);
    const suggestion = typeof value?.value === 'string' ? nearest(value.value, allowed) : undefined;
    return suggestion ? [{ title: `Change to ${suggestion}`, edits: [replaceWord(input.text, d.range, suggestion, plainOk)], preferred: true }] : [];
  }
  if (keyword === 'required' && d.data?.property === 'hard' && path.at(-2) === 'ulimits') {
    const soft = scalarAt(model, [...path, 'soft']);
    if (!soft) return [];
    const edit = insertAt(model, path, ['hard'], new RawYaml(soft.source));
    return edit && edit !== 'exists' ? [{ title: `Add hard: ${soft.source} (the same as soft)`, edits: [edit], preferred: true }] : [];
  }
  return [];
}

/** A placement constraint written with quotes or an unknown key: the corrected expression. */
function constraintFixes(input: FixInput, d: Diagnostic): QuickFix[] {
  const replacement = d.data?.replacement;
  if (typeof replacement !== 'string') return [];
  const edit: TextEdit = replaceWord(input.text, d.range, replacement, plainOk);
  return [{ title: `Change to ${replacement}`, edits: [edit], preferred: true }];
}

export const STACK_FIXES: Record<string, (input: FixInput, model: YamlModel, d: Diagnostic) => QuickFix[]> = {
  'stack-forbidden-key': loaderKeyFixes,
  'stack-unsupported-key': loaderKeyFixes,
  'stack-deprecated-key': loaderKeyFixes,
  'stack-ignored-key': loaderKeyFixes,
  'stack-schema': schemaFixes,
  'stack-constraint-syntax': (input, _m, d) => constraintFixes(input, d),
  'stack-constraint-unknown-key': (input, _m, d) => constraintFixes(input, d),
  'stack-constraint-value': (input, _m, d) => constraintFixes(input, d),
};
