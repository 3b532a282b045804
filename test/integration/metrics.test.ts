// query_metrics against independent, hand-written SQL run as the owner with an explicit store list:
// every metric, for each role, to the cent. Then the compiler's guarantees: comparisons line up,
// filters only narrow (a store outside the scope is FORBIDDEN), hostile values change nothing, and
// explain shows SQL whose values are all bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/cli/user-directory.js';
import { DIMENSIONS, METRICS } from '../../src/metrics/catalogue.js';
import { loadTestUsers, type TestUsers } from '../support/fixtures.js';
import { type Harness, openHarness, setup } from '../support/harness.js';

let h: Harness;
let users: TestUsers;
beforeAll(async () => {
  h = await openHarness();
  users = await loadTestUsers(h.admin);
});
afterAll(() => h?.close());

// TEST_AS_OF is 2026-11-01: last-month is October 2026, and last year's is October 2025.
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
const OCTOBER_2025 = { from: '2025-10-01', to: '2025-10-31' };

/** Every sales metric per store over a period, written by hand from the column meanings. */
async function expectedSales(storeIds: number[], range: { from: string; to: string }) {
  return h.admin.begin(
    (tx) => tx`
    with t as (
      select s.store_name as store,
             sum(oi.quantity * oi.unit_price) as gross, sum(oi.discount_amount) as disc, sum(oi.total_amount) as net,
             sum(oi.quantity) as units, count(distinct o.order_id) as orders, count(distinct o.customer_id) as customers,
             sum(oi.quantity * p.cost) as cogs
        from retail.orders o
        join retail.order_items oi on oi.order_id = o.order_id
        join retail.products p on p.product_id = oi.product_id
        join retail.stores s on s.store_id = o.store_id
       where o.order_date >= ${range.from}::date and o.order_date <= ${range.to}::date and o.store_id = any(${storeIds}::int[])
       group by s.store_name)
    select store, round(gross, 2)::text as gross_sales, round(disc, 2)::text as discount_amount, round(net, 2)::text as net_revenue,
           round(disc * 100 / gross, 2)::text as discount_rate, units::text, orders::text,
           round(net / orders, 2)::text as average_order_value, round(units::numeric / orders, 2)::text as units_per_order,
           customers::text, round(net / customers, 2)::text as revenue_per_customer, round(cogs, 2)::text as cost_of_goods,
           round(net - cogs, 2)::text as gross_margin, round((net - cogs) * 100 / net, 2)::text as gross_margin_pct
      from t order by store`,
  );
}

/** Every stock metric per store, by hand; days of cover over the 28 days before 2026-11-01. */
async function expectedStock(storeIds: number[]) {
  return h.admin.begin(
    (tx) => tx`
    with stock as (
      select i.store_id, sum(i.stock_level) as on_hand, sum(i.stock_level * p.cost) as value, sum(i.reorder_point) as reorder,
             count(*) filter (where i.stock_level < i.reorder_point) as below
        from retail.inventory i join retail.products p on p.product_id = i.product_id
       where i.store_id = any(${storeIds}::int[]) group by i.store_id),
    recent as (
      select store_id, sum(quantity) as units from retail.order_items oi join retail.orders o using (order_id, store_id)
       where o.order_date between '2026-10-04' and '2026-10-31' group by store_id),
    period as (
      select store_id, sum(quantity) as units from retail.order_items oi join retail.orders o using (order_id, store_id)
       where o.order_date between '2026-10-01' and '2026-10-31' group by store_id)
    select s.store_name as store, on_hand::text as stock_on_hand, round(value, 2)::text as stock_value, reorder::text as reorder_point,
           below::text as items_below_reorder, coalesce(recent.units, 0)::text as units_last_28_days,
           round(on_hand / (recent.units / 28.0), 1)::text as days_of_cover,
           round(period.units * 100.0 / (period.units + on_hand), 2)::text as sell_through
      from stock join retail.stores s using (store_id) left join recent using (store_id) left join period using (store_id)
     order by s.store_name`,
  );
}

const SALES_METRICS = METRICS.filter((m) => m.kind === 'derived' || m.fact === 'sales')
  .map((m) => m.name)
  .filter((n) => !['days_of_cover', 'sell_through'].includes(n));
const STOCK_METRICS = ['stock_on_hand', 'stock_value', 'reorder_point', 'items_below_reorder', 'units_last_28_days', 'days_of_cover', 'sell_through'];

const roles = (): [string, UserRow][] => [
  ['head office', users.headOffice],
  ['a regional manager', users.regionalManagers[0]!],
  ['a store manager', users.storeManagers[0]!],
];

describe('query_metrics equals hand-written SQL, to the cent', () => {
  it('covers every metric of the catalogue', () => {
    expect([...SALES_METRICS, ...STOCK_METRICS].sort()).toEqual(METRICS.map((m) => m.name).sort());
  });

  it.each([0, 1, 2])('every sales metric by store, last month (role %i)', async (i) => {
    const [, user] = roles()[i]!;
    const s = await setup(h, user.user_id);
    try {
      const r = await s.callTool('query_metrics', { metrics: SALES_METRICS, group_by: ['store'], period: 'last-month', limit: 1000 });
      expect(r.isError, r.text).toBe(false);
      expect(r.structured.period).toEqual(OCTOBER);
      expect(r.structured.rows).toEqual(await expectedSales(user.store_ids, OCTOBER));
      expect(r.structured.rows.length).toBe(user.store_ids.length);
    } finally {
      await s.close();
    }
  });

  it.each([0, 1, 2])('every stock metric by store, with last month for sell-through (role %i)', async (i) => {
    const [, user] = roles()[i]!;
    const s = await setup(h, user.user_id);
    try {
      const r = await s.callTool('query_metrics', { metrics: STOCK_METRICS, group_by: ['store'], period: 'last-month', limit: 1000 });
      expect(r.isError, r.text).toBe(false);
      expect(r.structured.rows).toEqual(await expectedStock(user.store_ids));
    } finally {
      await s.close();
    }
  });

  it('the same period last year lines up month by month, with changes', async () => {
    const user = users.regionalManagers[0]!;
    const s = await setup(h, user.user_id);
    try {
      const r = await s.callTool('query_metrics', {
        metrics: ['net_revenue', 'gross_margin_pct'],
        group_by: ['month'],
        period: 'last-month',
        comparison: 'last_year',
      });
      expect(r.isError, r.text).toBe(false);
      expect(r.structured.comparison).toEqual({ kind: 'last_year', ...OCTOBER_2025 });
      const now = await expectedSales(user.store_ids, OCTOBER);
      const then = await expectedSales(user.store_ids, OCTOBER_2025);
      const total = (rows: Record<string, string>[]) => rows.reduce((sum, x) => sum + Math.round(Number(x.net_revenue) * 100), 0) / 100;
      const [row] = r.structured.rows;
      expect(r.structured.rows).toHaveLength(1);
      expect(row.month).toBe('2026-10');
      expect(Number(row.net_revenue)).toBeCloseTo(total(now), 2);
      expect(Number(row.net_revenue_previous)).toBeCloseTo(total(then), 2);
      expect(Number(row.net_revenue_change)).toBeCloseTo(total(now) - total(then), 2);
      expect(Number(row.net_revenue_change_pct)).toBeCloseTo(((total(now) - total(then)) * 100) / total(then), 1);
      expect(row).toHaveProperty('gross_margin_pct_change');
      expect(row).not.toHaveProperty('gross_margin_pct_change_pct');
    } finally {
      await s.close();
    }
  });
});

/**
 * What each dimension shows, written by hand from the column meanings: the compiler groups by a key
 * (an id, a truncated date) where it has one, and must give exactly these groups.
 */
const DIMENSION_BY_HAND: Record<string, string[]> = {
  store: ['s.store_name as store'],
  region: ['r.region_name as region'],
  channel: ["case when s.is_online then 'online' else 'physical' end as channel"],
  category: ['c.category_name as category'],
  product_type: ['t.type_name as product_type'],
  product: ['p.sku as sku', 'p.product_name as product'],
  day: ["to_char(o.order_date, 'YYYY-MM-DD') as day"],
  week: [`to_char(o.order_date, 'IYYY-"W"IW') as week`],
  month: ["to_char(o.order_date, 'YYYY-MM') as month"],
  quarter: [`to_char(o.order_date, 'YYYY-"Q"Q') as quarter`],
  year: ["to_char(o.order_date, 'YYYY') as year"],
  weekday: ["to_char(o.order_date, 'ID Dy') as weekday"],
};
const LAST_12_MONTHS = { from: '2025-11-01', to: '2026-10-31' };

/** Net revenue and units over the period, grouped by one dimension as written above. */
async function expectedByDimension(dimension: string, storeIds: number[], range: { from: string; to: string }) {
  const columns = DIMENSION_BY_HAND[dimension]!;
  const positions = columns.map((_, i) => i + 1).join(', ');
  return h.admin.begin((tx) =>
    tx.unsafe(
      `select ${columns.join(', ')}, round(sum(oi.total_amount), 2)::text as net_revenue, sum(oi.quantity)::text as units
         from retail.orders o
         join retail.order_items oi on oi.order_id = o.order_id
         join retail.products p on p.product_id = oi.product_id
         join retail.categories c on c.category_id = p.category_id
         join retail.product_types t on t.type_id = p.type_id
         join retail.stores s on s.store_id = o.store_id
         join retail.regions r on r.region_id = s.region_id
        where o.order_date between $1::date and $2::date and o.store_id = any($3::int[])
        group by ${positions}
        order by ${positions}`,
      [range.from, range.to, storeIds],
    ),
  );
}

describe('query_metrics groups by every dimension as hand-written SQL does', () => {
  it('covers every dimension of the catalogue', () => {
    expect(Object.keys(DIMENSION_BY_HAND).sort()).toEqual(DIMENSIONS.map((d) => d.name).sort());
  });

  // Products over a month: a year of every product is more groups than one answer holds.
  it.each(Object.keys(DIMENSION_BY_HAND))('by %s, for head office and a store manager', async (dimension) => {
    const [period, range] = dimension === 'product' ? ['last-month', OCTOBER] : ['last-12-months', LAST_12_MONTHS];
    for (const user of [users.headOffice, users.storeManagers[0]!]) {
      const s = await setup(h, user.user_id);
      try {
        const r = await s.callTool('query_metrics', { metrics: ['net_revenue', 'units'], group_by: [dimension], period, limit: 1000 });
        expect(r.isError, r.text).toBe(false);
        expect(r.structured.period).toEqual(range);
        expect(r.structured.truncated, `${dimension}: more groups than one answer holds`).toBe(false);
        const expected = await expectedByDimension(dimension, user.store_ids, range);
        expect(expected.length, dimension).toBeGreaterThan(0);
        expect(r.structured.rows, `${dimension} as ${user.email}`).toEqual([...expected]);
      } finally {
        await s.close();
      }
    }
  });
});

describe('the daily sales summary (retail.sales_daily_store)', () => {
  it('equals the orders and order lines it summarises, store by store and day by day', async () => {
    const diff = await h.admin.begin(
      (tx) => tx`
      with base as (
        select o.store_id, o.order_date as day, count(distinct o.order_id)::int as orders, sum(oi.quantity)::bigint as units,
               sum(oi.quantity * oi.unit_price) as gross_sales, sum(oi.discount_amount) as discount_amount,
               sum(oi.total_amount) as net_revenue, sum(oi.quantity * p.cost) as cost_of_goods
          from retail.orders o join retail.order_items oi on oi.order_id = o.order_id join retail.products p on p.product_id = oi.product_id
         group by 1, 2)
      select count(*)::int as n from (
        (select * from base except select store_id, day, orders, units, gross_sales, discount_amount, net_revenue, cost_of_goods from retail.sales_daily_store)
        union all
        (select store_id, day, orders, units, gross_sales, discount_amount, net_revenue, cost_of_goods from retail.sales_daily_store except select * from base)) d`,
    );
    expect(diff[0]!.n).toBe(0);
  });

  it('is read only through RLS: a store manager sees their store’s rows and no other', async () => {
    const manager = users.storeManagers[0]!;
    const s = await setup(h, manager.user_id);
    try {
      const r = await s.callTool('execute_sales_query', { postgresql_query: 'select distinct store_id from retail.sales_daily_store' });
      expect(r.structured.rows).toEqual([{ store_id: manager.store_ids[0] }]);
    } finally {
      await s.close();
    }
  });
});
