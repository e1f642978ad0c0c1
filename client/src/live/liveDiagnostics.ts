// The `live-*` diagnostics of a stack file: the planner's live checks (swarm/snapshotChecks, computed from the
// explorer's snapshot, and the volume drivers of the manager) placed on the key or value at fault. No `vscode`: the engine tests check them on the real swarm.
import { isMap, isScalar, type Document, type Node, type Pair } from 'yaml';
import { volumeDriverChecks, type DesiredStack, type LiveCheckProblem, type VolumeDrivers } from '../deploy';
import { snapshotChecks, type SnapshotCheckOptions, type SwarmSnapshot } from '../swarm';
import { pairAt, seqItemsAt } from './stackOutline';

export interface LiveDiagnostic {
  /** `live-<check>`, e.g. `live-constraint-unsatisfiable`. */
  code: string;
  severity: 'warning' | 'information';
  message: string;
  /** Offsets in the text. */
  start: number;
  end: number;
}

type Range = [number, number];
const keyRange = (p: Pair<Node, Node | null> | undefined): Range | undefined => (p?.key?.range ? [p.key.range[0], p.key.range[1]] : undefined);
const valueRange = (p: Pair<Node, Node | null> | undefined): Range | undefined => (p?.value?.range ? [p.value.range[0], p.value.range[1]] : keyRange(p));
const nodeRange = (n: Node | undefined): Range | undefined => (n?.range ? [n.range[0], n.range[1]] : undefined);

/** Does a `ports:` item (short `8080:80/tcp`, `8000-8010:80-90`, or long syntax) publish this port? */
function publishes(item: Node, port: number): boolean {
  if (isMap(item)) {
    const published = item.items.find((p) => isScalar(p.key) && p.key.value === 'published')?.value;
    return (
      isScalar(published) &&
      String(published.value)
        .split('-')
        .map(Number)
        .some((v, i, a) => (a.length === 2 ? port >= a[0] && port <= a[1] : v === port))
    );
  }
  if (!isScalar(item)) return false;
  const parts = String(item.value).split('/')[0].split(':');
  if (parts.length < 2) return false;
  const [lo, hi] = parts[parts.length - 2].split('-').map(Number);
  return hi === undefined ? lo === port : port >= lo && port <= hi;
}

function serviceRange(doc: Document | undefined, key: string, p: LiveCheckProblem): Range | undefined {
  const base = ['services', key];
  const at = p.at;
  if (at && 'constraint' in at) {
    const path = [...base, 'deploy', 'placement', 'constraints'];
    const items = seqItemsAt(doc, path);
    const item = items.find((i) => isScalar(i) && String(i.value).trim() === at.constraint.trim());
    return nodeRange(item) ?? keyRange(pairAt(doc, path));
  }
  if (at && 'port' in at) return nodeRange(seqItemsAt(doc, [...base, 'ports']).find((i) => publishes(i, at.port))) ?? keyRange(pairAt(doc, [...base, 'ports']));
  if (at && 'reservation' in at)
    return (
      valueRange(pairAt(doc, [...base, 'deploy', 'resources', 'reservations', at.reservation])) ??
      keyRange(pairAt(doc, [...base, 'deploy', 'resources', 'reservations']))
    );
  if (at && 'field' in at) return valueRange(pairAt(doc, at.field === 'image' ? [...base, 'image'] : [...base, 'deploy', 'placement', at.field]));
  return undefined;
}

const field = (entry: Pair<Node, Node | null>, key: string) =>
  isMap(entry.value) ? (entry.value.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && p.key.value === key) : undefined;

/**
 * The top-level entry declaring an object: its `name:` value when it names it, else its key — or, with `at`, the value
 * of that field of the entry (a volume's `driver:`).
 */
function objectRange(doc: Document | undefined, section: string, name: string, at?: string): Range | undefined {
  const top = pairAt(doc, [section])?.value;
  if (!isMap(top)) return undefined;
  for (const entry of top.items as Pair<Node, Node | null>[]) {
    const named = field(entry, 'name');
    const found = named && isScalar(named.value) ? String(named.value.value) === name : isScalar(entry.key) && String(entry.key.value) === name;
    if (!found) continue;
    const pinned = at ? field(entry, at) : undefined;
    return pinned ? valueRange(pinned) : named ? valueRange(named) : keyRange(entry);
  }
  return undefined;
}

const SECTION: Partial<Record<LiveCheckProblem['code'], string>> = {
  'external-network-missing': 'networks',
  'external-network-scope': 'networks',
  'external-secret-missing': 'secrets',
  'external-config-missing': 'configs',
  'volume-driver-missing': 'volumes',
};

/** Places each problem in the file (on the service key when nothing closer is found) and names the swarm. */
export function liveDiagnostics(problems: readonly LiveCheckProblem[], desired: DesiredStack, doc: Document | undefined, swarm: string): LiveDiagnostic[] {
  const out: LiveDiagnostic[] = [];
  for (const p of problems) {
    const key = p.service ? desired.services.find((s) => s.name === p.service)?.key : undefined;
    const section = SECTION[p.code];
    const range =
      key !== undefined
        ? (serviceRange(doc, key, p) ?? keyRange(pairAt(doc, ['services', key])))
        : section && p.object
          ? objectRange(doc, section, p.object, p.code === 'volume-driver-missing' ? 'driver' : undefined)
          : undefined;
    if (!range) continue;
    out.push({
      code: `live-${p.code}`,
      severity: p.severity === 'error' ? 'warning' : 'information',
      message: `${p.message} (on swarm ${swarm})`,
      start: range[0],
      end: range[1],
    });
  }
  return out;
}

export interface FileCheckOptions extends SnapshotCheckOptions {
  /** The connection's name, in each message. */
  swarm: string;
  /** The volume drivers of the manager, when its /info answered (else the driver check is skipped). */
  volumeDrivers?: VolumeDrivers;
}

/** The file's `live-*` diagnostics on the last snapshot read; none without one (no connection, watcher stopped). */
export function fileLiveDiagnostics(
  desired: DesiredStack,
  doc: Document | undefined,
  snapshot: SwarmSnapshot | undefined,
  options: FileCheckOptions,
): LiveDiagnostic[] {
  if (!snapshot) return [];
  const drivers = options.volumeDrivers ? volumeDriverChecks(desired.services, options.volumeDrivers, desired.namespace) : [];
  return liveDiagnostics([...snapshotChecks(desired, snapshot, options), ...drivers], desired, doc, options.swarm);
}
