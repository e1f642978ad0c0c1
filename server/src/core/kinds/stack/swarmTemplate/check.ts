/**
 * swarmkit's templates (moby/swarmkit template/template.go, context.go, vendored in moby v27.5.1 and unchanged in
 * v28.5.2): a Go text/template named "expansion" with `missingkey=error`, the `join` function (payloads also
 * `secret`, `config`, `env`), executed against template.Context. Returns the error text/template would give, or
 * undefined. As at execution, only the branches that run are checked: an `{{if}}`/`{{with}}` on one field chain
 * is decided with swarmkit's dummy values; other conditions, `{{range}}` bodies and what `{{template}}` calls
 * are not checked (parse errors are found everywhere).
 */
import { parseTemplate, TemplateError, type Operand, type Pipeline, type TemplateNode } from './parse';

type GoType = { kind: 'struct'; name: string; fields: Record<string, GoType> } | { kind: 'string' } | { kind: 'labels' } | { kind: 'method' };

const STRING: GoType = { kind: 'string' };
const SERVICE: GoType = {
  kind: 'struct',
  name: 'struct { ID string; Name string; Labels map[string]string }',
  fields: { ID: STRING, Name: STRING, Labels: { kind: 'labels' } },
};
const PLATFORM: GoType = { kind: 'struct', name: 'template.Platform', fields: { Architecture: STRING, OS: STRING } };
const NODE: GoType = {
  kind: 'struct',
  name: 'struct { ID string; Hostname string; Platform template.Platform }',
  fields: { ID: STRING, Hostname: STRING, Platform: PLATFORM },
};
const TASK: GoType = { kind: 'struct', name: 'struct { ID string; Name string; Slot string }', fields: { ID: STRING, Name: STRING, Slot: STRING } };
const contextType = (payload: boolean): GoType => ({
  kind: 'struct',
  name: payload ? '*template.PayloadContext' : '*template.Context',
  fields: { Service: SERVICE, Node: NODE, Task: TASK, Expand: { kind: 'method' } },
});

export interface SwarmTemplateOptions {
  /** A secret/config payload (`template_driver: golang`): `secret`, `config` and `env` exist too. */
  payload?: boolean;
  /**
   * The service labels the task's context has. At service create swarmkit validates against a dummy task with no
   * labels, so every `.Service.Labels.x` fails there: the default.
   */
  labels?: ReadonlySet<string>;
}

const NAME = 'expansion';

/** `{{` anywhere: only then can a value be a template (a plain string always expands to itself). */
export const mayBeTemplate = (s: string): boolean => s.includes('{{');

/**
 * The values of swarmkit's dummy task at service create (validateContainerSpec): they decide which `{{if}}` and
 * `{{with}}` branches run there. The task has no ID and the service no labels. On a node (payloads) every field
 * is set.
 */
const CREATE_VALUES: Record<string, string> = {
  'Service.ID': 'serviceid',
  'Service.Name': 'servicename',
  'Node.ID': 'nodeid',
  'Node.Hostname': 'nodeHostname',
  'Node.Platform.OS': 'os',
  'Node.Platform.Architecture': 'architecture',
  'Task.ID': '',
  'Task.Name': 'taskname',
  'Task.Slot': '1',
};

export function swarmTemplateError(text: string, opts: SwarmTemplateOptions = {}): string | undefined {
  if (!mayBeTemplate(text)) return undefined;
  let parsed: ReturnType<typeof parseTemplate>;
  try {
    parsed = parseTemplate(text, NAME, opts.payload ? ['join', 'secret', 'config', 'env'] : ['join']);
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
  const root = contextType(!!opts.payload);
  const labels = opts.labels ?? new Set<string>();

  /** text/template's ErrorContext: `NAME:LINE:COL` (byte column) and the node text, cut at 20 characters. */
  const execError = (op: { pos: number; text: string }, message: string) => {
    const before = text.slice(0, op.pos);
    const nl = before.lastIndexOf('\n');
    const col = Buffer.byteLength(nl < 0 ? before : before.slice(nl + 1));
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const ctx = op.text.length > 20 ? `${op.text.slice(0, 20)}...` : op.text;
    return `template: ${NAME}:${line}:${col}: executing "${NAME}" at <${ctx}>: ${message}`;
  };

  /** The type at the end of a field chain from `start`, or the exec error of its first missing step. */
  const walk = (start: GoType, idents: string[], at: { pos: number; text: string }): { type?: GoType; error?: string } => {
    let cur = start;
    let typeName = start.kind === 'struct' ? start.name : 'string';
    for (const ident of idents) {
      if (cur.kind === 'method') return {};
      if (cur.kind === 'labels') {
        if (!labels.has(ident)) return { error: execError(at, `map has no entry for key "${ident}"`) };
        cur = STRING;
        typeName = 'string';
        continue;
      }
      const field = cur.kind === 'struct' ? cur.fields[ident] : undefined;
      if (!field) return { error: execError(at, `can't evaluate field ${ident} in type ${typeName}`) };
      cur = field;
      typeName = field.kind === 'struct' ? field.name : field.kind === 'labels' ? 'map[string]string' : 'string';
    }
    return { type: cur };
  };

  /** A lone field chain (`.A.B`, `$.A.B`, `(.A).B`): where it starts and which fields it walks. */
  const chainOf = (op: Operand, dot: GoType | undefined): { start: GoType; idents: string[]; at: { pos: number; text: string } } | undefined => {
    if (op.t === 'field' && dot) return { start: dot, idents: op.idents, at: op };
    if (op.t === 'variable' && op.name === '$') return { start: root, idents: op.idents, at: op };
    if (op.t === 'pipeline' && op.chain) {
      const inner = op.pipe.cmds.length === 1 && op.pipe.cmds[0].length === 1 ? chainOf(op.pipe.cmds[0][0], dot) : undefined;
      // Go reports a missing step of `(.A).B` at the inner node.
      return inner && { ...inner, idents: [...inner.idents, ...op.chain] };
    }
    return undefined;
  };

  const operand = (op: Operand, dot: GoType | undefined): string | undefined => {
    const chain = chainOf(op, dot);
    if (chain) return walk(chain.start, chain.idents, chain.at).error;
    if (op.t === 'pipeline') return pipeline(op.pipe, dot);
    return undefined;
  };
  const pipeline = (pipe: Pipeline, dot: GoType | undefined): string | undefined => {
    for (const cmd of pipe.cmds)
      for (const op of cmd) {
        const err = operand(op, dot);
        if (err) return err;
      }
    return undefined;
  };
  /** The value of a pipeline that is one field chain: its type, and whether it is true (undefined: not known). */
  const valueOf = (pipe: Pipeline, dot: GoType | undefined): { type?: GoType; truth?: boolean } => {
    const chain = pipe.cmds.length === 1 && pipe.cmds[0].length === 1 ? chainOf(pipe.cmds[0][0], dot) : undefined;
    if (!chain || chain.start !== root) return chain ? { type: walk(chain.start, chain.idents, chain.at).type } : {};
    const type = walk(root, chain.idents, chain.at).type;
    if (type?.kind === 'struct') return { type, truth: true };
    if (type?.kind === 'labels') return { type, truth: opts.payload ? true : labels.size > 0 };
    if (type?.kind === 'string') {
      const value = chain.idents[0] === 'Service' && chain.idents[1] === 'Labels' ? undefined : CREATE_VALUES[chain.idents.join('.')];
      return { type, truth: opts.payload ? (value === undefined ? undefined : true) : value === undefined ? undefined : value !== '' };
    }
    return { type };
  };
  /** Like text/template, only the branches that run: unknown conditions check neither branch. */
  const list = (items: TemplateNode[], dot: GoType | undefined): string | undefined => {
    for (const n of items) {
      let err: string | undefined;
      if (n.t === 'action') err = pipeline(n.pipe, dot);
      else if (n.t === 'template')
        err = parsed.defined.has(n.name) ? n.pipe && pipeline(n.pipe, dot) : execError(n, `template ${JSON.stringify(n.name)} not defined`);
      else {
        err = pipeline(n.pipe, dot);
        const v = valueOf(n.pipe, n.t === 'range' ? dot : dot);
        const inner = n.t === 'if' ? dot : n.t === 'with' && v.type?.kind === 'struct' ? v.type : undefined;
        if (!err && v.truth === true && n.t !== 'range') err = list(n.list, inner);
        if (!err && v.truth === false) err = list(n.elseList, dot);
      }
      if (err) return err;
    }
    return undefined;
  };
  return list(parsed.nodes, root);
}
