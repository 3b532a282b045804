// The embedded database's seed path: COPY inside PGlite, in-process, in the seed's own transaction
// (seed/in-process-copy.ts), against the batched INSERTs through the socket that it replaced. Both
// load a fresh embedded database (the real engine and relay) and must hold the same rows, the same
// foreign keys (taken off for the load and put back), and working keys and sequences afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type SeedResult, seedDatabase } from '../../seed/load.js';
import { loadConfig } from '../../src/config.js';
import { createPool, type Sql } from '../../src/db/client.js';
import { openEmbeddedDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { TEST_AS_OF } from '../support/test-date.js';

const SCALE = 0.02;
const config = loadConfig({ RETAIL_MCP_DATA_DIR: tmpdir() });
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Every seeded column (derived ones, like products.search_text, included: same engine both times). */
const SEEDED: Record<string, string> = {
  regions: 'region_id, region_name',
  stores: 'store_id, store_name, region_id, city, is_online, opened_on, rls_user_id',
  app_users: 'user_id, email, display_name, role, store_id, region_id, is_active',
  categories: 'category_id, category_name',
  product_types: 'type_id, category_id, type_name',
  products: 'product_id, sku, product_name, category_id, type_id, cost, base_price, gross_margin_percent, product_description, search_text',
  customers: 'customer_id, first_name, last_name, email, phone, store_id, created_on',
  inventory: 'store_id, product_id, stock_level, reorder_point',
  orders: 'order_id, customer_id, store_id, order_date',
  order_items: 'order_item_id, order_id, store_id, product_id, quantity, unit_price, discount_percent, discount_amount, total_amount',
};

interface Loaded {
  result: SeedResult;
  lines: string[];
  digests: Record<string, string>;
  foreignKeys: string[];
  nextOrderId: number;
  orphanRefused: string;
}

async function loadFresh(copy: 'auto' | false): Promise<Loaded> {
  const dir = mkdtempSync(join(tmpdir(), 'retail-mcp-embedded-seed-'));
  const db = await openEmbeddedDatabase(dir);
  const sql: Sql = createPool({ socketPath: db.socketPath }, config, { max: 2 });
  cleanups.push(async () => {
    await sql.end({ timeout: 5 });
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrate(sql);
  const lines: string[] = [];
  const result = await seedDatabase(sql, { scale: SCALE, asOf: TEST_AS_OF, progress: false, copy, log: (l) => lines.push(l) });
  return sql.begin(async (tx) => {
    await tx`set local role retail_owner`;
    const digests: Record<string, string> = {};
    for (const [table, columns] of Object.entries(SEEDED)) {
      const [row] = await tx.unsafe(`select md5(string_agg(row(${columns})::text, '|' order by ${columns})) as digest from retail.${table}`);
      digests[table] = row!.digest as string;
    }
    const keys = await tx<{ key: string }[]>`
      select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated as key
        from pg_constraint where contype = 'f' and connamespace = 'retail'::regnamespace order by 1`;
    const [next] = await tx`select nextval(pg_get_serial_sequence('retail.orders', 'order_id'))::int as id`;
    // The keys are back on: a line for an order that does not exist is refused.
    const orphanRefused = await tx
      .savepoint(
        (sp) => sp`insert into retail.order_items (order_id, store_id, product_id, quantity, unit_price, discount_percent, discount_amount, total_amount)
                            values (999999999, 1, 1, 1, 1, 0, 0, 1)`,
      )
      .then(
        () => 'accepted',
        (err: { code?: string }) => String(err.code),
      );
    return { result, lines, digests, foreignKeys: keys.map((k) => k.key), nextOrderId: next!.id as number, orphanRefused };
  });
}

describe('embedded seed load', () => {
  it('COPY inside PGlite loads exactly what the batched INSERTs load, with every foreign key back and checked', async () => {
    const copied = await loadFresh('auto');
    const inserted = await loadFresh(false);
    expect(copied.lines[0]).toMatch(/COPY inside PGlite \(in-process\)/);
    expect(inserted.lines[0]).toMatch(/batched INSERTs/);
    expect(copied.result.counts).toEqual(inserted.result.counts);
    expect(copied.result.counts.order_items).toBeGreaterThan(1000);
    expect(copied.digests).toEqual(inserted.digests);
    expect(copied.foreignKeys.length).toBeGreaterThanOrEqual(12);
    expect(copied.foreignKeys).toEqual(inserted.foreignKeys);
    expect(copied.foreignKeys.every((k) => k.endsWith(' true'))).toBe(true);
    expect(copied.nextOrderId).toBe(copied.result.counts.orders! + 1);
    expect(copied.orphanRefused).toBe('23503');
    expect(inserted.orphanRefused).toBe('23503');
  }, 120_000);
});
