import { isIP } from 'node:net';
import { defineRule } from '../../../rules/registry';
import { nearest } from '../../../text/nearest';
import { asMap, type StackCheck, type StackContext } from '../context';
import { parseConstraint } from '../../../stackModel/constraints';
import { SWARM } from './common';

const CONSTRAINT_SOURCE = 'moby/swarmkit manager/constraint/constraint.go (vendored in moby v27.5.1)';

export const constraintSyntaxRule = defineRule({
  code: 'stack-constraint-syntax',
  kinds: ['stack'],
  severity: 'error',
  description: 'Placement constraint swarmkit cannot parse: no `==`/`!=` operator, invalid key or value (quotes included).',
  source: `${CONSTRAINT_SOURCE} Parse, called by manager/controlapi/service.go validatePlacement`,
});

export const constraintUnknownKeyRule = defineRule({
  code: 'stack-constraint-unknown-key',
  kinds: ['stack'],
  severity: 'warning',
  description:
    'Placement constraint key no node ever matches (not node.id/hostname/ip/role/platform.*, node.labels.*, engine.labels.*): tasks stay pending forever.',
  source: `${CONSTRAINT_SOURCE} NodeMatches`,
});

export const constraintValueRule = defineRule({
  code: 'stack-constraint-value',
  kinds: ['stack'],
  severity: 'warning',
  description: 'Placement constraint value that can never match: `node.role` other than manager/worker, `node.ip` that is not an IP or CIDR.',
  source: `${CONSTRAINT_SOURCE} NodeMatches`,
});

export const spreadIgnoredRule = defineRule({
  code: 'stack-spread-ignored',
  kinds: ['stack'],
  severity: 'warning',
  description: 'Placement preference `spread` over something other than node.labels.<label> or engine.labels.<label>: the scheduler skips it.',
  source: 'moby/swarmkit manager/scheduler/nodeset.go tree (vendored in moby v27.5.1)',
});

const P = SWARM.placement;
const KNOWN_KEYS_TEXT = [...P.keys, ...P.labelPrefixes.map((p) => `${p}<label>`)].join(', ');

/** node.labels.<k> / engine.labels.<k> with a non-empty label, matched case-insensitively. */
const hasLabelPrefix = (key: string, prefixes: readonly string[]) => prefixes.some((p) => key.length > p.length && key.slice(0, p.length).toLowerCase() === p);
const isLabelKey = (key: string) => hasLabelPrefix(key, P.labelPrefixes);

/** Candidate keys for a typo: the fixed keys plus both label prefixes with the typed label name. */
function keySuggestion(key: string): string | undefined {
  const label = key.split('.').slice(2).join('.');
  const candidates = [...P.keys, ...(label ? P.labelPrefixes.map((p) => p + label) : [])];
  // Keys share long prefixes (node.…), so only near-misses are worth suggesting.
  return nearest(key, candidates, { maxDistance: 2 });
}

/** The constraint text with its value replaced, spacing kept. */
function withValue(expr: string, c: { operator: string; value: string; at: number }, value: string): string {
  const head = expr.slice(0, c.at + c.operator.length);
  return head + expr.slice(head.length).replace(c.value, value);
}

function isIpOrCidr(value: string): boolean {
  if (isIP(value)) return true;
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!m) return false;
  const family = isIP(m[1]);
  return family !== 0 && Number(m[2]) <= (family === 4 ? 32 : 128);
}

function checkConstraint(ctx: StackContext, path: (string | number)[], expr: string): void {
  const parsed = parseConstraint(expr);
  const range = ctx.valueRange(path);
  if (!parsed.ok) {
    ctx.report(constraintSyntaxRule, range, `${parsed.error} (constraints are "<key> == <value>" or "<key> != <value>", without quotes)`, {
      data: { constraint: expr, ...(parsed.replacement ? { replacement: parsed.replacement } : {}) },
    });
    return;
  }
  const key = parsed.key.toLowerCase();
  if (!P.keys.includes(key) && !isLabelKey(parsed.key)) {
    const suggestion = keySuggestion(parsed.key);
    const replacement = suggestion ? expr.replace(parsed.key, suggestion) : undefined;
    ctx.report(
      constraintUnknownKeyRule,
      range,
      `unknown constraint key "${parsed.key}": no node ever matches it, so tasks will stay pending forever (known keys: ${KNOWN_KEYS_TEXT})${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      {
        data: { key: parsed.key, constraint: expr, ...(suggestion ? { suggestion, replacement } : {}) },
      },
    );
    return;
  }
  if (key === 'node.role' && !P.roles.includes(parsed.value.toLowerCase())) {
    const suggestion = nearest(parsed.value, P.roles);
    const effect =
      parsed.operator === '==' ? 'no node ever matches, so tasks will stay pending forever' : 'every node matches, so the constraint has no effect';
    ctx.report(
      constraintValueRule,
      range,
      `node.role is "manager" or "worker", not "${parsed.value}": ${effect}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      {
        data: { constraint: expr, allowed: P.roles, ...(suggestion ? { suggestion, replacement: withValue(expr, parsed, suggestion) } : {}) },
      },
    );
  } else if (key === 'node.ip' && !isIpOrCidr(parsed.value)) {
    ctx.report(
      constraintValueRule,
      range,
      `node.ip needs an IP address or a CIDR subnet, not "${parsed.value}": swarm rejects every node for it, so tasks will stay pending forever`,
      {
        data: { constraint: expr },
      },
    );
  }
}

export const checkPlacement: StackCheck = (ctx) => {
  ctx.eachService('placement', (name, svc) => {
    const placement = asMap(asMap(svc.deploy)?.placement);
    if (!placement) return;
    const base = ['services', name, 'deploy', 'placement'];
    if (Array.isArray(placement.constraints)) {
      placement.constraints.forEach((c, i) => {
        if (typeof c === 'string') checkConstraint(ctx, [...base, 'constraints', i], c);
      });
    }
    if (Array.isArray(placement.preferences)) {
      placement.preferences.forEach((pref, i) => {
        const spread = asMap(pref)?.spread;
        if (typeof spread !== 'string' || hasLabelPrefix(spread, P.spreadPrefixes)) return;
        const suggestion = keySuggestion(spread);
        const useful = suggestion && hasLabelPrefix(suggestion, P.spreadPrefixes) ? suggestion : undefined;
        ctx.report(
          spreadIgnoredRule,
          ctx.valueRange([...base, 'preferences', i, 'spread']),
          `spread over "${spread}" is ignored: swarm spreads only over node.labels.<label> or engine.labels.<label>${useful ? `; did you mean "${useful}"?` : ''}`,
          {
            data: { spread, ...(useful ? { suggestion: useful } : {}) },
          },
        );
      });
    }
  });
};
