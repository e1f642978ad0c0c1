import fleetSchema from '../../../../schemas/fleet.schema.json';
import type { ValuePath, YamlModel } from '../yaml/yamlDocument';
import { asMap } from '../kinds/stack/context';
import { BOOLEAN_VALUES, enumValueDocs, generatedDescription, keyDoc, link, mergeValues } from './docs';
import { SchemaNavigator, shapeOf, typeWords } from './schemaNavigator';
import type { KeyDoc, ValueDoc, Vocabulary } from './types';

let fleetNav: SchemaNavigator | undefined;
const nav = (): SchemaNavigator => (fleetNav ??= new SchemaNavigator(() => fleetSchema, 'fleet.schema.json'));
const SOURCE = link('Swarm Pilot README, Fleet rollouts', 'https://github.com/swarm-pilot/swarm-pilot#fleet-rollouts');

/** swarm-pilot.fleet.yaml: keys and values from schemas/fleet.schema.json, target names for the waves. */
export class FleetVocabulary implements Vocabulary {
  readonly syntax = 'yaml';

  constructor(private readonly yaml: YamlModel | undefined) {}

  keys(path: ValuePath): KeyDoc[] {
    const n = nav();
    return [...n.properties(n.at(path)).keys()].map((k) => this.describe([...path, k])).filter((d): d is KeyDoc => Boolean(d));
  }

  describe(path: ValuePath): KeyDoc | undefined {
    const name = path[path.length - 1];
    if (name === undefined || typeof name === 'number') return undefined;
    const n = nav();
    const parent = n.at(path.slice(0, -1));
    if (!n.properties(parent).has(name)) return undefined;
    const info = n.info(n.child(parent, name));
    const type = typeWords(info);
    return keyDoc(name, {
      type,
      description: info.description ?? generatedDescription(path, type),
      values: enumValueDocs(info.enumValues),
      shape: shapeOf(info),
      required: n.required(parent).has(name),
      sources: [SOURCE],
    });
  }

  values(path: ValuePath): ValueDoc[] {
    if (path.length === 4 && path[0] === 'rollout' && path[1] === 'waves') return this.targetNames();
    const n = nav();
    const info = n.info(n.at(path));
    let out = enumValueDocs(info.enumValues);
    if (info.types.includes('boolean')) out = mergeValues(out, BOOLEAN_VALUES);
    return out;
  }

  /** The targets the document defines, for wave lists. */
  private targetNames(): ValueDoc[] {
    const targets = asMap(this.yaml?.value)?.targets;
    if (!Array.isArray(targets)) return [];
    return targets.flatMap((t) => {
      const name = asMap(t)?.name;
      return typeof name === 'string' ? [{ value: name, kind: 'reference' as const, description: 'a target of this fleet' }] : [];
    });
  }
}
