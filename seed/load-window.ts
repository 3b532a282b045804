// What the PostgreSQL COPY load relaxes on the big tables for the length of its transaction, and
// puts back before it commits (the tables are locked meanwhile, so nobody sees them relaxed):
// - FORCE ROW LEVEL SECURITY, so retail_owner may COPY straight into its own tables (PostgreSQL
//   refuses COPY FROM into a table whose RLS applies to the current user). The owner's policy lets
//   it write every row anyway, so the rows are the same;
// - the triggers that keep retail.sales_daily_store (migration 012), whose rows the seed writes
//   itself (daily-summary.ts);
// - foreign keys, secondary indexes and primary keys (deferred-keys.ts).
import type postgres from 'postgres';
import { deferKeysAndIndexes } from './deferred-keys.js';

type Tx = postgres.TransactionSql;

/** The summary triggers by table: named, so a renamed trigger fails the seed instead of double-counting. */
const SUMMARY_TRIGGERS: [table: string, trigger: string][] = [
  ['orders', 'sales_daily_store_orders'],
  ['order_items', 'sales_daily_store_lines'],
];

export async function openLoadWindow(tx: Tx, tables: readonly string[]): Promise<() => Promise<void>> {
  const forced = (await tx`
    select c.relname as name from pg_class c
     where c.relnamespace = 'retail'::regnamespace and c.relname = any (${tables as string[]}::text[]) and c.relforcerowsecurity
     order by 1`) as unknown as { name: string }[];
  for (const { name } of forced) await tx.unsafe(`alter table retail.${name} no force row level security`);
  for (const [table, trigger] of SUMMARY_TRIGGERS) await tx.unsafe(`alter table retail.${table} disable trigger ${trigger}`);
  const restoreKeys = await deferKeysAndIndexes(tx, tables, { primaryKeys: true });
  return async () => {
    // Until the end of the transaction only: room to sort in memory and for PostgreSQL's parallel
    // index builds (32 MB per participant), and for the hash joins that check each foreign key
    // (measured at scale 7: the order_id check 1.8 s with the default 4 MB, 1.3 s with this).
    await tx`set local maintenance_work_mem = '256MB'`;
    await tx`set local work_mem = '256MB'`;
    await restoreKeys();
    for (const [table, trigger] of SUMMARY_TRIGGERS) await tx.unsafe(`alter table retail.${table} enable trigger ${trigger}`);
    for (const { name } of forced) await tx.unsafe(`alter table retail.${name} force row level security`);
  };
}
