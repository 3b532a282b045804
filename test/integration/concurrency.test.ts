// Many interleaved calls by different users on a small pool never see each other's rows, and
// afterwards no pooled connection carries any tenant setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, setup, type Harness } from '../support/harness.js';
import { loadTestUsers, sorted, type TestUsers } from '../support/fixtures.js';

const POOL = 3;
let h: Harness;
let users: TestUsers;

beforeAll(async () => {
  h = await openHarness({ poolMax: POOL });
  users = await loadTestUsers(h.admin);
});
afterAll(() => h.close());

describe('concurrent tenants on a small pool', () => {
  it('200 interleaved calls by 8 users each see exactly their own stores', async () => {
    const cast = [...users.storeManagers.slice(0, 5), ...users.regionalManagers.slice(0, 2), users.headOffice];
    const sessions = await Promise.all(cast.map(async (u) => ({ user: u, ...(await setup(h, u.user_id)) })));
    const calls = Array.from({ length: 200 }, (_, i) => sessions[i % sessions.length]!);
    const results = await Promise.all(
      calls.map(async (s) => {
        const r = await s.callTool('execute_sales_query', { postgresql_query: 'select array_agg(distinct store_id order by store_id) as ids from retail.order_items' });
        return { expected: sorted(s.user.store_ids), seen: r.structured.rows?.[0]?.ids, error: r.isError ? r.text : null };
      }),
    );
    for (const r of results) {
      expect(r.error).toBeNull();
      expect(r.seen).toEqual(r.expected);
    }
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('afterwards, no pooled connection carries a tenant setting or a role', async () => {
    // Reserve every connection in the pool at once, so each one is inspected.
    const reserved = await Promise.all(Array.from({ length: POOL }, () => h.app.reserve()));
    try {
      for (const c of reserved) {
        const [row] = await c`select coalesce(current_setting('app.current_rls_user_id', true), '') as uid,
                                     coalesce(current_setting('app.current_rls_seal', true), '') as seal,
                                     current_user = session_user as own_role`;
        expect(row).toEqual({ uid: '', seal: '', own_role: true });
      }
    } finally {
      reserved.forEach((c) => c.release());
    }
  });
});
