import type { AnySchema } from 'ajv';

/**
 * Schemas compiled together (one ajv instance), and the validators asked of them by name: `refs` maps an export
 * name to a schema ref (an id, or `id#/definitions/x`). One set is one generated module in dist/validators/.
 */
export interface SchemaSet {
  /** The generated module's file name (without `.js`). */
  name: string;
  draft: 4 | 7;
  /** Every schema of the set, each with its id (`id` in draft-04, `$id` in draft-07). */
  schemas: () => AnySchema[];
  refs: Record<string, string>;
}
