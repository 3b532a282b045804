// One tools/call pipeline: bad input, an unknown tool, a refused query and a good call give the same
// answer on every path (in memory through the stdio entry, HTTP's fast path for 2025-era calls, and
// the SDK's handler for 2026-07-28 calls), and the content is the compact, fenced CSV form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { EVERY_VIA, type Harness, openHarness, setup, type Via } from '../support/harness.js';

let h: Harness;
let users: TestUsers;

beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
});
afterAll(() => h.close());

/** A call's outcome with the per-call random fence marker blanked, so paths can be compared. */
async function outcomes(via: Via) {
  const { client, callTool, close } = await setup(h, users.storeManagers[0]!.user_id, via);
  try {
    const unknown = await client.callTool({ name: 'drop_all_tables', arguments: {} }).then(
      (r) => ({ result: r }),
      (err: { code?: number; message?: string }) => ({ protocolError: err.code }),
    );
    const blank = (text: string) => text.replace(/untrusted-data-[0-9a-f]+/g, 'untrusted-data-X');
    const pick = async (name: string, args: Record<string, unknown>) => {
      const r = await callTool(name, args);
      return { isError: r.isError, error: r.error, text: blank(r.text), structured: r.structured };
    };
    return {
      unknown,
      badInput: await pick('execute_sales_query', { postgresql_query: 42 }),
      missingArgument: await pick('execute_sales_query', {}),
      refused: await pick('execute_sales_query', { postgresql_query: 'delete from retail.orders' }),
      good: await pick('execute_sales_query', { postgresql_query: 'select store_id, count(*) as orders from retail.orders group by store_id' }),
      tools: (await client.listTools()).tools.map((t) => t.name).sort(),
    };
  } finally {
    await close();
  }
}

describe('one tools/call pipeline on every path', () => {
  let byVia: Record<string, Awaited<ReturnType<typeof outcomes>>>;
  beforeAll(async () => {
    byVia = {};
    for (const via of EVERY_VIA) byVia[via] = await outcomes(via);
  });

  it('every path gives identical answers to bad input, an unknown tool, a refused query and a good call', () => {
    const reference = byVia[EVERY_VIA[0]!];
    for (const via of EVERY_VIA.slice(1)) expect(byVia[via], via).toEqual(reference);
  });

  it('an unknown tool is a -32602 protocol error, not a result', () => {
    expect(byVia['http-2025']!.unknown).toEqual({ protocolError: -32602 });
  });

  it('bad arguments are a BAD_INPUT tool error naming the field', () => {
    const { badInput, missingArgument } = byVia['http-2025']!;
    expect(badInput.isError).toBe(true);
    expect(badInput.error).toMatchObject({ code: 'BAD_INPUT', retryable: false });
    expect(badInput.error?.message).toContain('postgresql_query');
    expect(missingArgument.error).toMatchObject({ code: 'BAD_INPUT' });
  });

  it('a refused query is SQL_REJECTED, with no SQL text in the message', () => {
    const { refused } = byVia['http-2025']!;
    expect(refused.error).toMatchObject({ code: 'SQL_REJECTED' });
    expect(refused.error?.message).not.toMatch(/delete from/i);
  });

  it('content is a summary line and a fenced CSV table with its header once; structuredContent keeps typed rows', () => {
    const { good } = byVia['http-2025']!;
    expect(good.isError).toBe(false);
    const [summary, open, header, ...rest] = good.text.split('\n');
    expect(summary).toBe('1 row(s).');
    expect(open).toBe('<untrusted-data-X>');
    expect(header).toBe('store_id,orders');
    expect(rest.at(-1)).toBe('</untrusted-data-X>');
    const [row] = good.structured.rows;
    expect(rest[0]).toBe(`${row.store_id},${row.orders}`);
    expect(good.structured.columns).toEqual([
      { name: 'store_id', type: 'integer' },
      { name: 'orders', type: 'bigint' },
    ]);
    expect(row.store_id).toBe(users.storeManagers[0]!.store_ids[0]);
  });
});
