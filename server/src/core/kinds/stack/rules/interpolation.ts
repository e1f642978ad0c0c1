// The interpolation rules: docker's `$VAR` substitution itself is in stackModel/interpolate.ts, which reports by code.
import { defineRule, type RuleMeta } from '../../../rules/registry';
import type { InterpolationCode } from '../../../stackModel';

const TEMPLATE_SOURCE = 'docker/cli cli/compose/template/template.go (v27.5.1); compose-go template/template.go';

export const interpolationSyntaxRule = defineRule({
  code: 'interpolation-syntax',
  kinds: ['stack', 'compose'],
  severity: 'error',
  description: 'Malformed `$` template (`${}`, `${VAR`, `$1`, a lone `$`…): "invalid interpolation format"; `$$` writes a dollar.',
  source: TEMPLATE_SOURCE,
});

export const interpolationRequiredRule = defineRule({
  code: 'interpolation-required',
  kinds: ['stack', 'compose'],
  severity: 'error',
  description:
    '`${VAR:?msg}` / `${VAR?msg}` whose variable is unset (or empty for `:?`); in compose mode an unset one only when no `.env` beside the file could set it.',
  source: TEMPLATE_SOURCE,
});

export const interpolationUnsetRule = defineRule({
  code: 'interpolation-unset',
  kinds: ['stack', 'compose'],
  severity: 'warning',
  description: '`$VAR` / `${VAR}` whose variable is not set: stack deploy (which never reads `.env`) substitutes an empty string.',
  source: 'docker/cli cli/compose/template/template.go (v27.5.1)',
});

export const interpolationCastRule = defineRule({
  code: 'interpolation-cast',
  kinds: ['stack', 'compose'],
  severity: 'error',
  description: 'Interpolated value that docker cannot cast to the number or boolean the key needs ("failed to cast to expected type").',
  source: 'docker/cli cli/compose/loader/interpolate.go (v27.5.1); compose-go loader/interpolate.go (v2.9.1)',
});

export const interpolationQuirkRule = defineRule({
  code: 'interpolation-quirk',
  kinds: ['stack'],
  severity: 'warning',
  description:
    'Template that docker/cli 27.5.1 reads differently than it looks: `$VAR-text` (rest taken as a default), operators split at the wrong place, errors cleared by a later variable.',
  source: 'docker/cli cli/compose/template/template.go (v27.5.1)',
});

/** The rule of each code interpolateConfig reports. */
export const INTERPOLATION_RULES: Record<InterpolationCode, RuleMeta> = {
  'interpolation-cast': interpolationCastRule,
  'interpolation-quirk': interpolationQuirkRule,
  'interpolation-required': interpolationRequiredRule,
  'interpolation-syntax': interpolationSyntaxRule,
  'interpolation-unset': interpolationUnsetRule,
};
