import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { defineRule } from '../../rules/registry';
import { aliasResolver } from '../../yaml/toValue';
import type { StackCheck } from '../stack/context';

// compose-go v2 loader/reset.go (ResetProcessor.resolveReset, checkForCycle) walks the YAML nodes before
// decoding, following every alias, and compares each alias use with every earlier use of the same anchor:
// it refuses an alias used below a path where the same anchor is used (by path strings, so a service key
// containing a dot can make a false "cycle"), and its work grows with the square of the uses.
const SOURCE = 'compose-spec/compose-go v2.9.1 loader/reset.go (docker compose 2.40.3)';

export const composeAliasCycleRule = defineRule({
  code: 'compose-alias-cycle',
  kinds: ['compose'],
  severity: 'error',
  description:
    'An anchor aliased at a path inside another use of the same anchor (compose compares the dotted paths, so keys with dots can trip it): "cycle detected".',
  source: SOURCE,
});

export const composeAliasBlowupRule = defineRule({
  code: 'compose-alias-blowup',
  kinds: ['compose'],
  severity: 'error',
  description:
    'Aliases used so many times that docker compose does not finish loading the file (its alias check compares every use of an anchor with every earlier one).',
  source: SOURCE,
});

/**
 * Pairwise comparisons beyond which compose does not answer in reasonable time: 3^9 uses of one anchor
 * (1.9e8 comparisons) take compose 2.40.3 about 3 s here, 3^10 (1.7e9) are killed after the oracle's 10 s.
 */
export const MAX_COMPARISONS = 1e9;
/** Nodes walked (aliases expanded) beyond which we stop as well: compose walks them all too. */
const MAX_WALKED = 5_000_000;

interface Uses {
  /** Paths without `<<` where the anchor was used, and every dotted prefix of them, to the first path that has it. */
  paths: Set<string>;
  prefixes: Map<string, string>;
  count: number;
}

const dottedPrefixes = (path: string): string[] => {
  const out: string[] = [];
  for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) out.push(path.slice(0, i));
  return out;
};

export const checkAliasWalk: StackCheck = (ctx) => {
  const root = ctx.model.doc?.contents;
  if (!root || ctx.model.anchors.size === 0) return;
  const resolve = aliasResolver(ctx.model.anchors);
  const uses = new Map<Node, Uses>();
  let comparisons = 0;
  let walked = 0;
  let stop = false;

  /** checkForCycle: the earlier path this use contains or is contained in (paths with `<<` never count). */
  const cycleWith = (u: Uses, path: string): string | undefined => {
    if (path.includes('<<')) return undefined;
    for (const p of dottedPrefixes(path)) if (u.paths.has(p)) return p;
    return u.prefixes.get(path);
  };
  const remember = (u: Uses, path: string) => {
    u.count++;
    comparisons += u.count - 1;
    if (path.includes('<<') || u.paths.has(path)) return;
    u.paths.add(path);
    for (const p of dottedPrefixes(path)) if (!u.prefixes.has(p)) u.prefixes.set(p, path);
  };

  const walk = (node: unknown, path: string, at: Node): void => {
    if (stop || !node || typeof node !== 'object') return;
    if (++walked > MAX_WALKED || comparisons > MAX_COMPARISONS) {
      stop = true;
      ctx.report(
        composeAliasBlowupRule,
        ctx.model.lines.rangeOnOneLine(at.range?.[0] ?? 0, at.range?.[1] ?? 0),
        'docker compose does not finish loading this file: its alias check compares every use of an anchor with every earlier use, and these aliases expand to too many uses',
      );
      return;
    }
    // resolveReset drops the first `.<<` of the path (merged keys land in the parent).
    if (path.includes('.<<')) path = path.replace('.<<', '');
    const n = node as Node;
    if (isAlias(n)) {
      const target = resolve(n);
      if (!target) return;
      const u = uses.get(target) ?? { paths: new Set<string>(), prefixes: new Map<string, string>(), count: 0 };
      uses.set(target, u);
      const prev = cycleWith(u, path);
      if (prev !== undefined) {
        stop = true;
        ctx.report(
          composeAliasCycleRule,
          ctx.model.lines.rangeOnOneLine(n.range?.[0] ?? 0, n.range?.[1] ?? 0),
          `cycle detected: node at path ${path} references node at path ${prev}`,
        );
        return;
      }
      remember(u, path);
      walk(target, path, n);
      return;
    }
    if (n.tag === '!reset' || n.tag === '!override') return;
    const next = (key: string) => (path === '' ? key : `${path}.${key}`);
    if (isSeq(n)) n.items.forEach((item, i) => walk(item, next(String(i)), at));
    else if (isMap(n))
      for (const pair of n.items) {
        const k = pair.key as Node | null;
        const key = isScalar(k) ? String(k.value) : '';
        walk(pair.value, next(key), at);
      }
  };
  walk(root, '', root as Node);
};
