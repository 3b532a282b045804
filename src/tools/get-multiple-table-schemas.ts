// get_multiple_table_schemas: columns, keys and foreign keys of the tables the caller may read,
// plus value lists scoped to the caller. The cache is keyed by the caller's scope, never global.
import { z } from 'zod';
import { unsafeExtended } from '../db/extended.js';
import { AppError } from '../errors.js';
import { sqlFile } from './sql-files.js';
import { defineTool, fenceUntrusted, type ToolDeps, UNTRUSTED_NOTE } from './tool.js';

const getMultipleTableSchemasInput = {
  table_names: z
    .array(z.string().min(1).max(100))
    .max(50)
    .optional()
    .describe('Tables to describe, e.g. ["retail.orders", "order_items"]. Omit for every table you may read.'),
};

const tableSchema = z.object({
  table_name: z.string(),
  description: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })),
  primary_key: z.array(z.string()),
  foreign_keys: z.array(z.string()),
});

const getMultipleTableSchemasOutput = {
  tables: z.array(tableSchema),
  scoped_values: z
    .object({
      stores: z.array(z.object({ store_id: z.number(), store_name: z.string(), is_online: z.boolean() })).describe('The stores you may see.'),
      categories: z.array(z.string()).describe('Product category names.'),
      order_dates: z.object({ first: z.string().nullable(), last: z.string().nullable() }).describe('Range of order_date in your stores.'),
    })
    .describe('Values scoped to you, useful for writing filters.'),
};

export type TableSchemas = z.infer<z.ZodObject<typeof getMultipleTableSchemasOutput>>;
type Output = TableSchemas;

const TTL_MS = 5 * 60_000;
/** Scopes (role + store set) remembered per deps, least recently used first out. */
export const MAX_CACHED_SCOPES = 256;
/** null: the load failed, or answered for another store set than the key's (not shared). */
type CacheEntry = { until: number; value: Promise<Output | null> };
const caches = new WeakMap<ToolDeps, Map<string, CacheEntry>>();

/**
 * The full answer (every table the reader may read, and the scoped values) for the caller's scope.
 * Keyed by the principal's role and store set only, never by model input: callers with the same
 * role who see the same stores see the same answer, and each request filters it. Concurrent misses
 * share one load; a failed load is not kept. A load is shared only when its stores are the key's:
 * the principal can be up to 30 s stale (principal.ts) while RLS reads the database as it is now,
 * so a manager just moved to another store would otherwise leave that store's row and dates under
 * the old store's key for everyone who still has it.
 */
export async function answerForScope(deps: ToolDeps, principal: { userId: string; role: string; storeIds: number[] }): Promise<Output> {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new Map();
    caches.set(deps, cache);
  }
  // Readers share retail_reader's privileges whatever their role (migration 019); the role is in the key so that cannot leak if it changes.
  const key = `${principal.role}|${principal.storeIds.join(',')}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    if (hit.until > Date.now()) {
      cache.set(key, hit); // now the most recently used
      const shared = await hit.value;
      if (shared) return shared;
    }
  }
  const own = load(deps, principal);
  const wanted = [...principal.storeIds].sort((a, b) => a - b).join(',');
  const entry: CacheEntry = {
    until: Date.now() + TTL_MS,
    value: own.then(
      (answer) => (answer.scoped_values.stores.map((s) => s.store_id).join(',') === wanted ? answer : null),
      () => null,
    ),
  };
  cache.set(key, entry);
  while (cache.size > MAX_CACHED_SCOPES) cache.delete(cache.keys().next().value!);
  void entry.value.then((shared) => {
    if (!shared && cache.get(key) === entry) cache.delete(key);
  });
  return own;
}

export const getMultipleTableSchemas = defineTool({
  name: 'get_multiple_table_schemas',
  title: 'Describe retail tables',
  description: `Describes retail tables (columns, types, keys, foreign keys) and lists your stores, the categories and your order date range. Call it before writing SQL. ${UNTRUSTED_NOTE}`,
  input: getMultipleTableSchemasInput,
  output: getMultipleTableSchemasOutput,
  async run({ deps, principal }, args) {
    const wanted = [
      ...new Set(
        (args.table_names ?? []).map((n) =>
          n
            .trim()
            .toLowerCase()
            .replace(/^retail\./, ''),
        ),
      ),
    ].sort();
    // The model's names are checked against the scope's full answer; they never become a cache key.
    const full = await answerForScope(deps, principal);
    const found = new Set(full.tables.map((t) => t.table_name));
    const missing = wanted.filter((n) => !found.has(n));
    if (missing.length > 0) {
      throw new AppError(
        'BAD_INPUT',
        `Unknown table(s): ${missing.map((m) => JSON.stringify(m.slice(0, 60))).join(', ')}. Call without table_names to list the tables you may read.`,
      );
    }
    const data: Output = wanted.length === 0 ? full : { tables: full.tables.filter((t) => wanted.includes(t.table_name)), scoped_values: full.scoped_values };
    const lines = data.tables.map((t) => `retail.${t.table_name}(${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
    return { data, text: `${lines.join('\n')}\n${fenceUntrusted(JSON.stringify(data.scoped_values))}` };
  },
});

async function load(deps: ToolDeps, principal: { userId: string }): Promise<Output> {
  return deps.withTenant(principal, async (tx) => {
    const [tables, [values]] = await Promise.all([
      unsafeExtended(tx, sqlFile('table-schemas'), [[]]), // every table the reader may read
      unsafeExtended(tx, sqlFile('scoped-values')),
    ]);
    return { tables: [...tables] as unknown as Output['tables'], scoped_values: values as unknown as Output['scoped_values'] };
  });
}
