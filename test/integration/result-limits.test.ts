// The result limits of execute_sales_query end to end: the row cap with its honest +1 probe, the
// configured maximum, the byte cap (whole rows only, counted in UTF-8 bytes), RESULT_TOO_LARGE for a
// single oversized row, and the statement timeout, each leaving the server ready for the next call.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup } from '../support/harness.js';

const MAX_BYTES = 4096;
let h: Harness;
let users: TestUsers;
let call: (sql: string, maxRows?: number) => ReturnType<Awaited<ReturnType<typeof setup>>['callTool']>;
let close: () => Promise<void>;
const pglite = inject('backend').kind === 'pglite';

beforeAll(async () => {
  h = await openHarness({ env: { ROW_LIMIT_DEFAULT: '20', ROW_LIMIT_MAX: '50', RESULT_MAX_BYTES: String(MAX_BYTES), STATEMENT_TIMEOUT_MS: '500' } });
  users = await loadTestUsers(h.admin);
  const s = await setup(h, users.storeManagers[0]!.user_id);
  call = (sql, maxRows) => s.callTool('execute_sales_query', { postgresql_query: sql, ...(maxRows !== undefined ? { max_rows: maxRows } : {}) });
  close = s.close;
});
afterAll(async () => {
  await close?.();
  await h?.close();
});

/** The server still answers a normal query correctly after whatever came before. */
async function expectStillServing(): Promise<void> {
  const r = await call('select array_agg(distinct store_id) as ids from retail.orders');
  expect(r.isError, r.text).toBe(false);
  expect(r.structured.rows[0].ids).toEqual(users.storeManagers[0]!.store_ids);
}

describe('the row cap', () => {
  it('returns max_rows rows and says it truncated, when there were more', async () => {
    const r = await call('select n from generate_series(1, 500) n', 10);
    expect(r.structured).toMatchObject({ row_count: 10, truncated: true, truncated_reason: 'rows' });
    expect(r.structured.rows.map((x: { n: number }) => x.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.text).toMatch(/truncated by the rows cap/i);
  });

  it('does not claim truncation when the result has exactly max_rows rows (the +1 probe)', async () => {
    const r = await call('select n from generate_series(1, 10) n', 10);
    expect(r.structured).toMatchObject({ row_count: 10, truncated: false });
    expect(r.structured).not.toHaveProperty('truncated_reason');
  });

  it('applies ROW_LIMIT_DEFAULT without max_rows, and ROW_LIMIT_MAX over any max_rows asked for', async () => {
    expect((await call('select n from generate_series(1, 500) n')).structured).toMatchObject({ row_count: 20, truncated: true });
    expect((await call('select n from generate_series(1, 500) n', 100_000)).structured).toMatchObject({ row_count: 50, truncated: true });
  });

  it('keeps the ORDER BY of a grouped, DISTINCT or self-limited query and truncates it honestly', async () => {
    const grouped = await call('select n % 50 as k, count(*)::int as c from generate_series(1, 500) n group by 1 order by 1 desc', 10);
    expect(grouped.structured).toMatchObject({ row_count: 10, truncated: true, truncated_reason: 'rows' });
    expect(grouped.structured.rows).toEqual([49, 48, 47, 46, 45, 44, 43, 42, 41, 40].map((k) => ({ k, c: 10 })));
    const distinct = await call('select distinct n % 7 as k from generate_series(1, 500) n order by 1 desc', 3);
    expect(distinct.structured).toMatchObject({ row_count: 3, truncated: true });
    expect(distinct.structured.rows.map((x: { k: number }) => x.k)).toEqual([6, 5, 4]);
    // Its own LIMIT at the cap is not a truncation; above the cap it is.
    const exact = await call('select n from generate_series(1, 500) n order by n desc limit 10;', 10);
    expect(exact.structured).toMatchObject({ row_count: 10, truncated: false });
    expect(exact.structured.rows.map((x: { n: number }) => x.n)).toEqual([500, 499, 498, 497, 496, 495, 494, 493, 492, 491]);
    expect((await call('select n from generate_series(1, 500) n order by n desc limit 11', 10)).structured).toMatchObject({ row_count: 10, truncated: true });
  });

  it('refuses a max_rows below 1 as bad input', async () => {
    const r = await call('select 1', 0);
    expect(r.isError).toBe(true);
    expect(r.error?.code).toBe('BAD_INPUT');
  });
});

describe('the byte cap', () => {
  it('stops at whole rows before the cap and reports truncated_reason "bytes"', async () => {
    const r = await call(`select n, repeat('x', 200) as pad from generate_series(1, 40) n`, 50);
    expect(r.structured).toMatchObject({ truncated: true, truncated_reason: 'bytes' });
    const rows = r.structured.rows as { n: number; pad: string }[];
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows.every((row) => row.pad.length === 200)).toBe(true);
    expect(rows.map((row) => row.n)).toEqual(rows.map((_, i) => i + 1));
    const bytes = 2 + rows.reduce((sum, row) => sum + Buffer.byteLength(JSON.stringify(row)) + 1, 0);
    expect(bytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(r.text).toMatch(/truncated by the bytes cap/i);
  });

  it('counts UTF-8 bytes, not characters', async () => {
    const ascii = await call(`select repeat('e', 100) as s from generate_series(1, 40)`, 50);
    const accented = await call(`select repeat('é', 100) as s from generate_series(1, 40)`, 50);
    expect(accented.structured.row_count).toBeLessThan(ascii.structured.row_count);
  });

  it('refuses a single row larger than the cap with RESULT_TOO_LARGE, and keeps serving', async () => {
    for (const sql of [`select repeat('x', ${MAX_BYTES * 2}) as x`, `select string_agg(repeat('x', 100), '') as x from generate_series(1, 100)`]) {
      const r = await call(sql);
      expect(r.error).toEqual({
        code: 'RESULT_TOO_LARGE',
        message: `A single row is larger than the ${MAX_BYTES}-byte result cap; select fewer or shorter columns.`,
        retryable: false,
      });
      await expectStillServing();
    }
  });

  it('refuses a 20 MB value the same way (it is measured after it arrives; see SECURITY.md)', async () => {
    // Building and sending 20 MB takes the embedded engine up to a few seconds, past this file's
    // 500 ms statement timeout, which the embedded mode now enforces: a harness with a longer one.
    const slow = await openHarness({ env: { RESULT_MAX_BYTES: String(MAX_BYTES), STATEMENT_TIMEOUT_MS: '15000' } });
    const s = await setup(slow, users.storeManagers[0]!.user_id);
    try {
      const r = await s.callTool('execute_sales_query', { postgresql_query: `select repeat('x', 20000000) as x` });
      expect(r.error?.code, r.text).toBe('RESULT_TOO_LARGE');
    } finally {
      await s.close();
      await slow.close();
    }
    await expectStillServing();
  });
});

describe.skipIf(pglite)('the statement timeout (PostgreSQL; the embedded engine is tested in embedded-timeout.test.ts, where each timeout restarts it)', () => {
  it('cancels a long query with QUERY_TIMEOUT, retryable, without quoting it', async () => {
    const started = Date.now();
    const r = await call('select count(*) from generate_series(1, 10000000000) n');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.error).toEqual({
      code: 'QUERY_TIMEOUT',
      message: 'The query ran longer than the statement timeout and was cancelled. Narrow it (dates, stores, LIMIT) and try again.',
      retryable: true,
    });
    await expectStillServing();
  });

  it('holds for a query that streams rows slowly, not only for one that computes long', async () => {
    const r = await call('select n from generate_series(1, 100000000) n where n % 50000000 = 0', 10);
    expect(r.error?.code).toBe('QUERY_TIMEOUT');
    await expectStillServing();
  });

  it('is per transaction: ten timeouts in a row leave every pooled connection usable', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call('with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t')),
    );
    expect(results.map((r) => r.error?.code)).toEqual(Array(10).fill('QUERY_TIMEOUT'));
    await Promise.all(Array.from({ length: 8 }, () => expectStillServing()));
  });
});
