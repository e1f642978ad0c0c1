#!/usr/bin/env node
// Generates schemas/dockerd-27-keys.json: the daemon.json keys that dockerd accepts, read from moby's source.
//
//   node scripts/gen-daemon-keys.mjs <moby git dir> <tag> [--newer <tag>] [--cli <docker/cli git dir>] [--out <file>]
//   node scripts/gen-daemon-keys.mjs /work/.mirror/moby+moby/repo v27.5.1 --newer v28.2.2 --cli /work/.mirror/docker+cli/repo
//
// What dockerd does with daemon.json (moby daemon/config/config.go, getConflictFreeConfiguration):
//   1. the keys of the file (objects not in `flatOptions` are replaced by their inner keys) must each be a
//      registered long flag name, a NamedOption's Name() (the plural config names), or in `skipValidateOptions`;
//      anything else is "the following directives don't match any configuration option".
//   2. the file is then decoded with encoding/json into the platform's `Config` struct: keys without a struct
//      field are silently ignored (e.g. the singular flag names), wrong JSON types fail the decode.
// This script reads the flag registrations (cmd/dockerd), the NamedOption constructors (opts, internal/opts),
// and the Go structs behind Config (daemon/config and the types they use) at the given tag, for Linux and
// Windows (files selected by GOOS suffix and //go:build lines), and writes both sets plus the JSON shape of
// every struct field. Removed keys come from docker/cli docs/deprecated.md at the same tag; keys that are new
// in the newer tag come from running the same flag analysis there.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const newerTag = opt('--newer', 'v28.2.2');
const cliDir = opt('--cli', '/work/.mirror/docker+cli/repo');
const outFile = opt('--out', join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'dockerd-27-keys.json'));
const [mobyDir, tag] = args;
if (!mobyDir || !tag) {
  console.error('usage: node scripts/gen-daemon-keys.mjs <moby git dir> <tag> [--newer <tag>] [--cli <docker/cli git dir>] [--out <file>]');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------- git access
const git = (dir, ...a) => execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
/** Paths read from moby at the main tag, listed in the output as its sources. */
const readAtTag = new Set();
const show = (dir, rev, path) => {
  if (dir === mobyDir && rev === tag) readAtTag.add(path);
  return git(dir, 'show', `${rev}:${path}`);
};
const lsFiles = (dir, rev, folder) =>
  git(dir, 'ls-tree', '--name-only', `${rev}:${folder}`)
    .split('\n')
    .filter(Boolean)
    .map((f) => `${folder}/${f}`);
const commitOf = (dir, rev) => git(dir, 'rev-parse', `${rev}^{commit}`).trim();

function fail(msg) {
  console.error(`gen-daemon-keys: ${msg}`);
  process.exit(1);
}

// ------------------------------------------------------------------------------------ Go build constraints
const GOOS_SUFFIXES = ['linux', 'windows', 'freebsd', 'darwin', 'openbsd', 'netbsd', 'solaris', 'illumos', 'aix'];
const UNIX = new Set(['linux', 'freebsd', 'darwin', 'openbsd', 'netbsd', 'solaris', 'illumos', 'aix']);

/** Evaluates a //go:build expression (identifiers, !, &&, ||, parentheses) for one GOOS. */
function evalBuild(expr, goos) {
  const toks = expr.match(/!|&&|\|\||\(|\)|[\w.]+/g) ?? [];
  let i = 0;
  const primary = () => {
    const t = toks[i++];
    if (t === '!') return !primary();
    if (t === '(') {
      const v = or();
      i++;
      return v;
    }
    return t === goos || (t === 'unix' && UNIX.has(goos)) || /^go1\.\d+$/.test(t) || t === 'cgo';
  };
  const and = () => {
    let v = primary();
    while (toks[i] === '&&') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = () => {
    let v = and();
    while (toks[i] === '||') {
      i++;
      v = and() || v;
    }
    return v;
  };
  return or();
}

/** Whether a Go file is compiled for `goos` (file name suffix and //go:build line); tests never are. */
function buildsFor(path, text, goos) {
  const base = path.split('/').pop().replace(/\.go$/, '');
  if (base.endsWith('_test')) return false;
  const parts = base.split('_');
  const last = parts[parts.length - 1];
  if (parts.length > 1 && GOOS_SUFFIXES.includes(last) && last !== goos) return false;
  const m = /^\/\/go:build (.+)$/m.exec(text.split('\npackage ')[0]);
  return m ? evalBuild(m[1], goos) : true;
}

function goFiles(rev, folder, goos) {
  return lsFiles(mobyDir, rev, folder)
    .filter((p) => p.endsWith('.go') && !p.endsWith('_test.go'))
    .map((p) => ({ path: p, text: show(mobyDir, rev, p) }))
    .filter((f) => buildsFor(f.path, f.text, goos));
}

// ------------------------------------------------------------------------------------------ Go text helpers
/** Splits a call's argument text at top-level commas (strings, raw strings, brackets respected). */
function splitArgs(s) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += c === '"' && s[j] === '\\' ? 2 : 1;
      cur += s.slice(i, j + 1);
      i = j;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The text between the parenthesis opening at `open` and its match. */
function callArgs(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced call at ${open}`);
}

const unquote = (s) => (/^"(.*)"$/s.test(s) ? JSON.parse(s) : undefined);
const stripComment = (line) => line.replace(/\s\/\/.*$/, '').replace(/^\s*\/\/.*$/, '');

// ------------------------------------------------------------------------------------ NamedOption discovery
/** Constructors returning a NamedOption (their first argument is the config name), and fixed-name types. */
function namedOptionTypes(rev) {
  const files = [...lsFiles(mobyDir, rev, 'opts'), ...lsFiles(mobyDir, rev, 'internal/opts')]
    .filter((p) => p.endsWith('.go') && !p.endsWith('_test.go'))
    .map((p) => ({ path: p, text: show(mobyDir, rev, p) }));
  const withName = new Map(); // type -> literal Name() or null when it returns a field
  for (const f of files) {
    for (const m of f.text.matchAll(/^func \(\w+ \*?(\w+)\) Name\(\) string \{\n\s*return ([^\n]+)\n/gm)) {
      withName.set(m[1], unquote(m[2].trim()) ?? null);
    }
  }
  const constructors = new Map(); // NewNamedX -> type
  for (const f of files) {
    for (const m of f.text.matchAll(/^func (New\w+)\(([^)]*)\) \*(\w+) \{/gm)) {
      if (withName.has(m[3]) && /^name string/.test(m[2])) constructors.set(m[1], m[3]);
    }
  }
  return { withName, constructors };
}

// ------------------------------------------------------------------------------------------ flag discovery
const REGISTER = /^(Var|VarP|\w+Var|\w+VarP|String|StringP|Bool|BoolP|Int|IntP|Int64|Duration|StringSlice)$/;
const BOOL_METHODS = /^Bool(Var)?P?$/;

/**
 * Every flag registered on dockerd's FlagSet for `goos`: name, shorthand, whether it is a bool flag (the file's
 * value is then also Set() on the flag), the NamedOption name when its Value is one, the Go target it binds.
 */
function flagsFor(rev, goos, named, structs) {
  const files = goFiles(rev, 'cmd/dockerd', goos);
  // String constants of the package (flag names such as `FlagTLS = "tls"`).
  const consts = new Map();
  for (const f of files) for (const m of f.text.matchAll(/^\s*(\w+)\s*=\s*("[^"\n]*")\s*$/gm)) consts.set(m[1], JSON.parse(m[2]));
  const str = (s) => unquote(s ?? '') ?? consts.get(s);
  const flags = new Map();
  for (const f of files) {
    const lines = f.text.split('\n');
    // `x = opts.NewNamedListOptsRef("name", ...)` assignments, for `flags.Var(x, ...)`.
    const vars = new Map();
    for (const m of f.text.matchAll(/(\w+)\s*:?=\s*(?:\w+\.)?(New\w+)\("([^"]+)"/g)) vars.set(m[1], { ctor: m[2], name: m[3] });
    let only; // platform-conditional block: `if runtime.GOOS == "windows" {`
    let depthAtOnly = 0;
    let depth = 0;
    lines.forEach((raw, idx) => {
      const line = stripComment(raw);
      const cond = /if runtime\.GOOS ([!=])= "(\w+)" \{/.exec(line);
      if (cond) {
        only = { op: cond[1], goos: cond[2] };
        depthAtOnly = depth;
      }
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      const inBlock = only && depth > depthAtOnly;
      if (only && !inBlock && !cond) only = undefined;
      const active = !inBlock || (only.op === '=' ? only.goos === goos : only.goos !== goos);
      const m = /(?:\bflags|PersistentFlags\(\))\.(\w+)\(/.exec(line);
      if (!m) return;
      const method = m[1];
      const a = splitArgs(callArgs(line, m.index + m[0].length - 1));
      const where = `${f.path}:${idx + 1}`;
      if (method === 'MarkHidden' || method === 'MarkDeprecated') {
        const name = str(a[0]);
        const fl = flags.get(name);
        if (!fl) fail(`${where}: ${method} of unknown flag ${name}`);
        if (active && method === 'MarkHidden') fl.hidden = true;
        if (method === 'MarkDeprecated') fl.deprecated = unquote(a[1]) ?? a[1];
        return;
      }
      if (!REGISTER.test(method)) return;
      let name;
      let short;
      let value;
      if (method === 'Var' || method === 'VarP') {
        [value, name, short] = [a[0], str(a[1]), method === 'VarP' ? str(a[2]) : undefined];
      } else if (/Var$/.test(method)) {
        [value, name] = [a[0], str(a[1])];
      } else if (/VarP$/.test(method)) {
        [value, name, short] = [a[0], str(a[1]), str(a[2])];
      } else {
        [name, short] = [str(a[0]), /P$/.test(method) ? str(a[1]) : undefined];
      }
      if (!name) fail(`${where}: cannot read the flag name of ${line.trim()}`);
      const entry = { name, where, method, bool: BOOL_METHODS.test(method) };
      if (short) entry.short = short;
      if (value) {
        entry.target = value;
        const direct = /(?:\w+\.)?(New\w+)\("([^"]+)"/.exec(value);
        const viaVar = vars.get(value);
        const ctor = direct ? { ctor: direct[1], name: direct[2] } : viaVar;
        if (ctor && named.constructors.has(ctor.ctor)) entry.named = ctor.name;
        const ref = /^&(conf\.[\w.]+)$/.exec(value);
        if (ref && (method === 'Var' || method === 'VarP')) {
          // A struct field used directly as the flag Value: named when its type has a fixed Name().
          const field = resolveTarget(structs, ref[1]);
          const typeName = field?.goType.replace(/^\*/, '').split('.').pop();
          if (typeName && named.withName.get(typeName)) entry.named = named.withName.get(typeName);
        }
      }
      if (flags.has(name)) fail(`${where}: flag ${name} registered twice`);
      flags.set(name, entry);
    });
  }
  return flags;
}

// ---------------------------------------------------------------------------------------- struct discovery
/** Go structs of the files, by simple type name: fields with Go name, type, json tag, embedded flag. */
function parseStructs(files) {
  const structs = new Map();
  for (const f of files) {
    for (const m of f.text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const fields = [];
      for (const raw of m[2].split('\n')) {
        const line = stripComment(raw).trim();
        if (!line) continue;
        const named = /^(\w+)\s+([^\s`]+)\s*(`[^`]*`)?$/.exec(line);
        const embedded = /^(\*?[\w.]+)\s*(`[^`]*`)?$/.exec(line);
        const tagOf = (t) => (t ? /json:"([^"]*)"/.exec(t)?.[1] : undefined);
        if (named) fields.push({ goName: named[1], goType: named[2], tag: tagOf(named[3]) });
        else if (embedded) {
          const goType = embedded[1];
          fields.push({ goName: goType.replace(/^\*/, '').split('.').pop(), goType, tag: tagOf(embedded[2]), embedded: true });
        } else fail(`${f.path}: cannot read struct field "${line}" of ${m[1]}`);
      }
      structs.set(m[1], { name: m[1], file: f.path, fields });
    }
    for (const m of f.text.matchAll(/^type (\w+) ([\w.]+)$/gm)) if (!structs.has(m[1])) structs.set(m[1], { name: m[1], file: f.path, alias: m[2] });
  }
  return structs;
}

const simpleName = (goType) =>
  goType
    .replace(/^[*[\]]+/, '')
    .split('.')
    .pop();

/** JSON name of a field (undefined when `json:"-"` or unexported). */
function jsonName(field) {
  const tagName = field.tag?.split(',')[0];
  if (tagName === '-') return undefined;
  if (tagName) return tagName;
  if (!/^[A-Z]/.test(field.goName)) return undefined;
  return field.goName;
}

/** The JSON-visible fields of a struct, with embedded structs without a json name promoted (Go's rules). */
function jsonFields(structs, name, seen = new Set()) {
  const s = structs.get(name);
  if (!s?.fields) fail(`struct ${name} not found`);
  if (seen.has(name)) return [];
  seen.add(name);
  const out = [];
  for (const f of s.fields) {
    const tagName = f.tag?.split(',')[0];
    if (f.embedded && !tagName && structs.get(simpleName(f.goType))?.fields) {
      for (const inner of jsonFields(structs, simpleName(f.goType), seen)) out.push({ ...inner, via: [f.goName, ...(inner.via ?? [])] });
      continue;
    }
    const jn = jsonName(f);
    if (jn) out.push({ json: jn, goName: f.goName, goType: f.goType, owner: name });
  }
  return out;
}

/** The field a flag target such as `conf.BridgeConfig.IP` binds, with Go's promotion through embedded structs. */
function resolveTarget(structs, target) {
  const path = target.split('.').slice(1);
  let struct = 'Config';
  let field;
  for (const part of path) {
    field = findField(structs, struct, part);
    if (!field) return undefined;
    struct = simpleName(field.goType);
  }
  return field;
}

function findField(structs, struct, goName, seen = new Set()) {
  const s = structs.get(struct);
  if (!s?.fields || seen.has(struct)) return undefined;
  seen.add(struct);
  const direct = s.fields.find((f) => f.goName === goName);
  if (direct) return direct;
  for (const f of s.fields.filter((x) => x.embedded)) {
    const inner = findField(structs, simpleName(f.goType), goName, seen);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Types with their own JSON decoding (UnmarshalJSON / UnmarshalText) and what they accept. Each entry names
 * the method the script checks for at the tag, so a changed upstream type fails the generation.
 */
const CUSTOM_TYPES = {
  'net.IP': { shape: { type: 'string', format: 'ip' }, note: 'Go net.IP.UnmarshalText: an IP address string' },
  'netip.Addr': { shape: { type: 'string', format: 'ip' }, note: 'Go netip.Addr.UnmarshalText' },
  'netip.Prefix': { shape: { type: 'string', format: 'cidr' }, note: 'Go netip.Prefix.UnmarshalText (netip.ParsePrefix)' },
  'log.OutputFormat': { shape: { type: 'string' }, check: ['vendor/github.com/containerd/log/context.go', /type OutputFormat string/] },
  'opts.MemBytes': { shape: { type: 'string', format: 'size' }, check: ['opts/opts.go', /func \(m \*MemBytes\) UnmarshalJSON[\s\S]*?invalid size/] },
  'opts.PoolsOpt': {
    items: 'ipamutils.NetworkToSplit',
    check: ['opts/address_pools.go', /func \(p \*PoolsOpt\) UnmarshalJSON[\s\S]*?json\.Unmarshal\(raw, &\(p\.Values\)\)/],
  },
  BuilderGCFilter: {
    shape: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'object' }], go: 'BuilderGCFilter' },
    check: ['daemon/config/builder.go', /func \(x \*BuilderGCFilter\) UnmarshalJSON[\s\S]*?backwards compat for deprecated buggy form/],
  },
  'bkconfig.Duration': {
    shape: { type: 'string', format: 'duration' },
    check: ['vendor/github.com/moby/buildkit/cmd/buildkitd/config/gcpolicy.go', /func \(d \*Duration\) UnmarshalText/],
  },
};

function checkCustomTypes(rev) {
  for (const [name, c] of Object.entries(CUSTOM_TYPES)) {
    if (!c.check) continue;
    const text = show(mobyDir, rev, c.check[0]);
    if (!c.check[1].test(text)) fail(`${c.check[0]} at ${rev}: the JSON decoding of ${name} changed; review CUSTOM_TYPES`);
  }
}

/** The JSON shape Go's encoding/json accepts for a Go type. */
function shapeOf(structs, goType, stack = []) {
  const t = goType.replace(/^\*/, '');
  const custom = CUSTOM_TYPES[t] ?? CUSTOM_TYPES[t.split('.').pop()];
  if (custom) {
    if (custom.items) return { type: 'array', items: shapeOf(structs, custom.items, stack), go: t };
    return { ...custom.shape, go: t };
  }
  if (t.startsWith('[]')) return { type: 'array', items: shapeOf(structs, t.slice(2), stack), go: t };
  const map = /^map\[string\](.+)$/.exec(t);
  if (map) return { type: 'object', additionalProperties: shapeOf(structs, map[1], stack), go: t };
  if (t === 'string') return { type: 'string', go: t };
  if (t === 'bool') return { type: 'boolean', go: t };
  if (/^u?int(8|16|32|64)?$/.test(t)) {
    const s = { type: 'integer', go: t };
    if (t.startsWith('u')) s.minimum = 0;
    if (t === 'uint32') s.maximum = 4294967295;
    if (t === 'int32') Object.assign(s, { minimum: -2147483648, maximum: 2147483647 });
    return s;
  }
  if (/^float(32|64)$/.test(t)) return { type: 'number', go: t };
  if (t === 'interface{}' || t === 'any') return { go: t };
  const name = t.split('.').pop();
  const s = structs.get(name);
  if (s?.alias) return shapeOf(structs, s.alias, stack);
  if (!s) fail(`no JSON shape known for Go type ${goType}`);
  if (stack.includes(name)) fail(`recursive type ${name}`);
  const properties = {};
  for (const f of jsonFields(structs, name)) properties[f.json] = shapeOf(structs, f.goType, [...stack, name]);
  return { type: 'object', properties, go: t };
}

// ------------------------------------------------------------------------------------------ one platform
const STRUCT_FOLDERS = ['daemon/config'];
const STRUCT_FILES = ['registry/config.go', 'api/types/system/runtime.go', 'vendor/github.com/docker/go-units/ulimit.go', 'libnetwork/ipamutils/utils.go'];

function goMap(text, name) {
  const m = new RegExp(`var ${name} = map\\[string\\]bool\\{([\\s\\S]*?)\\n\\}`).exec(text);
  if (!m) fail(`map ${name} not found in daemon/config/config.go`);
  return [...m[1].matchAll(/"([^"]+)":\s*true/g)].map((x) => x[1]).sort();
}

function analyse(rev, goos) {
  const structFiles = [...STRUCT_FOLDERS.flatMap((d) => goFiles(rev, d, goos)), ...STRUCT_FILES.map((p) => ({ path: p, text: show(mobyDir, rev, p) }))];
  const structs = parseStructs(structFiles);
  const named = namedOptionTypes(rev);
  const flags = flagsFor(rev, goos, named, structs);
  const configGo = show(mobyDir, rev, 'daemon/config/config.go');
  const flatOptions = goMap(configGo, 'flatOptions');
  const skipValidateOptions = goMap(configGo, 'skipValidateOptions');
  const fields = jsonFields(structs, 'Config');
  const byJson = new Map(fields.map((f) => [f.json, f]));
  const accepted = new Set([...flags.keys(), ...[...flags.values()].filter((f) => f.named).map((f) => f.named), ...skipValidateOptions]);
  // Struct-typed fields whose object value is flattened (not in flatOptions): only their inner keys are checked.
  const isStruct = (goType) => /^\*?[\w.]+$/.test(goType) && !CUSTOM_TYPES[goType.replace(/^\*/, '')] && Boolean(structs.get(simpleName(goType))?.fields);
  const flattened = fields.filter((f) => !flatOptions.includes(f.json) && isStruct(f.goType)).map((f) => f.json);
  return { structs, flags, flatOptions, skipValidateOptions, fields, byJson, accepted, flattened };
}

function platformData(a) {
  const keys = {};
  const nestedNames = new Map(); // inner json name -> "outer.inner" for struct fields with a json name
  for (const f of a.fields) {
    const shape = shapeOf(a.structs, f.goType);
    if (shape.properties && a.flattened.includes(f.json)) for (const inner of Object.keys(shape.properties)) nestedNames.set(inner, f.json);
  }
  const add = (key, entry) => {
    keys[key] = entry;
  };
  for (const [name, fl] of [...a.flags.entries()].sort(([x], [y]) => x.localeCompare(y))) {
    const base = { accepted: 'flag', flag: name };
    if (fl.short) base.short = fl.short;
    if (fl.bool) base.boolFlag = true;
    if (fl.hidden) base.hidden = true;
    if (fl.deprecated) base.deprecated = fl.deprecated;
    const field = a.byJson.get(name);
    if (field) {
      add(name, { ...base, field: `${field.owner}.${field.goName}`, type: shapeOf(a.structs, field.goType) });
      continue;
    }
    if (fl.named && fl.named !== name) {
      add(name, { ...base, ignored: 'singular', effective: fl.named });
      continue;
    }
    if (nestedNames.has(name)) {
      add(name, { ...base, ignored: 'nested', effective: `${nestedNames.get(name)}.${name}` });
      continue;
    }
    const ref = /^&(conf\.[\w.]+)$/.exec(fl.target ?? '');
    const target = ref ? resolveTarget(a.structs, ref[1]) : undefined;
    const tagName = target ? jsonName(target) : undefined;
    if (tagName && tagName !== name) {
      add(name, { ...base, ignored: 'field-name', effective: tagName, effectiveAccepted: a.accepted.has(tagName) });
      continue;
    }
    add(name, { ...base, ignored: 'command-line' });
  }
  for (const fl of a.flags.values()) {
    if (!fl.named || keys[fl.named]?.accepted === 'flag') continue;
    const field = a.byJson.get(fl.named);
    if (!field) fail(`NamedOption ${fl.named} has no struct field`);
    keys[fl.named] = { accepted: 'named-option', flag: fl.name, field: `${field.owner}.${field.goName}`, type: shapeOf(a.structs, field.goType) };
  }
  for (const name of a.skipValidateOptions) {
    if (keys[name]) {
      keys[name].skipValidate = true;
      continue;
    }
    const field = a.byJson.get(name);
    keys[name] = field
      ? { accepted: 'skip-validate', field: `${field.owner}.${field.goName}`, type: shapeOf(a.structs, field.goType) }
      : { accepted: 'skip-validate', ignored: 'no-field' };
  }
  for (const name of a.flattened) {
    if (keys[name]) continue;
    const field = a.byJson.get(name);
    keys[name] = { accepted: 'flattened', field: `${field.owner}.${field.goName}`, type: shapeOf(a.structs, field.goType) };
  }
  const jsonOnly = {};
  for (const f of a.fields) if (!keys[f.json]) jsonOnly[f.json] = { field: `${f.owner}.${f.goName}`, type: shapeOf(a.structs, f.goType) };
  const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));
  return { keys: sorted(keys), rejectedJsonFields: sorted(jsonOnly) };
}

// --------------------------------------------------------------------------------------- value vocabularies
function vocabularies(rev, goos) {
  const configGo = show(mobyDir, rev, 'daemon/config/config.go');
  const levels = /switch strings\.ToLower\(config\.LogLevel\) \{\s*case ([^:]+):/.exec(configGo);
  if (!levels) fail('log levels not found in daemon/config/config.go Validate()');
  const logText = show(mobyDir, rev, 'vendor/github.com/containerd/log/context.go');
  const formats = [...logText.matchAll(/(\w+Format) OutputFormat = "(\w+)"/g)].map((m) => m[2]);
  if (formats.length < 2) fail('log formats not found in containerd/log');
  const out = {
    'log-level': { values: [...levels[1].matchAll(/"(\w+)"/g)].map((m) => m[1]), caseInsensitive: true, source: 'daemon/config/config.go Validate()' },
    'log-format': { values: formats, source: 'daemon/config/config.go Validate(), vendor/github.com/containerd/log/context.go' },
  };
  if (goos === 'linux') {
    const linux = show(mobyDir, rev, 'daemon/config/config_linux.go');
    const ipc = /const hint = `use "(\w+)" or "(\w+)"`/.exec(linux);
    const cgns = /default cgroup namespace mode \(%v\) is invalid; use "(\w+)" or "(\w+)"/.exec(linux);
    if (!ipc || !cgns) fail('ipc / cgroupns hints not found in daemon/config/config_linux.go');
    out['default-ipc-mode'] = { values: [ipc[1], ipc[2]], source: 'daemon/config/config_linux.go verifyDefaultIpcMode()' };
    out['default-cgroupns-mode'] = { values: [cgns[1], cgns[2]], source: 'daemon/config/config_linux.go verifyDefaultCgroupNsMode()' };
    const unix = show(mobyDir, rev, 'daemon/daemon_unix.go');
    const fs = /cgroupFsDriver\s*= "(\w+)"/.exec(unix);
    const sd = /cgroupSystemdDriver\s*= "(\w+)"/.exec(unix);
    if (!fs || !sd || !/if cd == "" \|\| cd == cgroupFsDriver \|\| cd == cgroupSystemdDriver \{/.test(unix))
      fail('cgroup drivers not found in daemon/daemon_unix.go verifyCgroupDriver()');
    out['exec-opts:native.cgroupdriver'] = { values: [fs[1], sd[1]], caseInsensitiveKey: true, source: 'daemon/daemon_unix.go verifyCgroupDriver()' };
  }
  return out;
}

/** Feature names dockerd reads (`Features["x"]`, `features["x"]`), and those the platform rejects. */
function features(rev, goos) {
  const hits = git(mobyDir, 'grep', '-n', '-E', '[Ff]eatures\\["[a-z0-9-]+"\\]', rev, '--', '*.go', ':!vendor', ':!*_test.go', ':!integration*');
  const known = {};
  for (const line of hits.split('\n').filter(Boolean)) {
    const [, path, lineNo, text] = /^[^:]+:([^:]+):(\d+):(.*)$/.exec(line);
    for (const m of text.matchAll(/[Ff]eatures\["([a-z0-9-]+)"\]/g)) {
      const name = m[1];
      known[name] ??= { readIn: [] };
      known[name].readIn.push(`${path}:${lineNo}`);
    }
  }
  const out = {};
  const linux = show(mobyDir, rev, 'daemon/config/config_linux.go');
  for (const [name, v] of Object.entries(known).sort(([x], [y]) => x.localeCompare(y))) {
    const readOn = v.readIn.filter((p) => buildsFor(p.split(':')[0], show(mobyDir, rev, p.split(':')[0]), goos));
    const rejected = goos === 'linux' && new RegExp(`feature option '${name}' is only available on Windows`).test(linux);
    if (rejected) out[name] = { readIn: v.readIn, rejected: `feature option '${name}' is only available on Windows` };
    else if (readOn.length) out[name] = { readIn: readOn };
  }
  return out;
}

// ---------------------------------------------------------------------------------------- removed keys
/**
 * daemon.json keys removed before the tag: the deprecated.md section that documents each removal (read for
 * the versions), and the key that replaces it. The script checks that each key is named in its section and
 * that dockerd no longer accepts it.
 */
const REMOVED = [
  { key: 'graph', section: '`-g` and `--graph` flags on `dockerd`', mention: '--graph', replacement: 'data-root' },
  {
    key: 'cluster-store',
    section: 'Classic Swarm and overlay networks using cluster store',
    mention: '--cluster-store',
    replacement: null,
    advice: 'use Swarm mode (docker swarm init) for overlay networks',
  },
  {
    key: 'cluster-advertise',
    section: 'Classic Swarm and overlay networks using cluster store',
    mention: '--cluster-advertise',
    replacement: null,
    advice: 'use Swarm mode (docker swarm init) for overlay networks',
  },
  {
    key: 'cluster-store-opts',
    section: 'Classic Swarm and overlay networks using cluster store',
    mention: '--cluster-store-opt',
    replacement: null,
    advice: 'use Swarm mode (docker swarm init) for overlay networks',
  },
  {
    key: 'oom-score-adjust',
    section: 'OOM-score adjust for the daemon',
    mention: 'oom-score-adjust',
    replacement: null,
    advice: 'set OOMScoreAdjust in the systemd unit instead',
  },
  {
    key: 'disable-legacy-registry',
    section: '`--disable-legacy-registry` override daemon option',
    mention: '--disable-legacy-registry',
    replacement: null,
    advice: 'delete it: V1 registries are no longer supported',
  },
  { key: 'api-enable-cors', section: '`--api-enable-cors` flag on `dockerd`', mention: '--api-enable-cors', replacement: 'api-cors-header' },
];

function removedKeys(cliRev, accepted) {
  const doc = show(cliDir, cliRev, 'docs/deprecated.md');
  const out = {};
  for (const r of REMOVED) {
    const start = doc.indexOf(`\n### ${r.section}\n`);
    if (start < 0) fail(`docs/deprecated.md: section "${r.section}" not found`);
    const end = doc.indexOf('\n### ', start + 5);
    const body = doc.slice(start, end < 0 ? undefined : end);
    if (!body.includes(r.mention)) fail(`docs/deprecated.md "${r.section}" does not mention ${r.mention}`);
    const removedIn = /\*\*Removed In Release: \[?v?([\d.]+)/i.exec(body)?.[1];
    const deprecatedIn = /\*\*(?:Deprecated|Disabled) In Release: \[?v?([\d.]+)/i.exec(body)?.[1];
    if (!removedIn) fail(`docs/deprecated.md "${r.section}": no "Removed In Release"`);
    for (const [goos, keys] of Object.entries(accepted)) if (keys.has(r.key)) fail(`${r.key} is listed as removed but dockerd ${tag} accepts it on ${goos}`);
    if (r.replacement && ![...Object.values(accepted)].some((k) => k.has(r.replacement))) fail(`replacement ${r.replacement} of ${r.key} is not a key`);
    const entry = { removedIn: `v${removedIn}`, section: r.section };
    if (deprecatedIn) entry.deprecatedIn = `v${deprecatedIn}`;
    entry.replacement = r.replacement;
    if (r.advice) entry.advice = r.advice;
    out[r.key] = entry;
  }
  return out;
}

/** Deprecation notes for accepted keys (flags marked deprecated, plus the deprecated.md section if any). */
function deprecatedNotes(cliRev, platforms) {
  const doc = show(cliDir, cliRev, 'docs/deprecated.md');
  const out = {};
  for (const p of Object.values(platforms)) {
    for (const [key, e] of Object.entries(p.keys)) {
      if (!e.deprecated || out[key]) continue;
      const section = [...doc.matchAll(/\n### (.+)\n([\s\S]*?)(?=\n### |$)/g)].find((m) => m[2].includes(`\`${key}\``) && /Deprecated in Release/i.test(m[2]));
      const note = { message: e.deprecated };
      if (section) {
        note.section = section[1];
        note.deprecatedIn = `v${/Deprecated in Release: v?([\d.]+)/i.exec(section[2])[1]}`;
        const removal = /Target For Removal In Release: v?([\d.]+)/i.exec(section[2]);
        if (removal) note.removalIn = `v${removal[1]}`;
      }
      out[key] = note;
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------- main
const commit = commitOf(mobyDir, tag);
const newerCommit = commitOf(mobyDir, newerTag);
const cliCommit = commitOf(cliDir, tag);
checkCustomTypes(tag);

const platforms = {};
const analyses = {};
for (const goos of ['linux', 'windows']) {
  const a = analyse(tag, goos);
  analyses[goos] = a;
  const data = platformData(a);
  platforms[goos] = { ...data, values: vocabularies(tag, goos), features: features(tag, goos) };
}
const newer = {};
for (const goos of ['linux', 'windows']) {
  const n = analyse(newerTag, goos);
  newer[goos] = [...n.accepted].filter((k) => !analyses[goos].accepted.has(k)).sort();
}
const accepted = Object.fromEntries(Object.entries(analyses).map(([g, a]) => [g, a.accepted]));
const removed = removedKeys(tag, accepted);
const deprecated = deprecatedNotes(tag, platforms);

const out = {
  $comment:
    'Generated by scripts/gen-daemon-keys.mjs from moby/moby and docker/cli sources; do not edit by hand. Regenerate: node scripts/gen-daemon-keys.mjs <moby git dir> v27.5.1 --newer v28.2.2 --cli <docker/cli git dir>',
  upstream: {
    repository: 'moby/moby',
    tag,
    commit,
    files: [...readAtTag].sort(),
    newer: { tag: newerTag, commit: newerCommit },
    deprecatedDoc: { repository: 'docker/cli', tag, commit: cliCommit, path: 'docs/deprecated.md' },
  },
  rules: {
    acceptedKeys:
      'a key is accepted when it is a dockerd long flag name, the Name() of a flag whose Value is an opts.NamedOption, or in skipValidateOptions; object values of keys not in flatOptions are replaced by their inner keys before the check',
    decoding: 'encoding/json into the platform Config struct: unknown keys ignored, nested keys matched case-insensitively, wrong types fail',
    flatOptions: analyses.linux.flatOptions,
    skipValidateOptions: analyses.linux.skipValidateOptions,
  },
  platforms,
  removed,
  deprecated,
  newerKeys: { tag: newerTag, linux: newer.linux, windows: newer.windows },
};
writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
const count = (g) => Object.keys(platforms[g].keys).length;
console.log(
  `wrote ${outFile}: linux ${count('linux')} keys, windows ${count('windows')} keys, ${Object.keys(removed).length} removed, newer: ${newer.linux.join(', ')}`,
);
