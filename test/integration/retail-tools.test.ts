// The curated retail tools (get_store_performance, get_top_products, get_inventory_alerts,
// compare_stores, get_sales_trend) against independent, hand-written SQL run as the owner with an
// explicit store list, for each role, to the cent. Then scope (a store or region outside it is
// FORBIDDEN, worded the same whether it exists or not), hostile values (clear errors, nothing
// changed), query_metrics' explain (values bound, never in the SQL text) and snapshot metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/cli/user-directory.js';
import { DIMENSIONS } from '../../src/metrics/catalogue.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup, type ToolOutcome } from '../support/harness.js';

let h: Harness;
let users: TestUsers;
/** Every store as the owner sees it: id, name, region. */
let stores: { store_id: number; store_name: string; region: string }[];
beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
  stores = [
    ...(await h.admin.begin(
      (tx) => tx<{ store_id: number; store_name: string; region: string }[]>`
        select s.store_id, s.store_name, r.region_name as region
          from retail.stores s join retail.regions r on r.region_id = s.region_id order by s.store_id`,
    )),
  ];
});
afterAll(() => h?.close());

type Row = Record<string, unknown>;
interface Range {
  from: string;
  to: string;
}

// TEST_AS_OF is 2026-11-01 and the seed ends the day before.
const OCTOBER: Range = { from: '2026-10-01', to: '2026-10-31' };
const OCTOBER_2025: Range = { from: '2025-10-01', to: '2025-10-31' };
const LAST_30_DAYS: Range = { from: '2026-10-02', to: '2026-10-31' };
const LAST_12_MONTHS: Range = { from: '2025-11-01', to: '2026-10-31' };
const LAST_12_MONTHS_BEFORE: Range = { from: '2024-11-01', to: '2025-10-31' };
const LAST_3_MONTHS: Range = { from: '2026-08-01', to: '2026-10-31' };
/** The 28 days before today, for days of cover. */
const RECENT: Range = { from: '2026-10-04', to: '2026-10-31' };

const ROLES = ['head office', 'a regional manager', 'a store manager'] as const;
const userOf = (role: (typeof ROLES)[number]): UserRow =>
  role === 'head office' ? users.headOffice : role === 'a regional manager' ? users.regionalManagers[0]! : users.storeManagers[0]!;

async function asUser<T>(user: UserRow, fn: (call: (tool: string, args?: Row) => Promise<ToolOutcome>) => Promise<T>): Promise<T> {
  const s = await setup(h, user.user_id);
  try {
    return await fn(s.callTool);
  } finally {
    await s.close();
  }
}

async function ok(call: (tool: string, args?: Row) => Promise<ToolOutcome>, tool: string, args: Row = {}): Promise<ToolOutcome> {
  const r = await call(tool, args);
  expect(r.isError, `${tool} ${JSON.stringify(args)}: ${r.text}`).toBe(false);
  return r;
}

const storeNamesOf = (ids: number[]) => stores.filter((s) => ids.includes(s.store_id)).map((s) => s.store_name);

// ---------------------------------------------------------------------------------------------
// Hand-written SQL, run as the owner with an explicit store list.

const HEADLINE = [
  { name: 'net_revenue', decimals: 2, percent: false },
  { name: 'orders', decimals: 0, percent: false },
  { name: 'average_order_value', decimals: 2, percent: false },
  { name: 'units', decimals: 0, percent: false },
  { name: 'customers', decimals: 0, percent: false },
  { name: 'gross_margin_pct', decimals: 2, percent: true },
  { name: 'discount_rate', decimals: 2, percent: true },
];

/**
 * Headline metrics per store for a period and its comparison period, with changes, and the rank by
 * net revenue within region among the given stores. A store with no sales on one side counts zero
 * there (and ratios over zero are empty). Rows ordered by net revenue desc, then store.
 */
async function expectedStorePerformance(storeIds: number[], cur: Range, prev: Range): Promise<Row[]> {
  const long = await h.admin.begin(
    (tx) => tx`
    with sales as (
      select o.store_id, (o.order_date between ${cur.from}::date and ${cur.to}::date) as is_current,
             sum(oi.total_amount) as net, count(distinct o.order_id) as orders, sum(oi.quantity) as units,
             count(distinct o.customer_id) as customers, sum(oi.quantity * oi.unit_price) as gross,
             sum(oi.discount_amount) as disc, sum(oi.quantity * p.cost) as cogs
        from retail.orders o
        join retail.order_items oi on oi.order_id = o.order_id
        join retail.products p on p.product_id = oi.product_id
       where o.store_id = any(${storeIds}::int[])
         and (o.order_date between ${cur.from}::date and ${cur.to}::date or o.order_date between ${prev.from}::date and ${prev.to}::date)
       group by 1, 2),
    cur as (select * from sales where is_current),
    prev as (select * from sales where not is_current),
    both_sides as (
      select s.store_name as store, r.region_name as region,
             coalesce(cur.net, 0) as net, coalesce(cur.orders, 0) as orders, coalesce(cur.units, 0) as units,
             coalesce(cur.customers, 0) as customers, coalesce(cur.gross, 0) as gross, coalesce(cur.disc, 0) as disc,
             coalesce(cur.cogs, 0) as cogs,
             coalesce(prev.net, 0) as p_net, coalesce(prev.orders, 0) as p_orders, coalesce(prev.units, 0) as p_units,
             coalesce(prev.customers, 0) as p_customers, coalesce(prev.gross, 0) as p_gross, coalesce(prev.disc, 0) as p_disc,
             coalesce(prev.cogs, 0) as p_cogs
        from cur full join prev using (store_id)
        join retail.stores s using (store_id)
        join retail.regions r on r.region_id = s.region_id),
    ranked as (
      select *, row_number() over (partition by region order by round(net, 2) desc, store)::int as rank_in_region,
             row_number() over (order by round(net, 2) desc, store, region)::int as position
        from both_sides)
    select store, region, rank_in_region, position, x.metric, round(x.cur, x.decimals)::text as cur,
           round(x.prev, x.decimals)::text as prev, round(x.cur - x.prev, x.decimals)::text as change,
           round((x.cur - x.prev) * 100.0 / nullif(x.prev, 0), 1)::text as change_pct
      from ranked cross join lateral (values
        ('net_revenue', 2, net, p_net),
        ('orders', 0, orders::numeric, p_orders::numeric),
        ('average_order_value', 2, net / nullif(orders, 0), p_net / nullif(p_orders, 0)),
        ('units', 0, units::numeric, p_units::numeric),
        ('customers', 0, customers::numeric, p_customers::numeric),
        ('gross_margin_pct', 2, (net - cogs) * 100 / nullif(net, 0), (p_net - p_cogs) * 100 / nullif(p_net, 0)),
        ('discount_rate', 2, disc * 100 / nullif(gross, 0), p_disc * 100 / nullif(p_gross, 0))
      ) as x(metric, decimals, cur, prev)
     order by position`,
  );
  // Pivot the long rows into one row per store, as the tool shapes them.
  const rows = new Map<number, Row>();
  for (const r of long) {
    const row: Row = rows.get(r.position) ?? { store: r.store, region: r.region, rank_in_region: r.rank_in_region };
    const m = HEADLINE.find((x) => x.name === r.metric)!;
    row[m.name] = r.cur;
    row[`${m.name}_previous`] = r.prev;
    row[`${m.name}_change`] = r.change;
    if (!m.percent) row[`${m.name}_change_pct`] = r.change_pct;
    rows.set(r.position, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

const TOP_BY = { revenue: 'net_revenue', units: 'units', margin: 'gross_margin' } as const;

/** Top products by a metric: ties by SKU, product name, category, as the tool orders them. */
async function expectedTopProducts(storeIds: number[], range: Range, by: keyof typeof TOP_BY, limit: number, category?: string): Promise<Row[]> {
  const rows = await h.admin.begin(
    (tx) => tx`
    with t as (
      select p.sku, p.product_name as product, c.category_name as category,
             round(sum(oi.total_amount), 2) as net_revenue, sum(oi.quantity) as units,
             round(sum(oi.total_amount) - sum(oi.quantity * p.cost), 2) as gross_margin
        from retail.orders o
        join retail.order_items oi on oi.order_id = o.order_id
        join retail.products p on p.product_id = oi.product_id
        join retail.categories c on c.category_id = p.category_id
       where o.order_date between ${range.from}::date and ${range.to}::date
         and o.store_id = any(${storeIds}::int[])
         and (${category ?? null}::text is null or lower(c.category_name) = lower(${category ?? null}::text))
       group by p.sku, p.product_name, c.category_name)
    select t.sku, t.product, t.category, t.net_revenue::text as net_revenue, t.units::text as units, t.gross_margin::text as gross_margin
      from t
     order by (case ${TOP_BY[by]}::text when 'net_revenue' then t.net_revenue when 'units' then t.units when 'gross_margin' then t.gross_margin end) desc,
              t.sku, t.product, t.category
     limit ${limit}`,
  );
  return [...rows];
}

/**
 * Inventory rows below their reorder point or with fewer than `cover` days of cover, where days of
 * cover = stock ÷ (units of the 28 days before today ÷ 28); lowest cover first (empty last).
 */
async function expectedInventoryAlerts(storeIds: number[], cover: number): Promise<Row[]> {
  const rows = await h.admin.begin(
    (tx) => tx`
    with recent as (
      select oi.store_id, oi.product_id, sum(oi.quantity) as units
        from retail.order_items oi join retail.orders o on o.order_id = oi.order_id
       where o.order_date between ${RECENT.from}::date and ${RECENT.to}::date and oi.store_id = any(${storeIds}::int[])
       group by 1, 2),
    inv as (
      select s.store_name as store, p.sku, p.product_name as product, i.stock_level as stock, i.reorder_point as rp,
             coalesce(recent.units, 0) as units, i.stock_level / nullif(coalesce(recent.units, 0) / 28.0, 0) as cover
        from retail.inventory i
        join retail.stores s on s.store_id = i.store_id
        join retail.products p on p.product_id = i.product_id
        left join recent on recent.store_id = i.store_id and recent.product_id = i.product_id
       where i.store_id = any(${storeIds}::int[]))
    select store, sku, product, stock::text as stock_on_hand, rp::text as reorder_point, units::text as units_last_28_days,
           round(cover, 1)::text as days_of_cover,
           greatest(0, greatest(units, 2 * rp) - stock)::int as suggested_reorder,
           concat_ws('; ',
             case when stock < rp then format('below reorder point (%s < %s)', stock, rp) end,
             case when cover < ${cover} then format('%s days of cover (< %s)', round(cover, 1), ${cover}::int) end) as reason
      from inv
     where stock < rp or cover < ${cover}
     order by round(cover, 1) asc nulls last, store, sku, product`,
  );
  return [...rows];
}

const COMPARED = { net_revenue: 2, units: 0, gross_margin_pct: 2 } as const;

/** A metric per store, ranked, with the average over the given stores of each region (2 places) and the difference from it. */
async function expectedCompareStores(storeIds: number[], range: Range, metric: keyof typeof COMPARED = 'net_revenue'): Promise<Row[]> {
  const rows = await h.admin.begin(
    (tx) => tx`
    with t as (
      select s.store_name as store, r.region_name as region,
             round(case ${metric}::text
                     when 'net_revenue' then sum(oi.total_amount)
                     when 'units' then sum(oi.quantity)
                     when 'gross_margin_pct' then (sum(oi.total_amount) - sum(oi.quantity * p.cost)) * 100 / nullif(sum(oi.total_amount), 0)
                   end, ${COMPARED[metric]}::int) as v
        from retail.orders o
        join retail.order_items oi on oi.order_id = o.order_id
        join retail.products p on p.product_id = oi.product_id
        join retail.stores s on s.store_id = o.store_id
        join retail.regions r on r.region_id = s.region_id
       where o.order_date between ${range.from}::date and ${range.to}::date and o.store_id = any(${storeIds}::int[])
       group by 1, 2),
    a as (select *, avg(v) over (partition by region) as region_avg from t)
    select row_number() over (order by v desc, store, region)::int as rank, store, region, v::text as value,
           round(region_avg, 2)::text as region_average,
           round((v - region_avg) * 100 / nullif(region_avg, 0), 1)::text as vs_region_average_pct
      from a order by rank`,
  );
  return rows.map(({ value, ...r }) => ({ ...r, [metric]: value }));
}

/** Net revenue by month; with `prev`, the same months a year earlier beside them. */
async function expectedMonthlyRevenue(storeIds: number[], cur: Range, prev?: Range): Promise<Row[]> {
  const rows = await h.admin.begin(
    (tx) => tx`
    with cur as (
      select to_char(o.order_date, 'YYYY-MM') as month, sum(oi.total_amount) as net
        from retail.orders o join retail.order_items oi on oi.order_id = o.order_id
       where o.order_date between ${cur.from}::date and ${cur.to}::date and o.store_id = any(${storeIds}::int[])
       group by 1),
    prev as (
      select to_char(o.order_date + interval '1 year', 'YYYY-MM') as month, sum(oi.total_amount) as net
        from retail.orders o join retail.order_items oi on oi.order_id = o.order_id
       where ${prev?.from ?? null}::date is not null
         and o.order_date between ${prev?.from ?? null}::date and ${prev?.to ?? null}::date and o.store_id = any(${storeIds}::int[])
       group by 1)
    select month, round(coalesce(cur.net, 0), 2)::text as net_revenue, round(coalesce(prev.net, 0), 2)::text as net_revenue_previous,
           round(coalesce(cur.net, 0) - coalesce(prev.net, 0), 2)::text as net_revenue_change,
           round((coalesce(cur.net, 0) - coalesce(prev.net, 0)) * 100.0 / nullif(coalesce(prev.net, 0), 0), 1)::text as net_revenue_change_pct
      from cur full join prev using (month)
     order by month`,
  );
  return rows.map((r) => (prev ? { ...r } : { month: r.month, net_revenue: r.net_revenue }));
}

/** Gross margin % by category and month. */
async function expectedMarginByCategoryMonth(storeIds: number[], range: Range): Promise<Row[]> {
  const rows = await h.admin.begin(
    (tx) => tx`
    select c.category_name as category, to_char(o.order_date, 'YYYY-MM') as month,
           round((sum(oi.total_amount) - sum(oi.quantity * p.cost)) * 100 / nullif(sum(oi.total_amount), 0), 2)::text as gross_margin_pct
      from retail.orders o
      join retail.order_items oi on oi.order_id = o.order_id
      join retail.products p on p.product_id = oi.product_id
      join retail.categories c on c.category_id = p.category_id
     where o.order_date between ${range.from}::date and ${range.to}::date and o.store_id = any(${storeIds}::int[])
     group by 1, 2
     order by 1, 2`,
  );
  return [...rows];
}

// ---------------------------------------------------------------------------------------------

describe('get_store_performance equals hand-written SQL, to the cent', () => {
  it.each(ROLES)('last month vs last year, ranked in region (%s)', async (role) => {
    const user = userOf(role);
    const expected = await expectedStorePerformance(user.store_ids, OCTOBER, OCTOBER_2025);
    await asUser(user, async (call) => {
      const r = await ok(call, 'get_store_performance');
      expect(r.structured.period).toEqual(OCTOBER);
      expect(r.structured.comparison).toEqual({ kind: 'last_year', ...OCTOBER_2025 });
      expect(r.structured.rows).toEqual(expected);
      // One row per visible store (every one of them sold in October 2026).
      expect(r.structured.rows.map((x: Row) => x.store).sort()).toEqual(storeNamesOf(user.store_ids).sort());
      expect(r.structured.truncated).toBe(false);

      // Named, by name and by id: that row alone, with the rank it has among all the caller's stores.
      const last = expected.at(-1)!;
      const id = stores.find((s) => s.store_name === last.store)!.store_id;
      for (const store of [last.store, String(last.store).toUpperCase(), String(id)]) {
        const one = await ok(call, 'get_store_performance', { store });
        expect(one.structured.rows).toEqual([last]);
      }
    });
  });

  it('a store manager gets exactly their store, ranked first', async () => {
    const user = users.storeManagers[0]!;
    await asUser(user, async (call) => {
      const r = await ok(call, 'get_store_performance');
      expect(r.structured.rows).toHaveLength(1);
      expect(r.structured.rows[0].store).toBe(storeNamesOf(user.store_ids)[0]);
      expect(r.structured.rows[0].rank_in_region).toBe(1);
    });
  });

  it('a store that had no sales a year ago compares with zero (empty ratios)', async () => {
    // The store opened in March 2026: head office sees it with nothing to compare with.
    const expected = await expectedStorePerformance(users.allStoreIds, OCTOBER, OCTOBER_2025);
    const fresh = expected.find((x) => x.orders_previous === '0');
    expect(fresh, 'the seed has a store opened within the last year').toBeDefined();
    expect(fresh!.average_order_value_previous).toBeNull();
    await asUser(users.headOffice, async (call) => {
      const r = await ok(call, 'get_store_performance', { store: fresh!.store });
      expect(r.structured.rows).toEqual([fresh]);
    });
  });
});

describe('a comparison without a time dimension (query_metrics)', () => {
  it('totals with no dimension, against last year, equal the sum over the stores (a regional manager)', async () => {
    const user = users.regionalManagers[0]!;
    const perStore = await expectedStorePerformance(user.store_ids, OCTOBER, OCTOBER_2025);
    const cents = (key: string) => perStore.reduce((sum, x) => sum + BigInt(String(x[key]).replace('.', '')), 0n);
    const money = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
    await asUser(user, async (call) => {
      const r = await ok(call, 'query_metrics', { metrics: ['net_revenue', 'orders'], period: 'last-month', comparison: 'last_year' });
      expect(r.structured.rows).toHaveLength(1);
      expect(r.structured.rows[0]).toMatchObject({
        net_revenue: money(cents('net_revenue')),
        net_revenue_previous: money(cents('net_revenue_previous')),
        orders: String(cents('orders')),
        orders_previous: String(cents('orders_previous')),
      });
    });
  });
});

describe('get_top_products equals hand-written SQL', () => {
  it.each(ROLES)('top 10 by revenue, units and margin, last 30 days (%s)', async (role) => {
    const user = userOf(role);
    await asUser(user, async (call) => {
      for (const by of ['revenue', 'units', 'margin'] as const) {
        const r = await ok(call, 'get_top_products', { by });
        expect(r.structured.period).toEqual(LAST_30_DAYS);
        const expected = await expectedTopProducts(user.store_ids, LAST_30_DAYS, by, 10);
        expect(expected).toHaveLength(10);
        expect(r.structured.rows, by).toEqual(expected);
        expect(r.structured.truncated).toBe(true);
      }
      // The default ranks by revenue.
      const byDefault = await ok(call, 'get_top_products');
      expect(byDefault.structured.rows).toEqual(await expectedTopProducts(user.store_ids, LAST_30_DAYS, 'revenue', 10));
    });
  });

  it('one store, one category, a period and a limit (head office)', async () => {
    const store = stores.find((s) => s.store_name === 'Zava Denver LoDo')!;
    await asUser(users.headOffice, async (call) => {
      const r = await ok(call, 'get_top_products', { by: 'margin', store: store.store_name, category: 'footwear', period: 'last-quarter', limit: 5 });
      expect(r.structured.period).toEqual({ from: '2026-07-01', to: '2026-09-30' });
      expect(r.structured.rows).toEqual(await expectedTopProducts([store.store_id], { from: '2026-07-01', to: '2026-09-30' }, 'margin', 5, 'Footwear'));
      expect(r.structured.rows.length).toBeGreaterThan(0);
    });
  });
});

describe('get_inventory_alerts equals hand-written SQL', () => {
  it.each(ROLES)('below reorder point or under 7 days of cover, lowest cover first (%s)', async (role) => {
    const user = userOf(role);
    const expected = await expectedInventoryAlerts(user.store_ids, 7);
    expect(expected.length).toBeGreaterThan(0);
    await asUser(user, async (call) => {
      const all = await ok(call, 'get_inventory_alerts', { limit: 500 });
      expect(all.structured.rows).toEqual(expected.slice(0, 500));
      expect(all.structured.truncated).toBe(expected.length > 500);
      // The default: the first 50.
      const first = await ok(call, 'get_inventory_alerts');
      expect(first.structured.rows).toEqual(expected.slice(0, 50));
      expect(first.structured.truncated).toBe(expected.length > 50);
    });
  });

  it('reasons cover both conditions, and one store narrows (head office)', async () => {
    const expected = await expectedInventoryAlerts(users.allStoreIds, 7);
    expect(expected.some((x) => String(x.reason).includes('; '))).toBe(true);
    expect(expected.some((x) => String(x.reason).startsWith('below reorder point') && !String(x.reason).includes('days of cover'))).toBe(true);
    const store = stores.find((s) => s.store_name === 'Zava Online')!;
    const inStore = await expectedInventoryAlerts([store.store_id], 7);
    await asUser(users.headOffice, async (call) => {
      const r = await ok(call, 'get_inventory_alerts', { store: store.store_name, limit: 500 });
      expect(r.structured.rows).toEqual(inStore);
      const wider = await ok(call, 'get_inventory_alerts', { store: String(store.store_id), max_days_of_cover: 30, limit: 500 });
      expect(wider.structured.rows).toEqual((await expectedInventoryAlerts([store.store_id], 30)).slice(0, 500));
    });
  });
});

describe('compare_stores equals hand-written SQL', () => {
  it.each(ROLES)('net revenue ranked, with the region average over your stores (%s)', async (role) => {
    const user = userOf(role);
    const expected = await expectedCompareStores(user.store_ids, LAST_30_DAYS);
    await asUser(user, async (call) => {
      const r = await ok(call, 'compare_stores', { metric: 'net_revenue' });
      expect(r.structured.period).toEqual(LAST_30_DAYS);
      expect(r.structured.rows).toEqual(expected);
      expect(r.structured.rows).toHaveLength(user.store_ids.length);
    });
  });

  it('every month of the seed, and units and margin %, to the cent (head office)', async () => {
    // Region averages that end in half a cent must round as PostgreSQL's round() does.
    await asUser(users.headOffice, async (call) => {
      for (let i = 0; i < 24; i++) {
        const first = new Date(Date.UTC(2024, 10 + i, 1));
        const month = first.toISOString().slice(0, 7);
        const range = { from: `${month}-01`, to: new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).toISOString().slice(0, 10) };
        const r = await ok(call, 'compare_stores', { metric: 'net_revenue', period: month });
        expect(r.structured.rows, month).toEqual(await expectedCompareStores(users.allStoreIds, range));
      }
      for (const metric of ['units', 'gross_margin_pct'] as const) {
        const r = await ok(call, 'compare_stores', { metric, period: 'last-month' });
        expect(r.structured.rows, metric).toEqual(await expectedCompareStores(users.allStoreIds, OCTOBER, metric));
      }
    });
  });
});

describe('get_sales_trend equals hand-written SQL', () => {
  it.each(ROLES)('net revenue by month over the last 12 months, alone and against last year (%s)', async (role) => {
    const user = userOf(role);
    await asUser(user, async (call) => {
      const r = await ok(call, 'get_sales_trend', { metric: 'net_revenue' });
      expect(r.structured.period).toEqual(LAST_12_MONTHS);
      const expected = await expectedMonthlyRevenue(user.store_ids, LAST_12_MONTHS);
      expect(expected).toHaveLength(12);
      expect(r.structured.rows).toEqual(expected);

      const vs = await ok(call, 'get_sales_trend', { metric: 'net_revenue', grain: 'month', comparison: 'last_year' });
      expect(vs.structured.comparison).toEqual({ kind: 'last_year', ...LAST_12_MONTHS_BEFORE });
      const expectedVs = await expectedMonthlyRevenue(user.store_ids, LAST_12_MONTHS, LAST_12_MONTHS_BEFORE);
      expect(expectedVs).toHaveLength(12);
      expect(vs.structured.rows).toEqual(expectedVs);
    });
  });
});

describe('query_metrics: margin % by category by month equals hand-written SQL', () => {
  it.each(['head office', 'a store manager'] as const)('last 3 months (%s)', async (role) => {
    const user = userOf(role);
    await asUser(user, async (call) => {
      const r = await ok(call, 'query_metrics', { metrics: ['gross_margin_pct'], group_by: ['category', 'month'], period: 'last-3-months', limit: 1000 });
      expect(r.structured.period).toEqual(LAST_3_MONTHS);
      const expected = await expectedMarginByCategoryMonth(user.store_ids, LAST_3_MONTHS);
      expect(expected.length).toBeGreaterThan(3);
      expect(r.structured.rows).toEqual(expected);
    });
  });
});

// ---------------------------------------------------------------------------------------------

/** The message with every quoted value replaced, so messages about different values compare. */
const shape = (message: string) => message.replace(/"[^"]*"/g, '"…"');

describe('scope: only the caller’s stores and regions', () => {
  it('a store manager: another store, a store that does not exist and another store’s id are refused alike', async () => {
    const user = users.storeManagers[0]!;
    const own = stores.find((s) => s.store_id === user.store_ids[0])!;
    const other = stores.find((s) => s.store_id !== own.store_id && s.region === own.region)!;
    const candidates = [other.store_name, 'Zava Atlantis Harbour', String(other.store_id)];
    const calls: [string, (store: string) => Row][] = [
      ['get_store_performance', (store) => ({ store })],
      ['get_top_products', (store) => ({ store })],
      ['get_inventory_alerts', (store) => ({ store })],
      ['get_sales_trend', (store) => ({ metric: 'net_revenue', store })],
      ['query_metrics', (store) => ({ metrics: ['net_revenue'], filters: { store: [store] } })],
    ];
    await asUser(user, async (call) => {
      const shapes = new Set<string>();
      for (const [tool, args] of calls) {
        for (const store of candidates) {
          const r = await call(tool, args(store));
          expect(r.isError, `${tool} ${store}`).toBe(true);
          expect(r.error, `${tool} ${store}`).toMatchObject({ code: 'FORBIDDEN', retryable: false });
          expect(r.error!.message.toLowerCase()).toContain(`"${store.toLowerCase()}"`);
          expect(r.error!.message).not.toMatch(/exist|unknown|not found/i);
          shapes.add(shape(r.error!.message));
        }
      }
      expect([...shapes]).toHaveLength(1);
      // Their own store, by name in any case or by id, is answered.
      for (const store of [own.store_name.toLowerCase(), String(own.store_id)]) {
        const r = await ok(call, 'get_store_performance', { store });
        expect(r.structured.rows.map((x: Row) => x.store)).toEqual([own.store_name]);
      }
    });
  });

  it('a regional manager: a store or region of another region is FORBIDDEN; their own region is answered', async () => {
    const user = users.regionalManagers[0]!;
    const mine = stores.find((s) => s.store_id === user.store_ids[0])!;
    const elsewhere = stores.find((s) => s.region !== mine.region)!;
    await asUser(user, async (call) => {
      for (const [tool, args] of [
        ['get_store_performance', { store: elsewhere.store_name }],
        ['get_store_performance', { store: String(elsewhere.store_id) }],
        ['get_top_products', { store: elsewhere.store_name }],
        ['get_inventory_alerts', { store: elsewhere.store_name }],
        ['get_sales_trend', { metric: 'net_revenue', store: elsewhere.store_name }],
        ['get_sales_trend', { metric: 'net_revenue', region: elsewhere.region }],
        ['query_metrics', { metrics: ['net_revenue'], filters: { region: [elsewhere.region] } }],
        ['query_metrics', { metrics: ['net_revenue'], filters: { region: [mine.region, elsewhere.region] } }],
        ['query_metrics', { metrics: ['net_revenue'], filters: { store: [mine.store_name, elsewhere.store_name] } }],
      ] as [string, Row][]) {
        const r = await call(tool, args);
        expect(r.error, `${tool} ${JSON.stringify(args)}`).toMatchObject({ code: 'FORBIDDEN' });
      }
      const r = await ok(call, 'query_metrics', {
        metrics: ['net_revenue'],
        group_by: ['store'],
        filters: { region: [mine.region.toUpperCase()] },
        limit: 100,
      });
      expect(r.structured.rows.map((x: Row) => x.store).sort()).toEqual(storeNamesOf(user.store_ids).sort());
    });
  });

  it('head office may name any store and region', async () => {
    await asUser(users.headOffice, async (call) => {
      for (const s of [stores[0]!, stores.at(-1)!, stores.find((x) => x.region !== stores[0]!.region)!]) {
        const perf = await ok(call, 'get_store_performance', { store: s.store_name });
        expect(perf.structured.rows.map((x: Row) => x.store)).toEqual([s.store_name]);
        await ok(call, 'get_top_products', { store: String(s.store_id) });
        const trend = await ok(call, 'get_sales_trend', { metric: 'orders', region: s.region });
        expect(trend.structured.rows).toHaveLength(12);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------

const DROP = `x'); drop table retail.orders; --`;
const SEMI = 'net_revenue; select 1';
const TAUTOLOGY = `last-30-days' or '1'='1`;
const HOSTILE = [DROP, SEMI, TAUTOLOGY];

/** Hostile calls: each must fail with this code. */
const HOSTILE_CALLS: [string, Row, 'BAD_INPUT' | 'FORBIDDEN'][] = [
  // Filter values.
  ...HOSTILE.flatMap((v): [string, Row, 'BAD_INPUT' | 'FORBIDDEN'][] => [
    ['query_metrics', { metrics: ['net_revenue'], filters: { store: [v] } }, 'FORBIDDEN'],
    ['query_metrics', { metrics: ['net_revenue'], filters: { region: [v] } }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], filters: { channel: [v] } }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], filters: { category: [v] } }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], filters: { category: ['Footwear', v] } }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], filters: { product_type: [v] } }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], filters: { product: [v] } }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], filters: { [v]: ['x'] } }, 'BAD_INPUT'],
    // Period, order_by, comparison.
    ['query_metrics', { metrics: ['net_revenue'], period: v }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], group_by: ['store'], order_by: v }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], comparison: v }, 'BAD_INPUT'],
    // Curated tools' store, category, region, period.
    ['get_store_performance', { store: v }, 'FORBIDDEN'],
    ['get_store_performance', { period: v }, 'BAD_INPUT'],
    ['get_top_products', { store: v }, 'FORBIDDEN'],
    ['get_top_products', { category: v }, 'BAD_INPUT'],
    ['get_top_products', { period: v }, 'BAD_INPUT'],
    ['get_inventory_alerts', { store: v }, 'FORBIDDEN'],
    ['compare_stores', { metric: 'net_revenue', period: v }, 'BAD_INPUT'],
    ['get_sales_trend', { metric: 'net_revenue', store: v }, 'FORBIDDEN'],
    ['get_sales_trend', { metric: 'net_revenue', region: v }, 'BAD_INPUT'],
    ['get_sales_trend', { metric: 'net_revenue', category: v }, 'BAD_INPUT'],
    ['get_sales_trend', { metric: 'net_revenue', period: v }, 'BAD_INPUT'],
    // Names that are not in the catalogue.
    ['query_metrics', { metrics: [v] }, 'BAD_INPUT'],
    ['query_metrics', { metrics: ['net_revenue'], group_by: [v] }, 'BAD_INPUT'],
    ['compare_stores', { metric: v }, 'BAD_INPUT'],
    ['get_sales_trend', { metric: v }, 'BAD_INPUT'],
    ['get_sales_trend', { metric: 'net_revenue', grain: v }, 'BAD_INPUT'],
    ['get_top_products', { by: v }, 'BAD_INPUT'],
    ['get_store_performance', { comparison: v }, 'BAD_INPUT'],
  ]),
  // order_by: a valid column followed by more than a direction.
  ['query_metrics', { metrics: ['net_revenue'], group_by: ['store'], order_by: 'net_revenue desc; drop table retail.orders' }, 'BAD_INPUT'],
  ['query_metrics', { metrics: ['net_revenue'], group_by: ['store'], order_by: 'net_revenue desc ; drop table retail.orders' }, 'BAD_INPUT'],
  ['query_metrics', { metrics: ['net_revenue'], group_by: ['store'], order_by: 'net_revenue asc --' }, 'BAD_INPUT'],
  ['query_metrics', { metrics: ['net_revenue'], group_by: ['store'], order_by: 'store, (select 1)' }, 'BAD_INPUT'],
  // Unknown metric and dimension names.
  ['query_metrics', { metrics: ['revenue'] }, 'BAD_INPUT'],
  ['query_metrics', { metrics: ['net_revenue'], group_by: ['shop'] }, 'BAD_INPUT'],
  ['compare_stores', { metric: 'revenue' }, 'BAD_INPUT'],
  ['get_sales_trend', { metric: 'turnover' }, 'BAD_INPUT'],
  // Over-long strings.
  ['get_store_performance', { store: 's'.repeat(201) }, 'BAD_INPUT'],
  ['get_top_products', { category: 'c'.repeat(201) }, 'BAD_INPUT'],
  ['query_metrics', { metrics: ['net_revenue'], filters: { category: ['c'.repeat(201)] } }, 'BAD_INPUT'],
  ['query_metrics', { metrics: ['net_revenue'], period: `last-30-days${' '.repeat(29)}` }, 'BAD_INPUT'],
  ['query_metrics', { metrics: ['net_revenue'], group_by: ['store'], order_by: `net_revenue ${'x'.repeat(60)}` }, 'BAD_INPUT'],
  ['compare_stores', { metric: 'n'.repeat(61) }, 'BAD_INPUT'],
  // Arrays of 51 values.
  ['query_metrics', { metrics: ['net_revenue'], filters: { category: Array.from({ length: 51 }, () => 'Footwear') } }, 'BAD_INPUT'],
  ['query_metrics', { metrics: ['net_revenue'], filters: { store: Array.from({ length: 51 }, (_, i) => `Store ${i}`) } }, 'BAD_INPUT'],
  ['query_metrics', { metrics: Array.from({ length: 51 }, () => 'net_revenue') }, 'BAD_INPUT'],
  // Wrong types.
  ['query_metrics', { metrics: ['net_revenue'], limit: '1; select 1' }, 'BAD_INPUT'],
  ['get_inventory_alerts', { max_days_of_cover: '7; drop table retail.orders' }, 'BAD_INPUT'],
  ['get_top_products', { limit: 101 }, 'BAD_INPUT'],
];

/** What would show the server's SQL or a database error, once the caller's own (quoted) values are removed. */
const SQL_TEXT = /\b(select|insert|update|delete|drop|union|join|where)\b|\$\d|::|retail\.\w|--|syntax error|relation|sqlstate/i;

async function tableCounts(): Promise<Row> {
  const [row] = await h.admin.begin(
    (tx) => tx`
    select (select count(*) from retail.orders)::int as orders, (select count(*) from retail.order_items)::int as order_items,
           (select count(*) from retail.inventory)::int as inventory, (select count(*) from retail.stores)::int as stores`,
  );
  return { ...row };
}

describe('hostile values change nothing and get clear errors', () => {
  it.each(['head office', 'a store manager'] as const)('%s', async (role) => {
    const before = await tableCounts();
    await asUser(userOf(role), async (call) => {
      for (const [tool, args, code] of HOSTILE_CALLS) {
        const label = `${tool} ${JSON.stringify(args).slice(0, 160)}`;
        const r = await call(tool, args);
        expect(r.isError, `${label}: ${r.text.slice(0, 200)}`).toBe(true);
        expect(r.error, label).toMatchObject({ code, retryable: false });
        const message = r.error!.message;
        expect(message.length, label).toBeLessThan(700);
        expect(message.replace(/"[^"]*"/g, '""'), label).not.toMatch(SQL_TEXT);
      }
      // The server still answers.
      await ok(call, 'get_store_performance');
    });
    expect(await tableCounts()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe('query_metrics explain: values are bound, never in the SQL text', () => {
  it.each(['head office', 'a store manager'] as const)('%s', async (role) => {
    const user = userOf(role);
    const own = stores.find((s) => s.store_id === user.store_ids[0])!;
    await asUser(user, async (call) => {
      const r = await ok(call, 'query_metrics', {
        metrics: ['net_revenue', 'gross_margin_pct', 'units'],
        group_by: ['category', 'store', 'month'],
        filters: { store: [own.store_name], category: ['Footwear', 'Kitchen & Dining'], product_type: [], channel: ['physical', 'online'] },
        period: '2026-08-01..2026-10-31',
        comparison: 'last_year',
        order_by: 'net_revenue desc',
        limit: 37,
        explain: true,
      });
      const { sql, params } = r.structured as { sql: string; params: unknown[] };
      expect(typeof sql).toBe('string');
      expect(Array.isArray(params)).toBe(true);
      expect(r.structured.rows).toEqual([]);
      // $1..$n, each used, none beyond the parameters.
      const used = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect([...used].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 1));
      // No filter value, date, store id list or limit in the text.
      for (const value of [own.store_name, 'footwear', 'kitchen & dining', 'Kitchen', 'physical', '2026-08-01', '2026-10-31', '2025-08-01', '1 year', '37']) {
        expect(sql.toLowerCase(), value).not.toContain(value.toLowerCase());
      }
      // The only literals are the catalogue's own (date formats and channel names, which hold no value of the request).
      const catalogueLiterals = new Set(
        DIMENSIONS.flatMap((d) => [...d.columns.map((c) => c.sql), d.filterSql ?? '']).flatMap((s) => [...s.matchAll(/'[^']*'/g)].map((m) => m[0])),
      );
      for (const literal of sql.match(/'[^']*'/g) ?? []) expect(catalogueLiterals, literal).toContain(literal);
      // The values are the parameters.
      expect(params).toEqual(
        expect.arrayContaining([['footwear', 'kitchen & dining'], '2026-08-01', '2026-10-31', '2025-08-01', '2025-10-31', '1 year', 38, [own.store_id]]),
      );
    });
  });
});

describe('snapshot metrics cannot be grouped by time', () => {
  it('get_sales_trend and query_metrics refuse stock metrics over time with BAD_INPUT', async () => {
    await asUser(users.storeManagers[0]!, async (call) => {
      for (const metric of ['stock_on_hand', 'stock_value', 'items_below_reorder', 'units_last_28_days', 'days_of_cover', 'sell_through']) {
        for (const grain of ['month', 'day']) {
          const r = await call('get_sales_trend', { metric, grain });
          expect(r.error, `${metric} by ${grain}`).toMatchObject({ code: 'BAD_INPUT' });
          expect(r.error!.message).toContain(metric);
          expect(r.error!.message).toMatch(/snapshot/);
          expect(r.error!.message).toContain(grain);
        }
      }
      const q = await call('query_metrics', { metrics: ['net_revenue', 'stock_value'], group_by: ['store', 'week'] });
      expect(q.error).toMatchObject({ code: 'BAD_INPUT' });
      expect(q.error!.message).toMatch(/stock_value.*snapshot.*week/);
      // Without a time dimension they are fine.
      await ok(call, 'compare_stores', { metric: 'stock_on_hand' });
    });
  });
});
