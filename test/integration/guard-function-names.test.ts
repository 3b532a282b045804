// The SQL guard's list of functions PostgreSQL would call through attribute notation (x.f) must hold
// every one-argument function of the database it runs against: one missing would be callable
// without the allow-list's say. On both backends (PostgreSQL here, PGlite 17 embedded).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONE_ARG_FUNCTION_NAMES, ONE_ARG_FUNCTIONS_SQL } from '../../src/sql-guard/one-arg-function-names.js';
import { type Harness, openHarness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('the guard knows every one-argument function of this database', () => {
  it('lists them all (else: npx tsx scripts/guard-function-names.ts <database url>)', async () => {
    const rows = await h.admin.unsafe<{ proname: string }[]>(ONE_ARG_FUNCTIONS_SQL);
    expect(rows.length).toBeGreaterThan(500);
    expect(rows.map((r) => r.proname).filter((n) => !ONE_ARG_FUNCTION_NAMES.has(n))).toEqual([]);
  });
});
