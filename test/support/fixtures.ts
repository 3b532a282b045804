// Users and their expected scope, read as the owner (outside RLS), so tests compare what a caller
// sees through the tools against an independent source of truth.
import { listUsers, type UserRow } from '../../src/cli/user-directory.js';
import type { Sql } from '../../src/db/client.js';

export interface TestUsers {
  all: UserRow[];
  storeManagers: UserRow[];
  regionalManagers: UserRow[];
  headOffice: UserRow;
  disabled: UserRow;
  allStoreIds: number[];
}

export async function loadTestUsers(admin: Sql): Promise<TestUsers> {
  const all = await listUsers(admin);
  const active = all.filter((u) => u.is_active);
  const headOffice = active.find((u) => u.role === 'head_office');
  const disabled = all.find((u) => !u.is_active);
  if (!headOffice || !disabled) throw new Error('The seed must include a head-office user and a disabled user.');
  return {
    all,
    storeManagers: active.filter((u) => u.role === 'store_manager'),
    regionalManagers: active.filter((u) => u.role === 'regional_manager'),
    headOffice,
    disabled,
    allStoreIds: headOffice.store_ids,
  };
}

/** Tables in schema retail that carry a store_id column, read from the catalogue. Test queries
 * run in transactions: pglite-socket can interleave two connections' non-transactional queries. */
export async function storeDataTables(admin: Sql): Promise<string[]> {
  const rows = await admin.begin(
    (tx) => tx<{ table_name: string }[]>`
    select c.relname as table_name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'store_id' and not a.attisdropped
     where n.nspname = 'retail' and c.relkind in ('r', 'p') order by 1`,
  );
  return rows.map((r) => r.table_name);
}

export const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);
