import { unquote } from '../text/guards';
import { SWARM } from './swarmValues';

const P = SWARM.placement;
const KEY = new RegExp(P.keyPattern, P.patternFlags);
const VALUE = new RegExp(P.valuePattern, P.patternFlags);

export type ParsedConstraint = { ok: true; key: string; operator: string; value: string; at: number } | { ok: false; error: string; replacement?: string };

/** swarmkit constraint.Parse for one expression: the first operator found (in the order ==, !=) splits key and value. */
export function parseConstraint(expr: string): ParsedConstraint {
  const op = P.operators.find((o) => expr.includes(o));
  if (!op) return { ok: false, error: `constraint expected one operator from ${P.operators.join(', ')}` };
  const at = expr.indexOf(op);
  const key = expr.slice(0, at).trim();
  const value = expr.slice(at + op.length).trim();
  const keyInner = unquote(key);
  const valueInner = unquote(value);
  const fixed = `${keyInner ?? key} ${op} ${valueInner ?? value}`;
  const fixable = (keyInner !== undefined || valueInner !== undefined) && KEY.test(keyInner ?? key) && VALUE.test(valueInner ?? value);
  const quoteHint = fixable ? `; remove the quotes: ${fixed}` : '';
  if (!KEY.test(key)) return { ok: false, error: `key '${key}' is invalid${quoteHint}`, replacement: fixable ? fixed : undefined };
  if (!VALUE.test(value)) return { ok: false, error: `value '${value}' is invalid${quoteHint}`, replacement: fixable ? fixed : undefined };
  return { ok: true, key, operator: op, value, at };
}
