// Each role sees exactly its stores through execute_sales_query, on every store-data table, through
// every path a client can take (in memory and HTTP, both protocol eras).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestUsers, sorted, storeDataTables, type TestUsers } from '../support/fixtures.js';
import { EVERY_VIA, type Harness, openHarness, setup, type Via } from '../support/harness.js';

let h: Harness;
let users: TestUsers;
let tables: string[];
const READER_ROLES = ['retail_reader', 'retail_scoped_reader', 'retail_store_reader', 'retail_head_office_reader'];

beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
  tables = await storeDataTables(h.admin);
});
afterAll(() => h.close());

async function visibleStoreIds(userId: string, table: string, via: Via): Promise<number[]> {
  const { callTool, close } = await setup(h, userId, via);
  try {
    const r = await callTool('execute_sales_query', {
      postgresql_query: `select distinct store_id from retail.${table} where store_id is not null`,
      max_rows: 1000,
    });
    expect(r.isError, r.text).toBe(false);
    return sorted(r.structured.rows.map((row: { store_id: number }) => row.store_id));
  } finally {
    await close();
  }
}

describe.each(EVERY_VIA)('tenant isolation through execute_sales_query, via %s', (via) => {
  it('covers every table that holds store data', () => {
    expect(tables).toEqual(expect.arrayContaining(['stores', 'app_users', 'customers', 'inventory', 'orders', 'order_items']));
  });

  it('a store manager sees only their own store, on every store-data table', async () => {
    for (const manager of users.storeManagers.slice(0, 3)) {
      for (const table of tables) {
        expect(await visibleStoreIds(manager.user_id, table, via), `${manager.email} on ${table}`).toEqual(manager.store_ids);
      }
    }
  });

  it('a regional manager sees exactly the stores of their region', async () => {
    for (const regional of users.regionalManagers) {
      for (const table of ['stores', 'orders', 'order_items', 'inventory', 'customers']) {
        expect(await visibleStoreIds(regional.user_id, table, via), `${regional.email} on ${table}`).toEqual(sorted(regional.store_ids));
      }
    }
  });

  it('head office sees all stores', async () => {
    expect(await visibleStoreIds(users.headOffice.user_id, 'orders', via)).toEqual(sorted(users.allStoreIds));
    expect(users.allStoreIds.length).toBeGreaterThanOrEqual(20);
  });

  it('the counts a store manager sees match the owner view of that store', async () => {
    const manager = users.storeManagers[0]!;
    const [truth] = await h.admin.begin(async (tx) => {
      await tx`set local role retail_owner`;
      return tx<{ n: string }[]>`select count(*)::text as n from retail.order_items where store_id = ${manager.store_ids[0]!}`;
    });
    const { callTool, close } = await setup(h, manager.user_id, via);
    const r = await callTool('execute_sales_query', { postgresql_query: 'select count(*) as n from retail.order_items' });
    await close();
    expect(r.structured.rows[0].n).toBe(truth!.n);
    expect(Number(truth!.n)).toBeGreaterThan(0);
  });

  it('an unknown user and a disabled user are refused with FORBIDDEN', async () => {
    await expect(h.auth.resolvePrincipal('00000000-0000-4000-8000-00000000dead')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(h.auth.resolvePrincipal(users.disabled.user_id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a disabled user sees no rows even with a valid sealed context', async () => {
    const rows = await h.withTenant({ userId: users.disabled.user_id }, (tx) => tx`select count(*)::int as n from retail.orders`);
    expect(rows[0]!.n).toBe(0);
  });

  it('a context with no user, or a forged seal, sees no rows as any reader role (fails closed)', async () => {
    for (const role of READER_ROLES) {
      const forged = await h.app.begin('read only', async (tx) => {
        await tx`select set_config('role', ${role}, true), set_config('app.current_rls_user_id', ${users.headOffice.user_id}, true),
                        set_config('app.current_rls_nonce', 'n', true), set_config('app.current_rls_seal', ${'0'.repeat(64)}, true)`;
        return tx`select count(*)::int as n from retail.orders`;
      });
      expect(forged[0]!.n, role).toBe(0);
      const none = await h.app.begin('read only', async (tx) => {
        await tx`select set_config('role', ${role}, true)`;
        return tx`select count(*)::int as n from retail.orders`;
      });
      expect(none[0]!.n, role).toBe(0);
    }
  });
});

// Migration 019: head office reads as retail_head_office_reader (one check per statement), a store
// manager as retail_store_reader (store_id = their store), anyone else as retail_scoped_reader
// (store_id = any(visible stores)). The role only picks a policy; each checks the sealed caller.
describe('the reader roles', () => {
  const rowsPerTable = async (who: { userId: string; role?: string }) =>
    h.withTenant(who, async (tx) => {
      const counts: Record<string, number> = {};
      for (const t of tables) counts[t] = (await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from retail.${t}`))[0]!.n;
      return counts;
    });

  it('head office and a store manager see exactly the same rows of every store-data table through their own role as through the scoped one', async () => {
    for (const u of [users.headOffice, users.storeManagers[0]!]) {
      const own = await rowsPerTable({ userId: u.user_id, role: u.role });
      expect(own, u.email).toEqual(await rowsPerTable({ userId: u.user_id }));
      expect(
        Object.values(own).every((n) => n > 0),
        u.email,
      ).toBe(true);
    }
    const truth = await h.admin.begin(async (tx) => {
      await tx`set local role retail_owner`;
      const counts: Record<string, number> = {};
      for (const t of tables.filter((t) => t !== 'app_users'))
        counts[t] = (await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from retail.${t}`))[0]!.n;
      return counts;
    });
    const headOffice = await rowsPerTable({ userId: users.headOffice.user_id, role: 'head_office' });
    for (const [t, n] of Object.entries(truth)) expect(headOffice[t], t).toBe(n);
  });

  it('a caller given the reader of another role (stale or wrong) sees nothing beyond the app_users rows it may see anyway', async () => {
    const callers = [users.headOffice, users.regionalManagers[0]!, users.storeManagers[0]!, users.disabled];
    for (const u of callers) {
      const scoped = await rowsPerTable({ userId: u.user_id });
      for (const claimed of ['head_office', 'store_manager'].filter((r) => r !== u.role || !u.is_active)) {
        const seen = await rowsPerTable({ userId: u.user_id, role: claimed });
        // app_users keeps the per-store policy for every reader role (019); the other tables show nothing.
        for (const t of tables) expect(seen[t], `${u.email} as ${claimed} on ${t}`).toBe(t === 'app_users' ? scoped[t] : 0);
      }
    }
  });
});
