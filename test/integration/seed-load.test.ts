// Loads the seed into fresh databases: a private PGlite behind pglite-socket (batched INSERTs) and,
// when the suite runs on a real server, a throwaway database there (COPY). Both must hold the same data.
// The COPY load relaxes its tables for the load (seed/load-window.ts) and writes the daily summary
// itself (seed/daily-summary.ts): afterwards the schema must be exactly as migrated, and the summary
// exactly what its own rebuild function computes.

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { copyInto } from '../../seed/copy-stream.js';
import { STORES, USERS } from '../../seed/fixtures.js';
import { type SeedResult, seedDatabase } from '../../seed/load.js';
import { migrate } from '../../src/db/migrate.js';
import { TEST_AS_OF } from '../support/test-date.js';

const SCALE = 0.02;
const quiet = { onnotice: () => {} };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * A digest of the seeded columns, to compare the COPY and INSERT loaders row for row. Derived
 * columns (products.search_text, maintained by a trigger) may differ between PostgreSQL versions.
 */
const SEEDED = {
  stores: 'store_id, store_name, region_id, city, is_online, opened_on, rls_user_id',
  app_users: 'user_id, email, display_name, role, store_id, region_id, is_active',
  products: 'product_id, sku, product_name, category_id, type_id, cost, base_price, gross_margin_percent, product_description',
  customers: 'customer_id, first_name, last_name, email, phone, store_id, created_on',
  inventory: 'store_id, product_id, stock_level, reorder_point',
  orders: 'order_id, customer_id, store_id, order_date',
  order_items: 'order_item_id, order_id, store_id, product_id, quantity, unit_price, discount_percent, discount_amount, total_amount',
  sales_daily_store: 'store_id, day, orders, units, gross_sales, discount_amount, net_revenue, cost_of_goods',
};

/** Constraints, indexes, triggers (with their enabled state) and RLS flags of the retail schema. */
async function schemaShape(sql: postgres.Sql): Promise<string[]> {
  const rows = await sql<{ item: string }[]>`
    select format('%s %s %s valid=%s', conrelid::regclass, conname, pg_get_constraintdef(oid), convalidated) as item
      from pg_constraint where connamespace = 'retail'::regnamespace
    union all select indexdef from pg_indexes where schemaname = 'retail'
    union all select format('%s %s %s', tgrelid::regclass, tgname, tgenabled) from pg_trigger
     where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace = 'retail'::regnamespace)
    union all select format('%s rls=%s force=%s', relname, relrowsecurity, relforcerowsecurity) from pg_class
     where relnamespace = 'retail'::regnamespace and relkind = 'r'
    order by 1`;
  return rows.map((r) => r.item);
}

async function fingerprint(sql: postgres.Sql): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, columns] of Object.entries(SEEDED)) {
    const [row] = await sql.unsafe(`select md5(string_agg(row(${columns})::text, '|' order by ${columns})) as digest from retail.${table}`);
    out[table] = row!.digest as string;
  }
  return out;
}

async function checkLoaded(sql: postgres.Sql, result: SeedResult, lines: string[]): Promise<void> {
  expect(result.seeded).toBe(true);
  // The 24 months before the as-of date, to the day.
  expect(result.window).toEqual({ asOf: TEST_AS_OF, start: '2024-11-01', end: '2026-10-31' });
  expect(lines).toContain(`seeded as of ${TEST_AS_OF} (orders 2024-11-01 .. 2026-10-31)`);
  const [span] = await sql`select min(order_date)::text as first, max(order_date)::text as last from retail.orders`;
  expect(span).toEqual({ first: '2024-11-01', last: '2026-10-31' });
  expect(result.counts.products).toBeGreaterThanOrEqual(1000);
  expect(result.counts.orders).toBeGreaterThan(0);
  const [counts] = await sql`
    select (select count(*)::int from retail.stores) as stores, (select count(*)::int from retail.app_users) as users,
           (select count(*)::int from retail.orders) as orders, (select count(*)::int from retail.order_items) as items,
           (select count(*)::int from retail.inventory) as inventory`;
  expect(counts).toEqual({
    stores: STORES.length,
    users: USERS.length,
    orders: result.counts.orders,
    items: result.counts.order_items,
    inventory: result.counts.inventory,
  });

  const [checks] = await sql`
    select (select count(*)::int from retail.order_items where total_amount <> quantity * unit_price - discount_amount) as bad_totals,
           (select count(*)::int from retail.order_items i join retail.orders o using (order_id) where i.store_id <> o.store_id) as bad_stores,
           (select count(*)::int from retail.products where gross_margin_percent <> round((base_price - cost) / base_price * 100, 2)) as bad_margins,
           (select count(*)::int from retail.stores s join retail.app_users u on u.user_id = s.rls_user_id
             where u.role = 'store_manager' and u.store_id = s.store_id and u.is_active) as managed_stores,
           (select count(*)::int from pg_class where relnamespace = 'retail'::regnamespace and relforcerowsecurity) as forced_tables`;
  // FORCE RLS: the six store tables of migration 003 and retail.sales_daily_store (migration 012).
  expect(checks).toEqual({ bad_totals: 0, bad_stores: 0, bad_margins: 0, managed_stores: STORES.length, forced_tables: 7 });

  // Sequences continue after the explicit ids.
  const [next] = await sql`select nextval(pg_get_serial_sequence('retail.orders', 'order_id'))::int as id`;
  expect(next!.id).toBe(result.counts.orders! + 1);

  expect(await seedDatabase(sql, { scale: SCALE, asOf: TEST_AS_OF, progress: false })).toEqual({ seeded: false, counts: {} });
}

describe('seed load', () => {
  let pgliteFingerprint: Record<string, string> | undefined;

  it('loads a fresh PGlite over pglite-socket with batched INSERTs', async () => {
    const db = await PGlite.create({ extensions: { vector, pgcrypto } });
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 2 });
    await server.start();
    cleanups.push(async () => {
      await server.stop();
      await db.close();
    });
    const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    const sql = postgres({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 1, ...quiet });
    cleanups.push(() => sql.end());
    await migrate(sql);

    const lines: string[] = [];
    const result = await seedDatabase(sql, { scale: SCALE, asOf: TEST_AS_OF, progress: false, log: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/batched INSERTs/);
    await checkLoaded(sql, result, lines);
    pgliteFingerprint = await fingerprint(sql);
  });

  it.skipIf(inject('backend').kind === 'pglite')('loads a fresh database on the PostgreSQL server with COPY, identical to the INSERT load', async () => {
    const adminUrl = inject('backend').admin.url!;
    const name = `retail_seed_load_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, ...quiet });
    await admin.unsafe(`create database ${name}`);
    cleanups.push(async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const sql = postgres(url.toString(), { max: 2, ...quiet });
    cleanups.push(() => sql.end());
    await migrate(sql);
    const migrated = await schemaShape(sql);

    const lines: string[] = [];
    const result = await seedDatabase(sql, { scale: SCALE, asOf: TEST_AS_OF, progress: false, log: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/COPY/);
    expect(Object.keys(result.phases ?? {})).toContain('keys and indexes');
    await checkLoaded(sql, result, lines);
    if (pgliteFingerprint) expect(await fingerprint(sql)).toEqual(pgliteFingerprint);
    // Every key, index, trigger and FORCE RLS flag taken off for the load is back, as migrated.
    expect(await schemaShape(sql)).toEqual(migrated);

    // The summary the seed wrote is the one its rebuild function computes from the order lines.
    const summary = async () => (await fingerprint(sql)).sales_daily_store;
    const written = await summary();
    await sql`select retail.refresh_sales_daily_store()`;
    expect(await summary()).toBe(written);

    // A row the server refuses at the very end of a COPY fails the load instead of hanging it
    // (postgres.js drops that error: seed/copy-stream.ts).
    const refused = sql
      .begin(async (tx) => {
        await copyInto(tx, 'regions', ['region_id', 'region_name'], ['9001\tNorth Pole\n', '9002\tNorth Pole\n']);
      })
      .then(
        () => 'loaded',
        (err: Error) => err.message,
      );
    expect(await refused).toMatch(/COPY into retail\.regions failed/);
  });
});
