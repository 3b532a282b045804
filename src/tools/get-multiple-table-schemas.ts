// get_multiple_table_schemas: columns, keys and foreign keys of the tables the caller may read,
// plus value lists scoped to the caller. The cache is keyed by the caller's scope, never global.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { sqlFile } from './sql-files.js';
import { defineTool, fenceUntrusted, UNTRUSTED_NOTE, type ToolDeps } from './tool.js';

export const getMultipleTableSchemasInput = {
  table_names: z
    .array(z.string().min(1).max(100))
    .max(50)
    .optional()
    .describe('Tables to describe, e.g. ["retail.orders", "order_items"]. Omit for every table you may read.'),
};

const tableSchema = z.object({
  table_name: z.string().describe('Table name in the retail schema.'),
  description: z.string().describe('What the table holds.'),
  columns: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })).describe('Columns in order.'),
  primary_key: z.array(z.string()).describe('Primary key columns.'),
  foreign_keys: z.array(z.string()).describe('Foreign key definitions.'),
});

export const getMultipleTableSchemasOutput = {
  tables: z.array(tableSchema).describe('One entry per table.'),
  scoped_values: z
    .object({
      stores: z.array(z.object({ store_id: z.number(), store_name: z.string(), is_online: z.boolean() })).describe('The stores you may see.'),
      categories: z.array(z.string()).describe('Product category names.'),
      order_dates: z.object({ first: z.string().nullable(), last: z.string().nullable() }).describe('Range of order_date in your stores.'),
    })
    .describe('Values scoped to you, useful for writing filters.'),
};

type Output = z.infer<z.ZodObject<typeof getMultipleTableSchemasOutput>>;

const TTL_MS = 5 * 60_000;
const caches = new WeakMap<ToolDeps, Map<string, { until: number; value: Output }>>();

export const getMultipleTableSchemas = defineTool({
  name: 'get_multiple_table_schemas',
  title: 'Describe retail tables',
  description: `Describes retail tables (columns, types, keys, foreign keys) and lists your stores, the categories and your order date range. Call it before writing SQL. ${UNTRUSTED_NOTE}`,
  input: getMultipleTableSchemasInput,
  output: getMultipleTableSchemasOutput,
  async run({ deps, principal }, args) {
    const wanted = [...new Set((args.table_names ?? []).map((n) => n.trim().toLowerCase().replace(/^retail\./, '')))].sort();
    // Scope, not user, is the key: callers who see the same stores see the same answer.
    const key = `${principal.storeIds.join(',')}|${wanted.join(',')}`;
    const cache = caches.get(deps) ?? new Map<string, { until: number; value: Output }>();
    caches.set(deps, cache);
    const hit = cache.get(key);
    const data: Output = hit && hit.until > Date.now() ? hit.value : await load(deps, principal, wanted);
    if (!hit || hit.value !== data) cache.set(key, { until: Date.now() + TTL_MS, value: data });

    const found = new Set(data.tables.map((t) => t.table_name));
    const missing = wanted.filter((n) => !found.has(n));
    if (missing.length > 0) {
      throw new AppError('BAD_INPUT', `Unknown table(s): ${missing.map((m) => JSON.stringify(m.slice(0, 60))).join(', ')}. Call without table_names to list the tables you may read.`);
    }
    const lines = data.tables.map((t) => `retail.${t.table_name}(${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
    return { data, text: `${lines.join('\n')}\n${fenceUntrusted(JSON.stringify(data.scoped_values))}` };
  },
});

async function load(deps: ToolDeps, principal: { userId: string }, wanted: string[]): Promise<Output> {
  return deps.withTenant(principal, async (tx) => {
    const [tables, [values]] = await Promise.all([
      tx.unsafe(sqlFile('table-schemas'), [wanted]),
      tx.unsafe(sqlFile('scoped-values'), [], { simple: false } as never),
    ]);
    return { tables: [...tables] as unknown as Output['tables'], scoped_values: values as unknown as Output['scoped_values'] };
  });
}
