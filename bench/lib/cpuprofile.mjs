// Summarises a V8 .cpuprofile (node --cpu-prof): self and inclusive time per function, mapped back to the
// TypeScript sources / packages through the bundle's source map, and self time per area (our code, yaml,
// ajv, other packages, node internals, GC).
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map();
function sourceMapFor(url) {
  if (!url || !url.startsWith('file://')) return null;
  if (maps.has(url)) return maps.get(url);
  let sm = null;
  try {
    const path = fileURLToPath(url);
    if (existsSync(`${path}.map`)) sm = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
  } catch {
    sm = null;
  }
  maps.set(url, sm);
  return sm;
}

/** Short location: "server/src/core/x.ts:12", "yaml/dist/parse/lexer.js:80", "node:internal/…". */
function locate(cf) {
  const { url, lineNumber, columnNumber } = cf;
  if (!url) return { where: '', area: cf.functionName?.startsWith('(') ? cf.functionName : 'native' };
  let file = url;
  let line = lineNumber + 1;
  const sm = sourceMapFor(url);
  if (sm && lineNumber >= 0) {
    const e = sm.findEntry(lineNumber, columnNumber);
    if (e && e.originalSource) {
      file = e.originalSource;
      line = e.originalLine + 1;
    } else {
      // esbuild's own helpers at the top of the bundle have no mapping; the hot one is the getter that
      // __toESM/__copyProps puts on every named import from a CommonJS package (e.g. yaml's isMap/isScalar)
      return { where: `${file.slice(file.lastIndexOf('/') + 1)}:${line} (esbuild helper)`, area: 'esbuild-interop' };
    }
  }
  file = file.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  let area;
  if (nm >= 0) {
    file = file.slice(nm + 'node_modules/'.length);
    const parts = file.split('/');
    area = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  } else if (/(^|\/)(server|client)\/src\//.test(file)) {
    file = file.slice(file.search(/(server|client)\/src\//));
    area = 'swarm-pilot';
  } else if (file.startsWith('node:')) area = 'node';
  else area = 'other';
  return { where: `${file}:${line}`, area };
}

export function summarizeProfile(profile, { top = 15 } = {}) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const info = new Map();
  for (const n of profile.nodes) {
    const cf = n.callFrame;
    const loc = locate(cf);
    info.set(n.id, { key: `${cf.functionName || '(anonymous)'} ${loc.where}`, name: cf.functionName || '(anonymous)', ...loc });
  }
  const self = new Map();
  const incl = new Map();
  const areas = new Map();
  let total = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] ?? 0) / 1000; // ms until the next sample
    total += dt;
    const leaf = info.get(samples[i]);
    self.set(leaf.key, (self.get(leaf.key) ?? 0) + dt);
    areas.set(leaf.area, (areas.get(leaf.area) ?? 0) + dt);
    const seen = new Set();
    for (let id = samples[i]; id != null; id = parent.get(id)) {
      const k = info.get(id).key;
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
  }
  const keyInfo = new Map([...info.values()].map((v) => [v.key, v]));
  const rows = (m, filter = () => true) =>
    [...m.entries()]
      .filter(([k]) => filter(keyInfo.get(k)))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => ({
        fn: keyInfo.get(k).name,
        where: keyInfo.get(k).where,
        area: keyInfo.get(k).area,
        ms: Math.round(ms),
        pct: Math.round((1000 * ms) / total) / 10,
      }));
  return {
    total_ms: Math.round(total),
    samples: samples.length,
    by_area: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, ms]) => ({ area, ms: Math.round(ms), pct: Math.round((1000 * ms) / total) / 10 })),
    top_self: rows(self, (v) => !['(idle)', '(program)', '(root)'].includes(v.name)),
    top_inclusive_ours: rows(incl, (v) => v.area === 'swarm-pilot'),
  };
}

/**
 * Splits a profile at idle stretches (≥ gapMs of `(idle)` samples) into busy segments and returns
 * {coldOpen, afterColdOpen}: the largest busy segment (for a server run under the harness: the cold open)
 * and everything after it (the edits), as profiles that summarizeProfile accepts. null when there is no
 * clear split.
 */
export function splitAfterLargestBusy(profile, gapMs = 80) {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const segs = [];
  let cur = null;
  let idleRun = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (idle.has(profile.samples[i])) {
      idleRun += dt;
      if (cur && idleRun >= gapMs) {
        segs.push(cur);
        cur = null;
      }
    } else {
      idleRun = 0;
      if (!cur) cur = { start: i, busy: 0 };
      cur.end = i;
      cur.busy += dt;
    }
  }
  if (cur) segs.push(cur);
  if (segs.length < 2) return null;
  const big = segs.reduce((a, b) => (b.busy > a.busy ? b : a));
  const next = segs[segs.indexOf(big) + 1];
  if (!next) return null;
  const slice = (from, to) => ({ ...profile, samples: profile.samples.slice(from, to), timeDeltas: [0, ...profile.timeDeltas.slice(from + 1, to + 1)] });
  return { coldOpen: slice(big.start, next.start), afterColdOpen: slice(next.start, profile.samples.length) };
}
