// Loads the generated Zava world into an empty database in one transaction as retail_owner:
// COPY FROM STDIN straight into the tables on PostgreSQL (copy-load.ts); on the embedded PGlite this
// process owns, COPY inside PGlite, in-process (in-process-copy.ts); batched INSERTs on any other
// PGlite (a COPY FROM STDIN through a socket ends PGlite's backend and wedges the whole instance, so
// it is never tried).
import type postgres from 'postgres';
import { createProgress } from '../src/cli/progress.js';
import { inProcessBulk } from '../src/db/embedded.js';
import { generateCatalogue } from './catalogue.js';
import { CUSTOMER_COLUMNS, copyWorld, INVENTORY_COLUMNS, ITEM_COLUMNS, ORDER_COLUMNS, PRODUCT_COLUMNS } from './copy-load.js';
import { copyField, type Value } from './copy-text.js';
import { deferKeysAndIndexes } from './deferred-keys.js';
import { REGIONS, STORES, storeManagerOf, USERS } from './fixtures.js';
import { copyInProcess } from './in-process-copy.js';
import { PhaseTimer } from './phases.js';
import { SEED } from './random.js';
import { checkScale, createWorld, generateCustomers, generateInventory, generateOrders, planOrders, type SeedWindow } from './world.js';

export { copyField };

export interface SeedOptions {
  /** Multiplies the number of orders only (default 1 ≈ 96k orders, ≈ 225k lines). */
  scale?: number;
  log?: (line: string) => void;
  /**
   * true: COPY, false: INSERT batches, 'auto' (default): COPY on PostgreSQL; on PGlite, COPY inside
   * PGlite (in-process) when this process owns the embedded database, else INSERT batches.
   */
  copy?: boolean | 'auto';
  /** Progress while loading orders (default true): a bar on a terminal, else a log line every few seconds. */
  progress?: boolean;
  seed?: number | string;
  /**
   * YYYY-MM-DD (default: today, UTC): the orders cover the 24 months up to the day before it.
   * Pin it for reproducible data; the default keeps "the last 30 days" meaningful.
   */
  asOf?: string;
}

export interface SeedResult {
  seeded: boolean;
  counts: Record<string, number>;
  /** The window the orders cover, when this call seeded. */
  window?: SeedWindow;
  /** Milliseconds per phase, when this call seeded. */
  phases?: Record<string, number>;
}

type Tx = postgres.TransactionSql<Record<string, unknown>>;
/** Any object; writers read only the listed columns, so extra generator fields are ignored. */
type Row = object;

/** Every table the seed writes (analyzed afterwards); rows in retail.stores mean "already seeded". */
const TABLES = [
  'stores',
  'regions',
  'app_users',
  'categories',
  'product_types',
  'products',
  'customers',
  'inventory',
  'orders',
  'order_items',
  'sales_daily_store',
];

/** Tables the seed's writes fill through triggers (migration 020), analyzed with the rest; never empty, so not in TABLES. */
const TRIGGER_KEPT = ['product_term_counts', 'product_count'];

/** Explicitly inserted serial columns whose sequences must move past the seeded ids. */
const SERIALS: [table: string, column: string][] = [
  ['regions', 'region_id'],
  ['stores', 'store_id'],
  ['categories', 'category_id'],
  ['product_types', 'type_id'],
  ['products', 'product_id'],
  ['customers', 'customer_id'],
  ['orders', 'order_id'],
  ['order_items', 'order_item_id'],
];

export async function seedDatabase(sql: postgres.Sql, options: SeedOptions = {}): Promise<SeedResult> {
  const scale = checkScale(options.scale);
  const log = options.log ?? (() => {});
  const seed = options.seed ?? SEED;
  // Before the transaction, so a bad as-of date fails even on a seeded database.
  const world = createWorld(options.asOf);
  const phases = new PhaseTimer();

  return sql.begin(async (tx) => {
    await tx`set local role retail_owner`;
    // Serialises concurrent seeders: the second one waits, then sees the first one's stores.
    await tx`lock table retail.stores in share row exclusive mode`;
    const [{ seeded }] = (await tx`select exists (select 1 from retail.stores) as seeded`) as unknown as [{ seeded: boolean }];
    if (seeded) return { seeded: false, counts: {} };
    await assertEmpty(tx);

    const auto = (options.copy ?? 'auto') === 'auto';
    const useCopy = options.copy === true || (auto && !(await isPglite(tx)));
    const bulk = !useCopy && auto ? inProcessBulk(sql) : undefined;
    const counts: Record<string, number> = {};

    const catalogue = generateCatalogue(seed);
    const customers = generateCustomers(seed, world);
    const inventory = generateInventory(catalogue, seed);
    log(`seed: loading with ${useCopy ? 'COPY' : bulk ? 'COPY inside PGlite (in-process)' : 'batched INSERTs'} (scale ${scale})`);

    // A few dozen fixture rows: plain INSERTs are quickest whichever path is used.
    for (const l of [
      { table: 'regions', columns: ['region_id', 'region_name'], rows: REGIONS },
      {
        table: 'stores',
        columns: ['store_id', 'store_name', 'region_id', 'city', 'is_online', 'opened_on', 'rls_user_id'],
        rows: STORES.map((s) => ({ ...s, rls_user_id: storeManagerOf(s.store_id).user_id })),
      },
      { table: 'app_users', columns: ['user_id', 'email', 'display_name', 'role', 'store_id', 'region_id', 'is_active'], rows: USERS },
      { table: 'categories', columns: ['category_id', 'category_name'], rows: catalogue.categories },
      { table: 'product_types', columns: ['type_id', 'category_id', 'type_name'], rows: catalogue.productTypes },
    ] satisfies Load[]) {
      await insertRows(tx, l);
      counts[l.table] = l.rows.length;
    }
    log(
      `seed: ${catalogue.products.length} products in ${catalogue.categories.length} categories, ${customers.length} customers, ${inventory.length} inventory rows`,
    );
    phases.lap('catalogue, customers, fixtures');

    const plan = planOrders(catalogue, { scale, seed, world });
    const progress = options.progress === false ? null : createProgress('seed orders', plan.totalOrders, { log });
    const months = generateOrders(catalogue, customers, { scale, seed, world });
    if (useCopy) {
      Object.assign(counts, await copyWorld(tx, { catalogue, customers, inventory, months, onMonth: (m) => progress?.tick(m.orders.length) }, phases));
      progress?.done();
    } else {
      Object.assign(counts, await loadOnPglite(tx, bulk, { catalogue, customers, inventory, months, progress }, phases));
    }

    for (const [table, column] of SERIALS) {
      await tx.unsafe(
        `select setval(pg_get_serial_sequence('retail.${table}', '${column}'), coalesce((select max(${column}) from retail.${table}), 0) + 1, false)`,
      );
    }
    await tx.unsafe(`analyze ${[...TABLES, ...TRIGGER_KEPT].map((t) => `retail.${t}`).join(', ')}`);
    phases.lap('sequences and analyze');
    const total = Object.values(phases.ms).reduce((a, b) => a + b, 0);
    log(`seed: ${counts.orders} orders, ${counts.order_items} order lines; done in ${(total / 1000).toFixed(1)}s (${phases.describe()})`);
    const { asOf, start, end } = world.window;
    log(`seeded as of ${asOf} (orders ${start} .. ${end})`);
    return { seeded: true, counts, window: world.window, phases: phases.ms };
  });
}

interface PgliteInput {
  catalogue: ReturnType<typeof generateCatalogue>;
  customers: ReturnType<typeof generateCustomers>;
  inventory: ReturnType<typeof generateInventory>;
  months: ReturnType<typeof generateOrders>;
  progress: ReturnType<typeof createProgress> | null;
}

/**
 * The PGlite paths: COPY inside PGlite when this process owns the engine, else batched INSERTs.
 * Both load month by month with the summary triggers on, orders before their lines.
 */
async function loadOnPglite(tx: Tx, bulk: ReturnType<typeof inProcessBulk>, input: PgliteInput, phases: PhaseTimer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  /** Loads tables in order (parents first). */
  const load = async (...loads: Load[]) => {
    if (bulk) await copyInProcess(bulk, loads, copyField, 'retail_owner');
    else for (const l of loads) await insertRows(tx, l);
    for (const l of loads) counts[l.table] = (counts[l.table] ?? 0) + l.rows.length;
  };
  // The in-process COPY loads the big tables without their foreign keys and secondary indexes, then
  // puts them back: each key checked once and each index built once.
  const restoreKeys = bulk ? await deferKeysAndIndexes(tx, ['customers', 'inventory', 'orders', 'order_items']) : undefined;
  await load(
    { table: 'products', columns: PRODUCT_COLUMNS, rows: input.catalogue.products },
    { table: 'customers', columns: CUSTOMER_COLUMNS, rows: input.customers },
    { table: 'inventory', columns: INVENTORY_COLUMNS, rows: input.inventory },
  );
  phases.lap('products, customers, inventory');
  counts.orders = 0;
  counts.order_items = 0;
  for (const month of input.months) {
    await load({ table: 'orders', columns: ORDER_COLUMNS, rows: month.orders }, { table: 'order_items', columns: ITEM_COLUMNS, rows: month.items });
    input.progress?.tick(month.orders.length);
  }
  input.progress?.done();
  phases.lap('orders and lines');
  await restoreKeys?.();
  phases.lap('keys and indexes');
  return counts;
}

/** A half-seeded database (stores empty, other tables not) would fail on duplicate keys: say so clearly. */
async function assertEmpty(tx: Tx): Promise<void> {
  const probes = TABLES.map((t) => `select '${t}' as name where exists (select 1 from retail.${t})`).join(' union all ');
  const filled = (await tx.unsafe(probes)) as unknown as { name: string }[];
  if (filled.length > 0) {
    throw new Error(`Cannot seed: retail.stores is empty but ${filled.map((r) => `retail.${r.name}`).join(', ')} already hold rows. Seed an empty database.`);
  }
}

async function isPglite(tx: Tx): Promise<boolean> {
  const [{ version }] = (await tx`select version() as version`) as unknown as [{ version: string }];
  return /pglite/i.test(version);
}

// ---- writers --------------------------------------------------------------------------------

interface Load {
  table: string;
  columns: readonly string[];
  rows: readonly Row[];
}

async function insertRows(tx: Tx, { table, columns, rows }: Load): Promise<void> {
  // Small batches: PGlite parses large multi-row statements slowly; 500 rows measured best there.
  const batchSize = Math.min(500, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize) as Record<string, Value>[];
    await tx`insert into ${tx(`retail.${table}`)} ${tx(batch, columns as string[])}`;
  }
}
