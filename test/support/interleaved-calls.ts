// Many interleaved execute_sales_query calls by users of every role, each returning what it saw
// and what it should have seen; the isolation tests (direct pool, PgBouncer) assert on the results.

import { sorted, type TestUsers } from './fixtures.js';
import { type Harness, setup } from './harness.js';

export interface InterleavedResult {
  expected: number[];
  seen: unknown;
  error: string | null;
}

export async function runInterleavedCalls(h: Harness, users: TestUsers, calls = 200): Promise<InterleavedResult[]> {
  const cast = [...users.storeManagers.slice(0, 5), ...users.regionalManagers.slice(0, 2), users.headOffice];
  const sessions = await Promise.all(cast.map(async (u) => ({ user: u, ...(await setup(h, u.user_id)) })));
  try {
    return await Promise.all(
      Array.from({ length: calls }, (_, i) => sessions[i % sessions.length]!).map(async (s) => {
        const r = await s.callTool('execute_sales_query', {
          postgresql_query: 'select array_agg(distinct store_id order by store_id) as ids from retail.order_items',
        });
        return { expected: sorted(s.user.store_ids), seen: r.structured.rows?.[0]?.ids, error: r.isError ? r.text : null };
      }),
    );
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}
