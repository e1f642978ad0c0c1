// The `# swarm-pilot: <kind> [STACK]` comment near the top of a YAML file: it forces the file's kind (the validator)
// and, for stack files, may name the stack the file is deployed as (the editor's live drift and checks).

const MODE_COMMENT = /^\s*#\s*swarm-pilot:\s*([\w-]+)(?:[ \t]+([a-zA-Z0-9][a-zA-Z0-9_.-]*))?\s*$/m;

/** The comment's kind word and optional stack name, among the first 2000 characters. */
export function parseModeComment(text: string): { kind: string; stack?: string } | undefined {
  const m = MODE_COMMENT.exec(text.slice(0, 2000));
  return m ? { kind: m[1], ...(m[2] ? { stack: m[2] } : {}) } : undefined;
}

/** `# swarm-pilot: stack NAME`: the stack this file is deployed as. */
export function stackNameFromComment(text: string): string | undefined {
  const c = parseModeComment(text);
  return c?.kind === 'stack' ? c.stack : undefined;
}
