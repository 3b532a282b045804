// get_multiple_table_schemas' cache, with a fake database: the model's table_names are validated
// against the scope's full answer and never become a cache key, the cache holds at most
// MAX_CACHED_SCOPES store sets (least recently used out), loads are shared, failures are not kept.
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { AppError } from '../../src/errors.js';
import { getMultipleTableSchemas, MAX_CACHED_SCOPES } from '../../src/tools/get-multiple-table-schemas.js';
import type { ToolDeps } from '../../src/tools/tool.js';

const TABLES = ['customers', 'order_items', 'orders', 'products', 'stores'].map((t) => ({
  table_name: t,
  description: `the ${t}`,
  columns: [{ name: `${t}_id`, type: 'integer', nullable: false }],
  primary_key: [`${t}_id`],
  foreign_keys: [],
}));

/**
 * A fake withTenant that answers the tool's two queries the way the SQL files do: the stores are the
 * ones the database says the user sees now (`storesNow`), by default the principal's own.
 */
function fakeDeps(o: { failFirst?: number; delayMs?: number; storesNow?: Record<string, number[]> } = {}) {
  const loads: string[] = [];
  let failures = o.failFirst ?? 0;
  const txFor = (storeIds: number[]) => ({
    unsafe: async (text: string, params: unknown[] = []) => {
      if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
      if (/pg_attribute/.test(text)) {
        const wanted = params[0] as string[];
        return TABLES.filter((t) => wanted.length === 0 || wanted.includes(t.table_name));
      }
      const stores = storeIds.map((id) => ({ store_id: id, store_name: `Store ${id}`, is_online: false }));
      return [{ stores, categories: ['Footwear'], order_dates: { first: '2024-01-01', last: '2024-12-31' } }];
    },
  });
  const deps = {
    withTenant: async (p: { userId: string; storeIds: number[] }, fn: (t: ReturnType<typeof txFor>) => Promise<unknown>) => {
      loads.push(p.userId);
      if (failures > 0) {
        failures--;
        throw new AppError('DB_UNAVAILABLE', 'The database is not reachable.');
      }
      return fn(txFor(o.storesNow?.[p.userId] ?? p.storeIds));
    },
  } as unknown as ToolDeps;
  return { deps, loads };
}

const principal = (storeIds: number[], userId = `user-${storeIds.join('-')}`): Principal => ({
  userId,
  email: `${userId}@example.test`,
  role: 'store_manager',
  storeIds,
});

async function call(deps: ToolDeps, p: Principal, table_names?: string[]) {
  const r = await getMultipleTableSchemas.run({ deps, principal: p, facts: {} } as never, { table_names } as never);
  return (r as { data: { tables: { table_name: string }[]; scoped_values: unknown } }).data;
}

async function badInput(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('BAD_INPUT');
  return err as AppError;
}

describe('get_multiple_table_schemas cache', () => {
  it('filters one cached full answer per scope; table_names never make a new entry', async () => {
    const { deps, loads } = fakeDeps();
    const me = principal([1]);
    expect((await call(deps, me)).tables.map((t) => t.table_name)).toEqual(TABLES.map((t) => t.table_name));
    const some = await call(deps, me, ['retail.Orders', ' stores', 'orders']);
    expect(some.tables.map((t) => t.table_name)).toEqual(['orders', 'stores']);
    expect(some.scoped_values).toMatchObject({ categories: ['Footwear'] });
    // A model that makes up names: each is refused, and none costs a load or an entry.
    for (let i = 0; i < 2000; i++) {
      const err = await badInput(call(deps, me, ['orders', `no_such_table_${i}`]));
      expect(err.message).toContain(`no_such_table_${i}`);
    }
    for (let i = 0; i < 200; i++)
      await call(
        deps,
        me,
        TABLES.slice(i % 5).map((t) => t.table_name),
      );
    expect(loads).toHaveLength(1);
  });

  it('refuses unknown names before anything else, with the names quoted and cut short', async () => {
    const { deps } = fakeDeps();
    const err = await badInput(call(deps, principal([1]), [`x${'y'.repeat(99)}`, 'orders']));
    expect(err.message).toContain(`"x${'y'.repeat(59)}"`);
    expect(err.message).not.toContain('y'.repeat(61));
  });

  it('keeps scopes apart, and shares a scope between callers with the same role and store set', async () => {
    const { deps, loads } = fakeDeps();
    await call(deps, principal([1], 'alice'));
    await call(deps, principal([1], 'bob'));
    await call(deps, principal([2], 'carol'));
    await call(deps, { ...principal([1], 'dave'), role: 'regional_manager' });
    expect(loads).toEqual(['alice', 'carol', 'dave']);
  });

  it(`holds at most ${MAX_CACHED_SCOPES} scopes, evicting the least recently used`, async () => {
    const { deps, loads } = fakeDeps();
    const first = principal([0]);
    await call(deps, first);
    for (let i = 1; i < MAX_CACHED_SCOPES; i++) await call(deps, principal([i]));
    expect(loads).toHaveLength(MAX_CACHED_SCOPES);
    await call(deps, first); // still cached: now the most recently used
    expect(loads).toHaveLength(MAX_CACHED_SCOPES);
    await call(deps, principal([MAX_CACHED_SCOPES])); // one too many: evicts [1], not [0]
    await call(deps, first);
    expect(loads).toHaveLength(MAX_CACHED_SCOPES + 1);
    await call(deps, principal([1]));
    expect(loads).toHaveLength(MAX_CACHED_SCOPES + 2);
  });

  it('concurrent misses share one load, and a failed load is not kept', async () => {
    const slow = fakeDeps({ delayMs: 20 });
    await Promise.all(Array.from({ length: 10 }, () => call(slow.deps, principal([7]))));
    expect(slow.loads).toHaveLength(1);

    const flaky = fakeDeps({ failFirst: 1 });
    await expect(call(flaky.deps, principal([7]))).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });
    expect((await call(flaky.deps, principal([7]))).tables).toHaveLength(TABLES.length);
    expect(flaky.loads).toHaveLength(2);
  });

  it('does not share an answer for another store set than the key: a moved manager, while the principal is stale', async () => {
    // The database has moved mover from store 7 to store 8; mover's cached principal still says 7.
    const { deps, loads } = fakeDeps({ storesNow: { mover: [8] } });
    const moved = await call(deps, principal([7], 'mover'));
    expect(moved.scoped_values).toMatchObject({ stores: [{ store_id: 8 }] }); // mover's own, current view
    const other = await call(deps, principal([7], 'stays'));
    expect(other.scoped_values).toMatchObject({ stores: [{ store_id: 7 }] }); // never store 8's row
    expect(await call(deps, principal([7], 'third'))).toEqual(other); // store 7's answer is cached now
    expect(loads).toEqual(['mover', 'stays']);
  });

  it('callers waiting on a load that turns out to be another store set load their own', async () => {
    const { deps, loads } = fakeDeps({ delayMs: 20, storesNow: { mover: [8] } });
    const [moved, waiting] = await Promise.all([call(deps, principal([7], 'mover')), call(deps, principal([7], 'waiting'))]);
    expect(moved.scoped_values).toMatchObject({ stores: [{ store_id: 8 }] });
    expect(waiting.scoped_values).toMatchObject({ stores: [{ store_id: 7 }] });
    expect(loads).toEqual(['mover', 'waiting']);
  });
});
