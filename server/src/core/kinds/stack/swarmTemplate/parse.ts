/**
 * A parser for Go's text/template (`text/template/parse/parse.go`) that keeps what a static check needs: actions,
 * control structures and their bodies, pipelines, commands and operands, and fails with parse.go's error texts
 * (`template: NAME:LINE: …`). Functions are checked against the given set, variables against their scope, as Go
 * does at parse time.
 */
import { lexTemplate, type Tok } from './lex';

export type Operand =
  | { t: 'field'; idents: string[]; pos: number; text: string }
  | { t: 'variable'; name: string; idents: string[]; pos: number; text: string }
  | { t: 'dot' }
  | { t: 'function'; name: string }
  | { t: 'literal'; text: string }
  | { t: 'nil' }
  | { t: 'pipeline'; pipe: Pipeline; chain?: string[] };

export interface Pipeline {
  decl: string[];
  cmds: Operand[][];
}

export type TemplateNode =
  | { t: 'action'; pipe: Pipeline }
  | { t: 'if' | 'with' | 'range'; pipe: Pipeline; list: TemplateNode[]; elseList: TemplateNode[] }
  | { t: 'template'; name: string; pipe?: Pipeline; pos: number; text: string };

export class TemplateError extends Error {}

/** Go's `%q` of a short token value, as item.String() prints it (`%.10q...` beyond 10 characters). */
function tokString(tok: Tok): string {
  if (tok.type === 'eof') return 'EOF';
  if (tok.type === 'error') return tok.val;
  if (tok.type === 'keyword' || tok.type === 'nil' || tok.type === 'dot') return `<${tok.val}>`;
  const chars = [...tok.val];
  return chars.length > 10 ? `${JSON.stringify(chars.slice(0, 10).join(''))}...` : JSON.stringify(tok.val);
}

const BUILTINS = [
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
];

/** The parsed template: its top-level nodes, and the names `{{define}}`/`{{block}}` give to other templates. */
export function parseTemplate(input: string, name: string, funcs: readonly string[]): { nodes: TemplateNode[]; defined: Set<string> } {
  const defined = new Set<string>();
  const toks = lexTemplate(input);
  const known = new Set([...BUILTINS, ...funcs]);
  let i = 0;
  let last: Tok = toks[0];
  let vars: string[] = ['$'];
  let rangeDepth = 0;
  let actionLine = 0;

  const errorf = (message: string): never => {
    throw new TemplateError(`template: ${name}:${last.line}: ${message}`);
  };
  const next = (): Tok => (last = toks[Math.min(i++, toks.length - 1)]);
  const peek = (): Tok => toks[Math.min(i, toks.length - 1)];
  const nextNonSpace = (): Tok => {
    let t = next();
    while (t.type === 'space') t = next();
    return t;
  };
  const peekNonSpace = (): Tok => {
    const save = i;
    const t = nextNonSpace();
    i = save;
    return t;
  };
  const unexpected = (tok: Tok, context: string): never => {
    if (tok.type === 'error') {
      let extra = '';
      if (actionLine !== 0 && actionLine !== tok.line) {
        extra = ` in action started at ${name}:${actionLine}`;
        if (tok.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return errorf(`${tok.val}${extra}`);
    }
    return errorf(`unexpected ${tokString(tok)} in ${context}`);
  };
  const expect = (type: Tok['type'], context: string): Tok => {
    const t = nextNonSpace();
    if (t.type !== type) unexpected(t, context);
    return t;
  };

  function term(): Operand | undefined {
    const tok = nextNonSpace();
    switch (tok.type) {
      case 'identifier':
        if (!known.has(tok.val)) errorf(`function ${JSON.stringify(tok.val)} not defined`);
        return { t: 'function', name: tok.val };
      case 'dot':
        return { t: 'dot' };
      case 'nil':
        return { t: 'nil' };
      case 'variable':
        if (!vars.includes(tok.val)) errorf(`undefined variable ${JSON.stringify(tok.val)}`);
        return { t: 'variable', name: tok.val, idents: [], pos: tok.pos, text: tok.val };
      case 'field':
        return { t: 'field', idents: [tok.val.slice(1)], pos: tok.pos, text: tok.val };
      case 'bool':
      case 'char':
      case 'string':
        return { t: 'literal', text: tok.val };
      case 'number':
        if (!/\d/.test(tok.val)) errorf(`illegal number syntax: ${JSON.stringify(tok.val)}`);
        return { t: 'literal', text: tok.val };
      case 'leftParen':
        return { t: 'pipeline', pipe: pipeline('parenthesized pipeline', 'rightParen') };
      default:
        i--;
        return undefined;
    }
  }

  function operand(): Operand | undefined {
    const node = term();
    if (!node) return undefined;
    const chain: string[] = [];
    // Go builds the chain at the next token's position, and the field/variable node takes it: `.A.B` is at `.B`.
    const chainPos = peek().pos;
    while (peek().type === 'field') chain.push(next().val.slice(1));
    if (chain.length === 0) return node;
    const dotted = chain.map((c) => `.${c}`).join('');
    if (node.t === 'field' || node.t === 'variable') return { ...node, idents: [...node.idents, ...chain], text: node.text + dotted, pos: chainPos };
    if (node.t === 'literal' || node.t === 'nil' || node.t === 'dot')
      errorf(`unexpected . after term ${JSON.stringify(node.t === 'literal' ? node.text : node.t === 'dot' ? '.' : '<nil>')}`);
    if (node.t === 'pipeline') return { ...node, chain };
    return { t: 'pipeline', pipe: { decl: [], cmds: [[node]] } };
  }

  function command(): Operand[] {
    const args: Operand[] = [];
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) args.push(op);
      const tok = next();
      if (tok.type === 'space') continue;
      if (tok.type === 'rightDelim' || tok.type === 'rightParen') i--;
      else if (tok.type !== 'pipe') unexpected(tok, 'operand');
      break;
    }
    if (args.length === 0) errorf('empty command');
    return args;
  }

  function pipeline(context: string, end: Tok['type']): Pipeline {
    const pipe: Pipeline = { decl: [], cmds: [] };
    const v = peekNonSpace();
    if (v.type === 'variable') {
      const save = i;
      nextNonSpace();
      const after = peekNonSpace();
      if (after.type === 'assign' || after.type === 'declare') {
        nextNonSpace();
        pipe.decl.push(v.val);
        if (after.type === 'declare') vars.push(v.val);
        else if (!vars.includes(v.val)) errorf(`undefined variable ${JSON.stringify(v.val)}`);
      } else if (after.type === 'charTok' && after.val === ',' && context === 'range') {
        nextNonSpace();
        pipe.decl.push(v.val);
        vars.push(v.val);
        const second = nextNonSpace();
        if (second.type !== 'variable') errorf('range can only initialize variables');
        const op = nextNonSpace();
        if (op.type !== 'declare' && op.type !== 'assign') errorf(`too many declarations in ${context}`);
        pipe.decl.push(second.val);
        vars.push(second.val);
      } else i = save;
    }
    for (;;) {
      const tok = nextNonSpace();
      if (tok.type === end) {
        if (pipe.cmds.length === 0) errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((cmd, k) => {
          if (['literal', 'nil', 'dot'].includes(cmd[0].t)) errorf(`non executable command in pipeline stage ${k + 2}`);
        });
        return pipe;
      }
      if (['bool', 'char', 'dot', 'field', 'identifier', 'number', 'nil', 'string', 'variable', 'leftParen'].includes(tok.type)) {
        i--;
        pipe.cmds.push(command());
      } else unexpected(tok, context);
    }
  }

  /** The nodes up to `{{end}}` or `{{else}}` (which one ended the list). */
  function itemList(): { list: TemplateNode[]; ended: 'end' | 'else' | 'else if' | 'else with' } {
    const list: TemplateNode[] = [];
    while (peekNonSpace().type !== 'eof') {
      const n = textOrAction();
      if (typeof n === 'string') return { list, ended: n };
      if (n) list.push(n);
    }
    return errorf('unexpected EOF');
  }

  function control(kind: 'if' | 'with' | 'range'): TemplateNode {
    const savedVars = vars.length;
    const pipe = pipeline(kind, 'rightDelim');
    if (kind === 'range') rangeDepth++;
    let { list, ended } = itemList();
    if (kind === 'range') rangeDepth--;
    let elseList: TemplateNode[] = [];
    if (ended === 'else if' || ended === 'else with') {
      // `{{else if …}}` is an if nested in the else branch, sharing the outer {{end}}.
      i++; // the `if`/`with` keyword
      elseList = [control(ended === 'else if' ? 'if' : 'with')];
    } else if (ended === 'else') {
      ({ list: elseList, ended } = itemList());
      if (ended !== 'end') errorf(`expected end; found {{else}}`);
    }
    vars = vars.slice(0, savedVars);
    return { t: kind, pipe, list, elseList };
  }

  function action(): TemplateNode | 'end' | 'else' | 'else if' | 'else with' | undefined {
    const tok = nextNonSpace();
    if (tok.type === 'keyword') {
      switch (tok.val) {
        case 'if':
        case 'with':
        case 'range':
          return control(tok.val);
        case 'end':
          expect('rightDelim', 'end');
          return 'end';
        case 'else': {
          const p = peekNonSpace();
          if (p.type === 'keyword' && (p.val === 'if' || p.val === 'with')) {
            nextNonSpace();
            i--;
            return p.val === 'if' ? 'else if' : 'else with';
          }
          expect('rightDelim', 'else');
          return 'else';
        }
        case 'break':
        case 'continue':
          if (rangeDepth === 0) errorf(`{{${tok.val}}} outside {{range}}`);
          expect('rightDelim', `{{${tok.val}}}`);
          return undefined;
        case 'template':
        case 'block': {
          const nameTok = nextNonSpace();
          if (nameTok.type !== 'string') unexpected(nameTok, `${tok.val} clause`);
          const tmplName = nameTok.val.slice(1, -1);
          if (tok.val === 'block') defined.add(tmplName);
          let pipe: Pipeline | undefined;
          if (nextNonSpace().type !== 'rightDelim') {
            i--;
            pipe = pipeline(`${tok.val} clause`, 'rightDelim');
          }
          if (tok.val === 'block') {
            const body = itemList();
            if (body.ended !== 'end') errorf('unexpected {{else}}');
          }
          return { t: 'template', name: tmplName, pipe, pos: nameTok.pos, text: `{{template ${nameTok.val}${pipe ? ' …' : ''}}}` };
        }
        default:
          break;
      }
    }
    i--;
    return { t: 'action', pipe: pipeline('command', 'rightDelim') };
  }

  function textOrAction(): TemplateNode | 'end' | 'else' | 'else if' | 'else with' | undefined {
    const tok = nextNonSpace();
    if (tok.type === 'text') return undefined;
    if (tok.type === 'leftDelim') {
      actionLine = tok.line;
      try {
        return action();
      } finally {
        actionLine = 0;
      }
    }
    return unexpected(tok, 'input');
  }

  const root: TemplateNode[] = [];
  while (peek().type !== 'eof') {
    // {{define "name"}} … {{end}} at the top level: a separate template, checked like the rest.
    const save = i;
    if (next().type === 'leftDelim' && peekNonSpace().type === 'keyword' && peekNonSpace().val === 'define') {
      nextNonSpace();
      const nameTok = nextNonSpace();
      if (nameTok.type !== 'string') unexpected(nameTok, 'define clause');
      expect('rightDelim', 'define clause');
      const saved = vars;
      vars = ['$'];
      const body = itemList();
      if (body.ended !== 'end') errorf('unexpected {{else}}');
      vars = saved;
      // Its dot is whatever {{template}} passes: not checked against the context.
      defined.add(nameTok.val.slice(1, -1));
      continue;
    }
    i = save;
    const n = textOrAction();
    if (typeof n === 'string') return errorf(`unexpected {{${n.startsWith('else') ? 'else' : n}}}`);
    if (n) root.push(n);
  }
  return { nodes: root, defined };
}
