import { isMap, isScalar, type Pair } from 'yaml';
import type { Diagnostic } from '../../types';
import type { YamlModel } from '../../yaml/yamlDocument';
import { isPlainObject } from '../../text/guards';

/** Lines a service's text spans (its key to the end of its value), in the current text. */
interface Span {
  start: number;
  end: number;
}

interface ServiceRecord {
  /** The loaded (pre-interpolation) service value: the incremental parser keeps it while its text is unchanged. */
  raw: object;
  /** The first line the stored diagnostics assume. */
  start: number;
  /** Diagnostics of this service, by check number (`checkNumber`), for the checks that asked for them. */
  byCheck: (Diagnostic[] | undefined)[];
  /** The checks whose stored list is not empty: all a move has to shift (most services have no diagnostics). */
  withDiagnostics: number[];
}

/**
 * What each service's per-service checks reported, kept per open document between edits so that an edit
 * re-runs those checks only for the services it changed. A record is valid while the service's loaded value is the
 * same object (same text) and nothing else those checks read changed (`stamp`: settings, path, stack name,
 * suppression comments, the loaded top-level sections other than `services`).
 */
export class ServiceResultCache {
  stamp: readonly unknown[] = [];
  readonly records = new Map<string, ServiceRecord>();
}

/** Everything besides the service itself that a per-service check may read. */
export interface ScopeInputs {
  model: YamlModel;
  raw: Record<string, unknown>;
  settings: object;
  filePath: string | undefined;
  stackName: string | undefined;
  mode: string;
  disabledCodes: ReadonlySet<string>;
}

function stampOf(input: ScopeInputs): unknown[] {
  const stamp: unknown[] = [input.settings, input.filePath, input.stackName, input.mode, [...input.disabledCodes].sort().join(',')];
  for (const [k, v] of Object.entries(input.raw)) if (k !== 'services') stamp.push(k, v);
  return stamp;
}

const sameStamp = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Line spans of the services written out under `services:` (none for an aliased or merged services map). */
function serviceSpans(model: YamlModel): Map<string, Span> {
  const spans = new Map<string, Span>();
  const root = model.doc?.contents;
  if (!isMap(root)) return spans;
  const pair = (root.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === 'services');
  if (!pair || !isMap(pair.value)) return spans;
  const repeated = new Set<string>();
  for (const item of pair.value.items as Pair[]) {
    if (!isScalar(item.key) || typeof item.key.value !== 'string' || !item.key.range) continue;
    const name = item.key.value;
    if (spans.has(name)) repeated.add(name);
    const value = item.value as { range?: [number, number, number] } | null;
    const endOffset = value?.range ? value.range[1] : item.key.range[1];
    spans.set(name, { start: model.lines.positionAt(item.key.range[0]).line, end: model.lines.positionAt(endOffset).line });
  }
  for (const name of repeated) spans.delete(name);
  return spans;
}

/** Check names numbered once per process: a record's results are an array, not a map looked up per service. */
const checkNumbers = new Map<string, number>();
function checkNumber(check: string): number {
  let n = checkNumbers.get(check);
  if (n === undefined) checkNumbers.set(check, (n = checkNumbers.size));
  return n;
}

/** Shared by every check result without diagnostics (most of them): one array, not thousands. */
const NONE: Diagnostic[] = [];

const within = (d: Diagnostic, s: Span) => d.range.start.line >= s.start && d.range.end.line <= s.end;

function shifted(list: Diagnostic[], delta: number): Diagnostic[] {
  if (list.length === 0) return list;
  return list.map((d) => ({
    ...d,
    range: {
      start: { line: d.range.start.line + delta, character: d.range.start.character },
      end: { line: d.range.end.line + delta, character: d.range.end.character },
    },
  }));
}

/**
 * One validation run's view of the cache: `each` runs a check's per-service body for changed services only and
 * replays the stored diagnostics (the same objects unless the service moved) of the others, in service order.
 * Without a cache (the CLI) it simply runs the body for every service.
 */
export class ServiceScope {
  private readonly spans: Map<string, Span>;
  private readonly rawServices: Record<string, unknown> | undefined;

  constructor(
    private readonly cache: ServiceResultCache | undefined,
    input: ScopeInputs,
    /** The reporter's list: bodies append to it, replayed results are appended to it. */
    private readonly out: Diagnostic[],
  ) {
    if (cache) {
      const stamp = stampOf(input);
      if (!sameStamp(stamp, cache.stamp)) {
        cache.records.clear();
        cache.stamp = stamp;
      }
    }
    this.spans = cache ? serviceSpans(input.model) : new Map();
    this.rawServices = isPlainObject(input.raw.services) ? input.raw.services : undefined;
    if (cache) for (const name of cache.records.keys()) if (!this.spans.has(name)) cache.records.delete(name);
  }

  each(check: string, list: readonly [string, Record<string, unknown>][], body: (name: string, svc: Record<string, unknown>) => void): void {
    const recs = this.recordsFor(list);
    const out = this.out;
    const k = checkNumber(check);
    // Plain indexed loops: this runs for every check and every service on each keystroke.
    for (let i = 0; i < list.length; i++) {
      const rec = recs[i];
      const hit = rec?.byCheck[k];
      if (hit) {
        for (let j = 0; j < hit.length; j++) out.push(hit[j]);
        continue;
      }
      const name = list[i][0];
      const svc = list[i][1];
      const before = out.length;
      body(name, svc);
      if (!rec) continue;
      const mine = out.slice(before);
      // Only results that point into the service itself can follow it when it moves.
      const span = this.spans.get(name) as Span;
      if (!mine.every((d) => within(d, span))) continue;
      rec.byCheck[k] = mine.length ? mine : NONE;
      if (mine.length) rec.withDiagnostics.push(k);
    }
  }

  /** The records of a service list (the same list for every check of a run), looked up and moved once. */
  private recordsFor(list: readonly [string, Record<string, unknown>][]): (ServiceRecord | undefined)[] {
    if (this.listed?.list !== list) this.listed = { list, recs: list.map(([name]) => this.recordFor(name)) };
    return this.listed.recs;
  }

  private listed: { list: readonly unknown[]; recs: (ServiceRecord | undefined)[] } | undefined;

  /** Records looked up (and moved) once per run, however many checks ask. */
  private readonly looked = new Map<string, ServiceRecord | undefined>();

  private recordFor(name: string): ServiceRecord | undefined {
    if (!this.cache) return undefined;
    if (this.looked.has(name)) return this.looked.get(name);
    const rec = this.lookUp(this.cache, name);
    this.looked.set(name, rec);
    return rec;
  }

  private lookUp(cache: ServiceResultCache, name: string): ServiceRecord | undefined {
    const span = this.spans.get(name);
    const raw = this.rawServices?.[name];
    if (!span || !raw || typeof raw !== 'object') return undefined;
    let rec = cache.records.get(name);
    if (!rec || rec.raw !== raw) {
      rec = { raw, start: span.start, byCheck: [], withDiagnostics: [] };
      cache.records.set(name, rec);
    } else if (rec.start !== span.start) {
      // Text above it gained or lost lines: same columns, shifted lines.
      const delta = span.start - rec.start;
      for (const k of rec.withDiagnostics) rec.byCheck[k] = shifted(rec.byCheck[k] as Diagnostic[], delta);
      rec.start = span.start;
    }
    return rec;
  }
}
