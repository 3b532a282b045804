// Many interleaved calls by different users on a small pool never see each other's rows, and
// afterwards no pooled connection carries any tenant setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness } from '../support/harness.js';
import { runInterleavedCalls } from '../support/interleaved-calls.js';

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
    const results = await runInterleavedCalls(h, users);
    for (const r of results) {
      expect(r.error).toBeNull();
      expect(r.seen).toEqual(r.expected);
    }
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
