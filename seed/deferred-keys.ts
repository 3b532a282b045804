// Bulk loads go faster with a table's foreign keys and secondary indexes out of the way: each key is
// then checked once, at the end, and each index is built once, sorted (in parallel on PostgreSQL),
// instead of row by row. Everything is put back exactly as the catalog had it, in the same
// transaction, so nobody ever sees the tables without them.
import type postgres from 'postgres';

type Tx = postgres.TransactionSql;

export interface DeferOptions {
  /**
   * Also the primary keys that only these tables' own foreign keys reference. Only for a load that
   * reads nothing back by key while it runs (the summary triggers join orders by order_id).
   */
  primaryKeys?: boolean;
}

/**
 * Drops the foreign keys and the secondary indexes (not those behind a primary key or unique
 * constraint) of these tables, and optionally their primary keys, as their owner, and returns the
 * function that recreates them (primary keys, indexes, then foreign keys), each with its own name
 * and definition.
 */
export async function deferKeysAndIndexes(tx: Tx, tables: readonly string[], options: DeferOptions = {}): Promise<() => Promise<void>> {
  const relations = tables.map((t) => `retail.${t}`);
  const keys = (await tx`
    select format('alter table %s drop constraint %I', c.conrelid::regclass, c.conname) as drop,
           format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) as restore
      from pg_constraint c
     where c.contype = 'f' and c.conrelid = any (select to_regclass(t) from unnest(${relations}::text[]) t)
     order by c.conrelid::regclass::text, c.conname`) as unknown as { drop: string; restore: string }[];
  // A primary key referenced from any other table stays: its foreign key would have to go too.
  const primaryKeys = options.primaryKeys
    ? ((await tx`
    with loaded as (select to_regclass(t) as rel from unnest(${relations}::text[]) t)
    select format('alter table %s drop constraint %I', c.conrelid::regclass, c.conname) as drop,
           format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) as restore
      from pg_constraint c
     where c.contype = 'p' and c.conrelid in (select rel from loaded)
       and not exists (select 1 from pg_constraint f
                        where f.contype = 'f' and f.confrelid = c.conrelid and f.conrelid not in (select rel from loaded))
     order by c.conrelid::regclass::text`) as unknown as { drop: string; restore: string }[])
    : [];
  const indexes = (await tx`
    select format('drop index %s', i.indexrelid::regclass) as drop, pg_get_indexdef(i.indexrelid) as restore
      from pg_index i
     where i.indrelid = any (select to_regclass(t) from unnest(${relations}::text[]) t)
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by i.indexrelid::regclass::text`) as unknown as { drop: string; restore: string }[];
  for (const k of keys) await tx.unsafe(k.drop);
  for (const p of primaryKeys) await tx.unsafe(p.drop);
  for (const x of indexes) await tx.unsafe(x.drop);
  return async () => {
    for (const p of primaryKeys) await tx.unsafe(p.restore);
    for (const x of indexes) await tx.unsafe(x.restore);
    for (const k of keys) await tx.unsafe(k.restore);
  };
}
