// The acceptance attack, and the database holding by itself with the parser guard off:
// rewriting app.current_rls_user_id or the role from the model's SQL never widens what it sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup } from '../support/harness.js';

let guarded: Harness;
let unguarded: Harness;
let users: TestUsers;

beforeAll(async () => {
  guarded = await openHarness();
  unguarded = await openHarness({ sqlGuard: false });
  users = await loadTestUsers(guarded.admin);
});
afterAll(async () => {
  await guarded.close();
  await unguarded.close();
});

const attacks = (other: string) => [
  `select distinct store_id from retail.orders, query_to_xml('select set_config(''app.current_rls_user_id'', ''${other}'', true)', true, false, '') x`,
  `select set_config('app.current_rls_user_id', '${other}', true) as s, (select array_agg(distinct store_id) from retail.orders) as store_id`,
  `with x as (select set_config('app.current_rls_user_id', '${other}', true)) select distinct o.store_id from x, retail.orders o`,
  `select distinct store_id from retail.orders where (select query_to_xml('select set_config(''role'', ''none'', true)', true, false, '')) is not null`,
  `select set_config('role', 'none', true) as r, (select array_agg(distinct store_id) from retail.orders) as store_id`,
  `select distinct store_id from retail.orders, ts_stat('select to_tsvector(set_config(''app.current_rls_user_id'', ''${other}'', true))') t`,
];

/** What a store id column holds, whether a scalar or an aggregated array. */
const seenStoreIds = (rows: Array<{ store_id: unknown }>) =>
  rows.flatMap((r) => (Array.isArray(r.store_id) ? r.store_id : [r.store_id])).filter((x) => x !== null);

describe('the sealed tenant context', () => {
  it("the issue's acceptance attack: query_to_xml + set_config sees nothing more (guard on)", async () => {
    const manager = users.storeManagers[0]!;
    const { callTool, close } = await setup(guarded, manager.user_id);
    const plain = await callTool('execute_sales_query', { postgresql_query: 'select distinct store_id from retail.orders' });
    expect(plain.structured.rows).toEqual([{ store_id: manager.store_ids[0] }]);
    for (const sql of attacks(users.headOffice.user_id)) {
      const r = await callTool('execute_sales_query', { postgresql_query: sql });
      expect(r.isError, sql).toBe(true);
      expect(r.error?.code).toBe('SQL_REJECTED');
    }
    await close();
  });

  it('with the parser guard off, the database alone still leaks nothing', async () => {
    const manager = users.storeManagers[1]!;
    const { callTool, close } = await setup(unguarded, manager.user_id);
    for (const sql of attacks(users.headOffice.user_id)) {
      const r = await callTool('execute_sales_query', { postgresql_query: sql });
      if (r.isError) {
        expect(['FORBIDDEN', 'QUERY_FAILED'], `${sql}: ${r.text}`).toContain(r.error?.code);
        expect(r.text).not.toContain(users.headOffice.user_id);
      } else {
        expect(seenStoreIds(r.structured.rows), sql).toEqual(expect.arrayContaining([]));
        for (const id of seenStoreIds(r.structured.rows)) expect(manager.store_ids, sql).toContain(id);
      }
    }
    // The server still serves, and the next call on the pool is clean.
    const after = await callTool('execute_sales_query', { postgresql_query: 'select distinct store_id from retail.orders' });
    expect(after.structured.rows).toEqual([{ store_id: manager.store_ids[0] }]);
    await close();
  });

  it('the reader role cannot call set_config at all (EXECUTE revoked from PUBLIC)', async () => {
    const [row] = await guarded.admin.begin(
      (tx) => tx`select has_function_privilege('retail_reader', 'pg_catalog.set_config(text,text,boolean)', 'EXECUTE') as can`,
    );
    expect(row!.can).toBe(false);
  });

  it('no login role can read the seal key', async () => {
    const [row] = await guarded.admin.begin(
      (tx) => tx`select has_table_privilege('retail_app', 'retail_private.seal_key', 'SELECT') as app,
                                             has_table_privilege('retail_reader', 'retail_private.seal_key', 'SELECT') as reader`,
    );
    expect(row).toEqual({ app: false, reader: false });
  });
});
