// swarm-pilot.fleet.yaml: the swarms one stack is rolled out to, and the rollout policy. Parser errors first, then
// the JSON Schema (schemas/fleet.schema.json, draft-07 via ajv), then what a schema cannot say: unique target names,
// waves naming known targets once, one wave form, and no connection secrets in the file.
import type { ValidateFunction } from 'ajv';
import fleetSchema from '../../../../../schemas/fleet.schema.json';
import { defineRule } from '../../rules/registry';
import { Reporter } from '../../rules/reporter';
import { requiredValidator } from '../../schema/compile';
import type { SchemaSet } from '../../schema/schemaSet';
import { reportProblems } from '../../schema/reportSchema';
import { reduceSchemaErrors } from '../../schema/schemaErrors';
import type { CoreSettings } from '../../settings';
import type { Diagnostic } from '../../types';
import { keyRange, valueRange, type ValuePath, type YamlModel } from '../../yaml/yamlDocument';
import { asMap } from '../stack/context';

const SOURCE = 'Swarm Pilot fleet file (schemas/fleet.schema.json)';

export const fleetSchemaRule = defineRule({
  code: 'fleet-schema',
  kinds: ['fleet'],
  severity: 'error',
  description: 'Violates the fleet file schema (unknown keys, wrong types, a target without `context` or `host`).',
  source: SOURCE,
});

export const fleetDuplicateTargetRule = defineRule({
  code: 'fleet-duplicate-target',
  kinds: ['fleet'],
  severity: 'error',
  description: 'Two targets have the same name (waves, reports and the rollout state name targets).',
  source: SOURCE,
});

export const fleetUnknownTargetRule = defineRule({
  code: 'fleet-unknown-target',
  kinds: ['fleet'],
  severity: 'error',
  description: 'A wave names a target the file does not define, or names a target a second time.',
  source: SOURCE,
});

export const fleetWaveFormRule = defineRule({
  code: 'fleet-wave-form',
  kinds: ['fleet'],
  severity: 'error',
  description: 'More than one wave form (`waves`, `byLabel`, `fixed`, `exponential`) in `rollout`: use one.',
  source: SOURCE,
});

export const fleetSecretRule = defineRule({
  code: 'fleet-secret',
  kinds: ['fleet'],
  severity: 'error',
  description: 'A password, token or key in the fleet file: connection secrets come from docker contexts and user settings only.',
  source: SOURCE,
});

export const fleetTopLevelRule = defineRule({
  code: 'fleet-top-level',
  kinds: ['fleet'],
  severity: 'error',
  description: 'The fleet file is not a YAML mapping.',
  source: SOURCE,
});

/** Key names that hold secrets: refused anywhere in the file, whatever the schema says about the place. */
export const SECRET_KEY = /^(password|passwd|passphrase|token|secret|api[-_]?key|private[-_]?key|auth|credentials?|key)$/i;
export const WAVE_FORMS = ['waves', 'byLabel', 'fixed', 'exponential'] as const;

export const FLEET_SCHEMA_SET: SchemaSet = { name: 'fleet', draft: 7, schemas: () => [fleetSchema], refs: { root: fleetSchema.$id } };

const validator = (): ValidateFunction => requiredValidator(FLEET_SCHEMA_SET, 'root');

export interface FleetInput {
  model: YamlModel;
  text: string;
  settings: CoreSettings;
}

export function validateFleet(input: FleetInput): Diagnostic[] {
  const { model } = input;
  const reporter = new Reporter(input.settings, input.text);
  reporter.add(model.syntaxDiagnostics);
  if (model.syntaxDiagnostics.some((d) => d.severity === 'error')) return reporter.diagnostics;
  const root = asMap(model.value);
  if (!root) {
    reporter.report(fleetTopLevelRule, model.lines.rangeOnOneLine(0, input.text.length), 'The fleet file must be a mapping with `targets` (and `rollout`)');
    return reporter.diagnostics;
  }
  const ctx = {
    report: reporter.report.bind(reporter),
    keyRange: (p: ValuePath) => keyRange(model, p),
    valueRange: (p: ValuePath) => valueRange(model, p),
  };
  const secretPaths = secretKeys(root, []);
  for (const p of secretPaths)
    ctx.report(
      fleetSecretRule,
      ctx.keyRange(p),
      `\`${p[p.length - 1]}\` has no place in a fleet file: connection secrets come from docker contexts (\`context:\`) and user settings, never from the file`,
    );
  const validate = validator();
  if (!validate(root)) {
    const secretKeyNames = new Set(secretPaths.map((p) => p.join('\u0000')));
    const unconnected = new Set(targetsWithoutConnection(root));
    // A target with neither `context` nor `host` fails both branches of the schema's oneOf: say it once.
    const problems = reduceSchemaErrors(validate.errors ?? []).filter(
      (p) =>
        !secretKeyNames.has(p.path.join('\u0000')) &&
        !(p.keyword === 'required' && p.path[0] === 'targets' && p.path.length === 2 && unconnected.has(Number(p.path[1]))),
    );
    reportProblems(ctx, problems, fleetSchemaRule);
    for (const i of unconnected)
      ctx.report(
        fleetSchemaRule,
        ctx.keyRange(['targets', i]),
        `targets.${i} needs a connection: \`context\` (a docker context) or \`host\` (unix://, tcp://, ssh://)`,
      );
  }
  checkNames(root, ctx);
  return reporter.diagnostics;
}

function targetsWithoutConnection(root: Record<string, unknown>): number[] {
  const targets = Array.isArray(root.targets) ? root.targets : [];
  return targets.flatMap((t, i) => {
    const m = asMap(t);
    return m && m.context === undefined && m.host === undefined ? [i] : [];
  });
}

function secretKeys(value: unknown, path: (string | number)[]): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretKeys(v, [...path, i]));
  const m = asMap(value);
  if (!m) return [];
  // Target labels are free text: a label named `key` is a label, not a secret.
  return Object.entries(m).flatMap(([k, v]) => [
    ...(SECRET_KEY.test(k) && path[path.length - 1] !== 'labels' ? [[...path, k]] : []),
    ...secretKeys(v, [...path, k]),
  ]);
}

type Ctx = { report: Reporter['report']; keyRange: (p: ValuePath) => ReturnType<typeof keyRange>; valueRange: (p: ValuePath) => ReturnType<typeof valueRange> };

function checkNames(root: Record<string, unknown>, ctx: Ctx): void {
  const targets = Array.isArray(root.targets) ? root.targets : [];
  const known = new Set<string>();
  targets.forEach((t, i) => {
    const name = asMap(t)?.name;
    if (typeof name !== 'string') return;
    if (known.has(name))
      ctx.report(fleetDuplicateTargetRule, ctx.valueRange(['targets', i, 'name']), `target "${name}" is defined twice; target names must be unique`);
    known.add(name);
  });
  const rollout = asMap(root.rollout);
  if (!rollout) return;
  const forms = WAVE_FORMS.filter((f) => rollout[f] !== undefined);
  for (const f of forms.slice(1))
    ctx.report(fleetWaveFormRule, ctx.keyRange(['rollout', f]), `\`rollout.${f}\` and \`rollout.${forms[0]}\` both say how to form waves; keep one`);
  const waves = Array.isArray(rollout.waves) ? rollout.waves : [];
  const seen = new Set<string>();
  waves.forEach((wave, w) => {
    if (!Array.isArray(wave)) return;
    wave.forEach((name, i) => {
      if (typeof name !== 'string') return;
      const at = ctx.valueRange(['rollout', 'waves', w, i]);
      if (!known.has(name))
        ctx.report(
          fleetUnknownTargetRule,
          at,
          `wave ${w + 1} names "${name}", which is not a target of this file${known.size ? ` (targets: ${[...known].join(', ')})` : ''}`,
        );
      else if (seen.has(name))
        ctx.report(fleetUnknownTargetRule, at, `"${name}" is already in an earlier place of the waves; a target is deployed once per rollout`);
      seen.add(name);
    });
  });
}
