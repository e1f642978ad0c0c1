/**
 * `# swarm-pilot-disable code-a, code-b` (YAML) or `// swarm-pilot-disable ...` is not possible in
 * strict JSON, so JSON kinds use the workspace setting only. `swarm-pilot-disable` alone disables all.
 */
const DISABLE = /(?:^|\s)#\s*swarm-pilot-disable(?:\s+([\w\-, ]+))?\s*$/gm;

export function disabledCodesIn(text: string): Set<string> {
  const codes = new Set<string>();
  if (!text.includes('swarm-pilot-disable')) return codes;
  for (const m of text.matchAll(DISABLE)) {
    const list = (m[1] ?? '').split(/[\s,]+/).filter(Boolean);
    if (list.length === 0) codes.add('*');
    for (const c of list) codes.add(c);
  }
  return codes;
}
