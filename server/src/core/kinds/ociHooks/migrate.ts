/** What a 0.1.0 hooks.d file says, after 0.1.0/hook.go Read resolved the synonyms. */
export interface LegacyHook {
  hook: string;
  arguments?: string[];
  stages: string[];
  cmds?: string[];
  annotations?: string[];
  hasBindMounts: boolean;
}

/**
 * The 1.0.0 file(s) equivalent to a 0.1.0 one, built as 0.1.0/hook.go Read converts it: `args` is the
 * hook followed by `arguments`, annotation patterns become one `".*"` key with the values joined by
 * `|`. `hasbindmounts: false` is dropped: in 1.0.0 `hasBindMounts: false` never matches.
 * 0.1.0 conditions are OR-ed and 1.0.0 ANDs them, so a file with several conditions has no exact
 * equivalent: the result is one file per condition (a container matching several of them then gets
 * the hook once per file), and the caller says so.
 */
export function migrateLegacyHook(h: LegacyHook): Record<string, unknown>[] {
  const hook: Record<string, unknown> = { path: h.hook };
  if (h.arguments) hook.args = [h.hook, ...h.arguments];
  const conditions: Record<string, unknown>[] = [];
  if (h.cmds?.length) conditions.push({ commands: h.cmds });
  if (h.annotations?.length) conditions.push({ annotations: { '.*': h.annotations.join('|') } });
  if (h.hasBindMounts) conditions.push({ hasBindMounts: true });
  const file = (when: Record<string, unknown>) => ({ version: '1.0.0', hook, when, stages: h.stages });
  return conditions.length ? conditions.map(file) : [file({})];
}
